"""Article pages the spider must not store are counted by kind in the crawl summary instead."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler

from crawler.items import CrawledArticle
from crawler.sources import Source
from crawler.spiders import BoardSpider

SITE = "http://press.example.go.kr"
ARTICLE = "<p>테스트시는 다음 달 1일부터 시청 앞 광장에서 장미축제를 연다고 밝혔다. 시민 누구나 참여할 수 있다.</p>"
HEAD = "<head><meta charset='utf-8'><title>장미축제 개최</title></head>"
PAGE = f"<html>{HEAD}<body><h1>장미축제 개최</h1>{ARTICLE * 3}</body></html>"


def board_spider() -> BoardSpider:
    row = {"id": "refusal-test", "name_ko": "시험", "name_en": "Refusal test", "kind": "board"}
    pattern = r"^http://press\.example\.go\.kr/c/view/\w+\.html$"
    source = Source.model_validate({**row, "start_urls": [f"{SITE}/c/list.html"], "article_url": pattern})
    return BoardSpider.from_crawler(get_crawler(BoardSpider), source=source)


def response(url: str, body: bytes, content_type: str, **meta: Any) -> Response:
    """A response as the downloader makes it: its class chosen from the headers and body."""
    request = Request(url, meta=meta)
    headers = {"Content-Type": content_type}
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url=url, status=200, headers=headers, body=body, request=request)


def outcome(spider: BoardSpider, page: Response) -> tuple[list[Any], dict[str, Any]]:
    stored = [item for item in spider.parse_article(page) if isinstance(item, CrawledArticle)]
    errors = {k.removeprefix("pressroom/errors/"): v for k, v in spider.crawler.stats.get_stats().items()}
    return stored, errors


def test_binary_files_at_article_urls_are_not_html_and_not_stored():
    spider = board_spider()
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    octets = bytes((i * 7919) % 256 for i in range(20000))
    for body, kind in ((png, "image/png"), (octets, "application/octet-stream")):
        stored, _ = outcome(spider, response(f"{SITE}/c/view/image.html", body, kind))
        assert stored == []
    assert outcome(spider, response(f"{SITE}/c/view/ok.html", PAGE.encode(), "text/html"))[0]
    # HTML sent as a binary type is sniffed as HTML, and stays an article.
    stored, errors = outcome(spider, response(f"{SITE}/c/view/octet.html", PAGE.encode(), "application/octet-stream"))
    assert len(stored) == 1
    assert errors == {"not_html": 2}


def redirected(first: str, final: str) -> Response:
    return response(final, PAGE.encode(), "text/html; charset=utf-8", redirect_urls=[first])


def test_a_redirect_off_the_article_pattern_is_reported_and_not_stored():
    spider = board_spider()
    stored, errors = outcome(spider, redirected(f"{SITE}/c/view/gone.html", f"{SITE}/index.html"))
    assert stored == []
    assert errors == {"redirected_off_article": 1}
    # Redirects that land on the article itself are fine: another article URL, or the same page on https,
    # with "www." or a trailing slash.
    for first, final in [
        (f"{SITE}/c/view/old.html", f"{SITE}/c/view/new.html"),
        (f"{SITE}/c/view/7.html", "https://www.press.example.go.kr/c/view/7.html/"),
    ]:
        assert len(outcome(spider, redirected(first, final))[0]) == 1
    assert outcome(spider, redirected(f"{SITE}/c/view/7.html", "https://www.press.example.go.kr/"))[0] == []


PHOTO = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>[포토] 어린이날 행사</title></head><body>
<noscript><img height="1" width="1" style="display:none" src="/tr?id=1&ev=PageView&noscript=1"/></noscript>
<h1>[포토] 어린이날 행사</h1><p class="date">2024.05.05</p>
<div class="content"><p>테스트시장이 5일 시청 광장에서 열린 어린이날 기념행사에서
어린이들에게 선물을 나눠주고 있다.</p></div>
</body></html>"""
SHELL = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>테스트시청 보도자료</title></head><body>
<noscript>이 페이지는 자바스크립트를 사용합니다. 브라우저 설정에서 자바스크립트를 켜 주세요.</noscript>
<div id="app"></div><script src="/static/app.js"></script>
<footer><p>(24000) 강원특별자치도 테스트시 시청로 1 대표전화 033-000-0000 평일 09:00~18:00</p>
<p>이 누리집에 게시된 이메일 주소가 전자우편 수집 프로그램이나 그 밖의 기술적 장치를 이용하여
무단으로 수집되는 것을 거부하며 이를 위반 시 정보통신망법에 의해 형사 처벌됨을 유념하시기 바랍니다.</p>
<p>Copyright (c) 테스트시.</p></footer></body></html>"""
PLEA = "<html><head><title>보도자료</title></head><body><div id='app'><p>Please enable JavaScript.</p></div></body>"


def test_a_short_article_with_a_tracking_pixel_noscript_is_stored():
    # The pixel's <noscript> counted as a JavaScript marker and the photo release was dropped.
    spider = board_spider()
    stored, _ = outcome(spider, response(f"{SITE}/c/view/photo.html", PHOTO.encode(), "text/html"))
    assert [item.title for item in stored] == ["[포토] 어린이날 행사"]
    assert "선물을 나눠주고" in stored[0].text
    # Pages with no article, or only a plea, are still JavaScript shells, whatever their footer holds.
    for page in (SHELL, PLEA):
        assert outcome(spider, response(f"{SITE}/c/view/app.html", page.encode(), "text/html"))[0] == []
    assert spider.crawler.stats.get_stats() == {"pressroom/errors/needs_javascript": 2}


NOTICE = """<html><head><meta charset="utf-8"><title>알림</title></head><body><h1>알림</h1>
<div class="msg"><p>요청하신 게시물이 삭제되었거나 존재하지 않습니다.</p><a href="/c/list.html">목록으로</a></div>
</body></html>"""


def test_a_post_not_found_notice_answered_200_is_soft_404_and_not_stored():
    # Boards answer a deleted post with 200 and a notice; it was stored as an article titled 알림.
    spider = board_spider()
    assert outcome(spider, response(f"{SITE}/c/view/deleted.html", NOTICE.encode(), "text/html"))[0] == []
    # An article that mentions deleting something is long enough to be read as one.
    mention = (
        "<p>시는 누리집 게시판을 정비하면서 개인정보가 담긴 오래된 게시물이 삭제되었다고 밝혔다. 삭제된 게시물은"
        " 모두 1,200여 건으로, 보존 기간이 지난 민원 답변과 행사 안내문이 대부분이다.</p></body>"
    )
    deleted = PAGE.replace("</body>", mention)
    assert len(outcome(spider, response(f"{SITE}/c/view/ok.html", deleted.encode(), "text/html"))[0]) == 1
    assert spider.crawler.stats.get_stats() == {"pressroom/errors/soft_404": 1}
