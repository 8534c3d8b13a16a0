"""The prefiltered meta-refresh middleware redirects exactly where Scrapy's own does."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.meta_refresh import PrefilteredMetaRefreshMiddleware

KOREAN = "<p>충청남도는 15일 도청 대회의실에서 회의를 열었다.</p>" * 40
PAGES = {
    "utf-8 refresh": ('<html><head><meta http-equiv="refresh" content="0; url=/moved.html"></head></html>', "utf-8"),
    "upper case": ("<HTML><HEAD><META HTTP-EQUIV='REFRESH' CONTENT='1;URL=/moved.html'></HEAD></HTML>", "utf-8"),
    "euc-kr after text": (f"<html><body>{KOREAN}<meta http-equiv=refresh content='0;url=/새.html'></body>", "euc-kr"),
    "utf-16": ('<html><head><meta http-equiv="refresh" content="0; url=/moved.html"></head></html>', "utf-16"),
    "too slow to follow": ('<meta http-equiv="refresh" content="600; url=/moved.html">', "utf-8"),
    "in a script": ('<script>var s = \'<meta http-equiv="refresh" content="0;url=/x">\';</script>', "utf-8"),
    "word only": (f"<html><body>{KOREAN}<p>refresh the page</p></body></html>", "utf-8"),
    "none": (f"<html><head><title>보도자료</title></head><body>{KOREAN}</body></html>", "euc-kr"),
    "past the scanned head": (f"<html><body>{KOREAN * 3}<meta http-equiv=refresh content='0;url=/x'>", "utf-8"),
}


def outcome(middleware: MetaRefreshMiddleware, page: str, encoding: str) -> str:
    request = Request("http://127.0.0.1:8000/press/1.html")
    headers = {"Content-Type": f"text/html; charset={encoding}"}
    response = HtmlResponse(request.url, body=page.encode(encoding), headers=headers, request=request)
    result = middleware.process_response(request, response)
    return result.url if isinstance(result, Request) else "not redirected"


@pytest.mark.parametrize("name", PAGES)
def test_redirects_exactly_where_scrapy_does(name):
    crawler = get_crawler(settings_dict={"METAREFRESH_MAXDELAY": 100})
    ours = PrefilteredMetaRefreshMiddleware.from_crawler(crawler)
    scrapys = MetaRefreshMiddleware.from_crawler(crawler)
    page, encoding = PAGES[name]
    assert outcome(ours, page, encoding) == outcome(scrapys, page, encoding)


def test_a_refresh_is_followed_and_a_plain_page_is_not():
    ours = PrefilteredMetaRefreshMiddleware.from_crawler(get_crawler())
    assert outcome(ours, *PAGES["euc-kr after text"]).endswith("/%EC%83%88.html")
    assert outcome(ours, *PAGES["none"]) == "not redirected"
