"""WarcArchiveExtension: every downloaded response (and its request) into WARC, every article described."""

from __future__ import annotations

import logging
from http import HTTPStatus
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.utils.misc import load_object

from crawler.archive.capture_archive import DEFAULT_MAX_BYTES, CaptureArchive
from crawler.archive.forwarding import ForwardingArchive
from crawler.archive.warc_writer import HttpExchange
from crawler.items import CrawledArticle

logger = logging.getLogger(__name__)

CAPTURE_META = "pressroom_capture_id"


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    """Scrapy's bytes headers as (name, value) text pairs; latin-1 keeps every byte."""
    # dict.items: the stored (already normalised) keys and value lists, without Headers.items()' getlist()
    # re-normalising every key it has just listed.
    return [
        (name.decode("latin-1"), value.decode("latin-1")) for name, values in dict.items(headers) for value in values
    ]


def exchange_from_scrapy(request: Request, response: Response) -> HttpExchange:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return HttpExchange(
        url=response.url,
        method=request.method,
        request_headers=header_pairs(request.headers),
        status=response.status,
        reason=reason,
        response_headers=header_pairs(response.headers),
        body=response.body,
        protocol=getattr(response, "protocol", None) or "HTTP/1.1",
    )


class WarcArchiveExtension:
    """On with PRESSROOM_WARC_DIR; records responses as downloaded, before any middleware changes them.

    With PRESSROOM_ARCHIVE_FORWARD (a ForwardingArchive), the records are written by another process.
    """

    def __init__(self, archive: CaptureArchive | ForwardingArchive, document_id: Any = None) -> None:
        self.archive = archive
        self.document_id = document_id
        self.crawler: Crawler | None = None
        # The source row as JSON data, dumped once per source rather than once per article (pydantic).
        self._source_rows: dict[int, tuple[Any, dict[str, Any]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveExtension:
        directory = crawler.settings.get("PRESSROOM_WARC_DIR")
        if not directory:
            raise NotConfigured("PRESSROOM_WARC_DIR is not set")
        max_bytes = crawler.settings.getint("PRESSROOM_WARC_MAX_BYTES", DEFAULT_MAX_BYTES)
        naming = crawler.settings.get("PRESSROOM_ARCHIVE_DOCUMENT_ID")
        archive = crawler.settings.get("PRESSROOM_ARCHIVE_FORWARD") or CaptureArchive.open(Path(directory), max_bytes)
        extension = cls(archive, load_object(naming) if naming else None)
        extension.crawler = crawler
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        capture = self.archive.record(exchange_from_scrapy(request, response))
        if isinstance(capture, str):  # handed over: another process writes it, and decides revisit or not
            request.meta[CAPTURE_META] = capture
            self._count("pressroom/archive/forwarded")
            return
        request.meta[CAPTURE_META] = capture.record_id
        self._count(f"pressroom/archive/{capture.record_type}")

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        if not isinstance(item, CrawledArticle):
            return
        data = article_metadata(item, self.document_id)
        source = getattr(spider, "source", None)
        if source is not None:
            # The whole row, so a rebuild can restore a source that has since left the sources file.
            data["source"] = self._source_row(source)
        self.archive.describe(item.url, item.capture_id, data)
        self._count("pressroom/archive/metadata")

    def _source_row(self, source: Any) -> dict[str, Any]:
        cached = self._source_rows.get(id(source))
        if cached is None or cached[0] is not source:  # keyed by identity; holding the row keeps the id valid
            cached = (source, source.model_dump(mode="json", exclude_none=True))
            self._source_rows[id(source)] = cached
        return cached[1]

    def spider_closed(self, spider: Spider) -> None:
        self.archive.close()

    def _count(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


def article_metadata(item: CrawledArticle, document_id: Any = None) -> dict[str, Any]:
    """What a rebuild needs beyond the page itself: which source, which document, when, and the feed's date."""
    return {
        "document_id": document_id(item.url) if document_id else None,
        "source_id": item.source_id,
        "url": item.url,
        "capture_id": item.capture_id,
        "fetched_at": item.fetched_at.isoformat(),
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "attachments": [{"name": a.name, "url": a.url} for a in item.attachments],
    }
