"""Incremental re-crawls: conditional GET from the last capture, 304 as unchanged, fresh articles skipped.

Only URLs of documents the store already holds are treated so (the crawl job passes the predicate in
PRESSROOM_KNOWN_DOCUMENT): list pages, feeds and new articles are always fetched in full, and a store
rebuilt from scratch is never starved by an archive that remembers pages it no longer holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.archive.capture_index import CaptureIndex
from crawler.archive.timestamps import parse_age

KnownDocument = Callable[[str], bool]


class NotModified(IgnoreRequest):
    """The server answered 304: the archived capture is still the page (counted as unchanged)."""


class StillFresh(IgnoreRequest):
    """A known article captured less than PRESSROOM_REFETCH_AFTER ago: not fetched at all."""


def known_document_predicate(crawler: Crawler, index: CaptureIndex) -> KnownDocument:
    """The crawl job's predicate, else 'the archive linked this URL to a document'."""
    given = crawler.settings.get("PRESSROOM_KNOWN_DOCUMENT")
    if callable(given):
        return given  # type: ignore[no-any-return]

    def linked(url: str) -> bool:
        latest = index.latest(url)
        return bool(latest and latest.document_id)

    return linked


class ConditionalGetMiddleware:
    """Downloader middleware: If-None-Match / If-Modified-Since for known documents; 304 -> NotModified."""

    def __init__(self, index: CaptureIndex, known: KnownDocument, refetch_after: timedelta | None, crawler: Crawler):
        self.index = index
        self.known = known
        self.refetch_after = refetch_after
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        directory = crawler.settings.get("PRESSROOM_WARC_DIR")
        if not directory or not crawler.settings.getbool("PRESSROOM_CONDITIONAL_GET", True):
            raise NotConfigured("needs PRESSROOM_WARC_DIR (the capture index) and PRESSROOM_CONDITIONAL_GET")
        index = CaptureIndex(Path(directory))
        refetch_after = parse_age(crawler.settings.get("PRESSROOM_REFETCH_AFTER"))
        return cls(index, known_document_predicate(crawler, index), refetch_after, crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.method != "GET" or not self.known(request.url):
            return
        latest = self.index.latest(request.url)
        if latest is None:
            return
        if self.refetch_after and datetime.now(UTC) - latest.time < self.refetch_after:
            self._count("fresh")
            raise StillFresh(f"captured {latest.captured_at}, within PRESSROOM_REFETCH_AFTER: {request.url}")
        if latest.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = latest.etag
        if latest.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = latest.last_modified
        request.meta["pressroom_conditional"] = True

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if response.status == 304 and request.meta.get("pressroom_conditional"):
            self._count("not_modified")
            raise NotModified(f"not modified since the last capture: {request.url}")
        return response

    def _count(self, kind: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"pressroom/archive/{kind}")


class NewArticlesFirstMiddleware(BaseSpiderMiddleware):
    """Spider middleware: article links the store does not hold yet are scheduled before known ones."""

    def __init__(self, crawler: Crawler, known: KnownDocument, boost: int) -> None:
        super().__init__(crawler)
        self.known = known
        self.boost = boost

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NewArticlesFirstMiddleware:
        directory = crawler.settings.get("PRESSROOM_WARC_DIR")
        if not directory:
            raise NotConfigured("needs PRESSROOM_WARC_DIR (the capture index)")
        known = known_document_predicate(crawler, CaptureIndex(Path(directory)))
        return cls(crawler, known, crawler.settings.getint("PRESSROOM_NEW_ARTICLE_PRIORITY", 10))

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        is_article = getattr(self.crawler.spider, "is_article", None)
        if is_article and is_article(request.url) and not self.known(request.url):
            request.priority += self.boost
        return request
