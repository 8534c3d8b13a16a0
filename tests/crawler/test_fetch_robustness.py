"""Fetching real sites: retries back off, redirect loops are cut, oversize and JavaScript-only pages are
reported as error kinds in the crawl summary, never stored empty."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest
import yaml
from scrapy.exceptions import DownloadCancelledError
from twisted.python.failure import Failure

from crawler.middlewares.errors import RedirectLoop, error_kind
from crawler.middlewares.javascript import needs_javascript
from crawler.middlewares.retry import backoff_delay
from pressroom.sample_site.server import start_sample_site
from tests.conftest import FAST_CRAWL, run_pressroom

PARAGRAPH = "<p>충청남도는 15일 도청 대회의실에서 지역 농산물 유통 개선 방안을 논의하는 회의를 열었다. {n}</p>\n"
JS_ONLY = (
    b'<!doctype html><html><head><title>Press</title><script src="/static/app.js"></script></head>'
    b'<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>'
)


def article_page(title: str, paragraphs: int) -> str:
    body = "".join(PARAGRAPH.format(n=n) for n in range(paragraphs))
    head = f"<head><meta charset='utf-8'><title>{title}</title></head>"
    return f"<!doctype html><html>{head}<body><h1>{title}</h1><article>{body}</article></body></html>"


def build_site(root: Path) -> None:
    pages = root / "pages"
    pages.mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n")
    (pages / "ok.html").write_text(article_page("도 농산물 유통 개선 회의", 6), encoding="utf-8")
    (pages / "big.html").write_text(article_page("아주 긴 보도자료", 3000), encoding="utf-8")
    (pages / "js.html").write_bytes(JS_ONLY)
    links = ["/pages/ok.html", "/pages/big.html", "/pages/js.html", "/status/503", "/redirect-loop", "/redirect-bad"]
    (root / "list.html").write_text("".join(f'<a href="{link}">{link}</a>\n' for link in links))


def robustness_row(url: str) -> dict[str, object]:
    pattern = r"^https?://[^/]+/(?:status/503|redirect-loop|redirect-bad|pages/[a-z]+\.html)$"
    return source_row("robustness-test", "board", f"{url}/list.html", pattern, region="KR-44")


def source_row(source_id: str, kind: str, start_url: str, article_url: str, **extra: str) -> dict[str, object]:
    name = {"name_ko": "시험", "name_en": source_id}
    return {"id": source_id, **name, "kind": kind, "start_urls": [start_url], "article_url": article_url, **extra}


def sources_file(directory: Path, *rows: dict[str, object]) -> Path:
    path = directory / "sources.yaml"
    path.write_text(yaml.safe_dump(list(rows), allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.slow
def test_fetch_failures_are_reported_by_kind(tmp_path):
    build_site(tmp_path / "site")
    with start_sample_site("127.0.0.1", 0, root=tmp_path / "site") as site:
        times: list[tuple[float, str]] = []
        record = site.access_log.record

        def timed(method: str, path: str, status: int) -> None:
            times.append((time.monotonic(), path))
            record(method, path, status)

        site.access_log.record = timed  # type: ignore[method-assign]
        result = run_pressroom(
            "crawl",
            "--sources",
            str(sources_file(tmp_path, robustness_row(site.url))),
            "--store",
            f"sqlite:///{tmp_path / 'store.sqlite3'}",
            "--json",
            *FAST_CRAWL,
            "-s",
            "DOWNLOAD_MAXSIZE=100000",
            "-s",
            "RETRY_BACKOFF_BASE=0.4",
        )
    summary = json.loads(result.stdout)
    assert summary["new"] == 1, result.stderr
    errors = summary["errors"]
    assert errors["http_503"] == 1
    assert errors["redirect_loop"] == 1
    assert errors["bad_url"] == 1  # Location: http://[bad/x.html
    # One line per failed page: the URL the crawl asked for, and why.
    assert f"request failed (bad_url): {site.url}/redirect-bad (Invalid IPv6 URL)" in result.stderr
    assert errors["oversize"] == 1
    assert errors["needs_javascript"] == 1
    assert "empty_article" not in errors
    # 1 try + RETRY_TIMES (2) retries, each waiting longer than the one before.
    tries = [t for t, path in times if path == "/status/503"]
    assert len(tries) == 3
    gaps = [b - a for a, b in itertools.pairwise(tries)]
    assert gaps[0] >= 0.4 and gaps[1] >= 0.8, gaps
    assert [p for _, p in times].count("/redirect-loop") == 1


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_delay(n, 1.0, 5.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    assert backoff_delay(3, 0.0, 5.0) == 0.0


def test_error_kinds_name_the_failure():
    assert error_kind(Failure(RedirectLoop("a -> a"))) == "redirect_loop"
    oversize = DownloadCancelledError("Received 200000 bytes which is larger than download max size (1000)")
    assert error_kind(Failure(oversize)) == "oversize"
    assert error_kind(Failure(TimeoutError())) == "timeout"


def test_javascript_only_pages_are_detected_and_articles_are_not():
    assert needs_javascript(JS_ONLY)
    assert needs_javascript(b'<html><body><app-root></app-root><script src="main.js"></script></body></html>')
    assert not needs_javascript(article_page("제목", 6).encode())
    assert not needs_javascript(b"<html><body><p>short page without markers</p></body></html>")


def test_failures_of_sitemap_sources_are_counted_too(tmp_path):
    # Scrapy's SitemapSpider makes its requests without an errback: our spider must add one.
    build_site(tmp_path / "site")
    with start_sample_site("127.0.0.1", 0, root=tmp_path / "site") as site:
        entries = "".join(f"<url><loc>{site.url}{p}</loc></url>" for p in ("/pages/ok.html", "/status/404"))
        (tmp_path / "site" / "sitemap.xml").write_text(
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )
        sources = sources_file(
            tmp_path,
            source_row("sitemap-test", "sitemap", f"{site.url}/sitemap.xml", r"/(?:status/\d+|pages/[a-z]+\.html)$"),
            source_row("missing-sitemap", "sitemap", f"{site.url}/status/410", "/pages/"),
        )
        result = run_pressroom(
            "crawl", "--sources", str(sources), "--store", f"sqlite:///{tmp_path / 'store.sqlite3'}", "--json",
            *FAST_CRAWL,
        )  # fmt: skip
    summary = json.loads(result.stdout)
    assert summary["new"] == 1, result.stderr
    assert summary["errors"] == {"http_404": 1, "http_410": 1}


def test_a_body_inflating_past_the_max_size_is_an_oversize_error():
    import gzip

    from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from crawler.middlewares.errors import is_policy_refusal

    middleware = HttpCompressionMiddleware.from_crawler(get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 1000}))
    request = Request("http://127.0.0.1/big.html")
    response = HtmlResponse(
        request.url, body=gzip.compress(b"x" * 100_000), headers={"Content-Encoding": "gzip"}, request=request
    )
    with pytest.raises(IgnoreRequest) as raised:
        middleware.process_response(request, response)
    failure = Failure(raised.value)
    assert not is_policy_refusal(failure)
    assert error_kind(failure) == "oversize"


def test_a_failed_page_counts_once_under_its_kind():
    from pressroom.crawl_job import CrawlSummary, add_scrapy_stats

    summary = CrawlSummary()
    add_scrapy_stats(
        summary,
        {
            "downloader/response_count": 4,
            # What Scrapy itself counts: every attempt, and articles still fresh in the archive.
            "downloader/exception_type_count/scrapy.exceptions.DownloadConnectionRefusedError": 3,
            "downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError": 3,
            "downloader/exception_type_count/crawler.archive.conditional.StillFresh": 8,
            "pressroom/errors/connection_refused": 1,
            "pressroom/errors/timeout": 1,
            "spider_exceptions/count": 2,
            "spider_exceptions/error": 2,
        },
    )
    assert summary.errors == {"connection_refused": 1, "timeout": 1, "spider_error": 2}
    from scrapy.exceptions import ResponseDataLossError

    assert error_kind(Failure(ResponseDataLossError())) == "data_loss"


def test_unreadable_sitemaps_are_counted_in_one_line(tmp_path):
    # A corrupt .xml.gz raised zlib.error with a traceback; an HTML page at a sitemap URL was only logged.
    build_site(tmp_path / "site")
    (tmp_path / "site" / "corrupt.xml.gz").write_bytes(b"\x1f\x8b\x08\x00garbage-not-gzip")
    (tmp_path / "site" / "down.xml").write_text("<html><body><h1>Service temporarily unavailable</h1></body></html>")
    headers = {"/corrupt.xml.gz": {"Content-Type": "application/x-gzip"}, "/down.xml": {"Content-Type": "text/html"}}
    (tmp_path / "site" / "_headers.json").write_text(json.dumps(headers))
    with start_sample_site("127.0.0.1", 0, root=tmp_path / "site") as site:
        row = source_row("broken-sitemaps", "sitemap", f"{site.url}/corrupt.xml.gz", "/pages/")
        row["start_urls"] = [f"{site.url}/corrupt.xml.gz", f"{site.url}/down.xml"]
        result = run_pressroom(
            "crawl", "--sources", str(sources_file(tmp_path, row)), "--store", f"sqlite:///{tmp_path / 's.sqlite3'}",
            "--json", *FAST_CRAWL,
        )  # fmt: skip
    summary = json.loads(result.stdout)
    assert summary["errors"] == {"sitemap_unreadable": 1, "not_a_sitemap": 1}, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot decompress sitemap" in result.stderr
