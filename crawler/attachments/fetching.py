"""AttachmentFetchingMixin: an article's PDF/HWPX/HWP files fetched one after another, then the item yielded.

They are ordinary Scrapy requests (robots.txt, throttling and the WARC archive apply), capped in size by
PRESSROOM_ATTACHMENT_MAXSIZE. A file that fails or cannot be read leaves its error on the Attachment; the
article is stored either way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.attachments.extract import AttachmentError, extract_attachment_text
from crawler.items import Attachment, CrawledArticle

FETCHED_SUFFIXES = (".pdf", ".hwpx", ".hwp")
DEFAULT_MAXSIZE = 20 * 1024 * 1024
PENDING = "pressroom_article"


def wanted(attachment: Attachment) -> bool:
    """Files whose text we can read (or, for HWP, at least archive): by URL path or link name."""
    path = unquote(urlsplit(attachment.url).path).lower()
    return path.endswith(FETCHED_SUFFIXES) or attachment.name.lower().endswith(FETCHED_SUFFIXES)


class AttachmentFetchingMixin:
    """For ArticleSpider: `with_attachments(item)` yields the first attachment request, or the item."""

    def with_attachments(self, item: CrawledArticle) -> Iterator[scrapy.Request | CrawledArticle]:
        settings = getattr(self, "settings", None)
        enabled = settings.getbool("PRESSROOM_ATTACHMENTS", True) if settings is not None else True
        if not enabled or not any(wanted(a) for a in item.attachments):
            yield item
            return
        yield from self._next_attachment(item, 0)

    def parse_attachment(self, response: Response) -> Iterator[scrapy.Request | CrawledArticle]:
        item, position = response.meta[PENDING]
        try:
            text, error = extract_attachment_text(item.attachments[position].name, response.body), None
        except AttachmentError as exc:
            text, error = "", str(exc)
            self._count_attachment("unreadable")
        yield from self._settle(item, position, text, error)

    def attachment_failed(self, failure: Failure) -> Iterator[scrapy.Request | CrawledArticle]:
        request = getattr(failure, "request", None)
        item, position = request.meta[PENDING] if request is not None else (None, 0)
        if item is None:
            return
        self._count_attachment("failed")
        yield from self._settle(item, position, "", f"not fetched: {failure.type.__name__ if failure.type else '?'}")

    def _settle(
        self, item: CrawledArticle, position: int, text: str, error: str | None
    ) -> Iterator[scrapy.Request | CrawledArticle]:
        item.attachments[position] = dataclasses.replace(item.attachments[position], text=text, error=error)
        yield from self._next_attachment(item, position + 1)

    def _next_attachment(self, item: CrawledArticle, start: int) -> Iterator[scrapy.Request | CrawledArticle]:
        for position in range(start, len(item.attachments)):
            attachment = item.attachments[position]
            if wanted(attachment):
                yield scrapy.Request(
                    attachment.url,
                    callback=self.parse_attachment,
                    errback=self.attachment_failed,
                    # Shared files (one attachment linked from several articles) must still come back.
                    dont_filter=True,
                    meta={PENDING: (item, position), "download_maxsize": self._maxsize()},
                )
                return
        yield item

    def _maxsize(self) -> int:
        settings = getattr(self, "settings", None)
        return settings.getint("PRESSROOM_ATTACHMENT_MAXSIZE", DEFAULT_MAXSIZE) if settings else DEFAULT_MAXSIZE

    def _count_attachment(self, kind: str) -> None:
        crawler: Any = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(f"pressroom/attachments/{kind}")
