"""What every Pressroom spider shares: the source row, article parsing, and error accounting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from twisted.python.failure import Failure

from crawler.attachments.fetching import AttachmentFetchingMixin
from crawler.cleaning import ExtractionError, ExtractionOptions, extract_article
from crawler.cleaning.not_found import reads_as_not_found
from crawler.items import CrawledArticle
from crawler.middlewares.errors import error_kind, is_policy_refusal
from crawler.middlewares.javascript import article_needs_javascript
from crawler.sources import Source

CHARSET = re.compile(rb"charset=([\w-]+)", re.I)


class ArticleSpider(AttachmentFetchingMixin, scrapy.Spider):
    """Base class: holds the Source row; subclasses decide how article links are found."""

    name = "article"

    def __init__(self, source: Source, **kwargs: Any) -> None:
        super().__init__(name=f"{self.name}:{source.id}", **kwargs)
        self.source = source
        self.article_pattern = re.compile(source.article_url)
        self.follow_pattern = re.compile(source.follow_url) if source.follow_url else None
        self.options = extraction_options(source)

    def is_article(self, url: str) -> bool:
        return bool(self.article_pattern.search(url))

    def lands_on_article(self, response: Response) -> bool:
        """Whether a response, redirected or not, is an article page: its URL matches article_url, or is the
        requested one up to scheme, a leading "www." and a trailing slash (http -> https and the like)."""
        if self.is_article(response.url):
            return True
        redirected_from: list[str] = response.meta.get("redirect_urls") or []
        return bool(redirected_from) and same_page(redirected_from[0], response.url)

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)

    def parse_article(self, response: Response) -> Iterator[CrawledArticle | scrapy.Request]:
        """Clean one article page into a CrawledArticle; pages we cannot read are counted, not raised."""
        if not looks_like_html(response):
            # An image or binary file at an article URL: its bytes "cleaned" made a document of garbage text.
            # (Attachments have their own callback.)
            self.count_error("not_html")
            self.logger.warning("not an HTML page (%s), not stored: %s", content_type(response), response.url)
            return
        if not self.lands_on_article(response):
            # A redirect to the home page or a login page (board moved, session expired) stored that page as
            # the article.
            self.count_error("redirected_off_article")
            first = response.meta.get("redirect_urls", [response.url])[0]
            self.logger.warning("redirected off the article pattern, not stored: %s -> %s", first, response.url)
            return
        header = response.headers.get(b"Content-Type") or b""
        charset = CHARSET.search(header)
        options = ExtractionOptions(
            **{**self.options.__dict__, "http_charset": charset.group(1).decode("ascii") if charset else None}
        )
        try:
            article = extract_article(response.body, response.url, options)
        except ExtractionError as exc:
            self.count_error(type(exc).__name__)
            self.logger.warning("cannot extract %s: %s", response.url, exc)
            return
        if article_needs_javascript(article.text.strip(), response.body):
            self.count_error("needs_javascript")
            self.logger.warning("page needs JavaScript, not stored: %s", response.url)
            return
        if not article.text.strip():
            self.count_error("empty_article")
            self.logger.warning("no article text at %s", response.url)
            return
        if reads_as_not_found(article.title, article.text):
            self.count_error("soft_404")
            self.logger.warning("a 'post not found' notice answered 200, not stored: %s", response.url)
            return
        published = article.published_at or response.meta.get("feed_published_at")
        article_item = CrawledArticle(
            url=response.url,
            source_id=self.source.id,
            fetched_at=datetime.now(UTC),
            title=article.title,
            text=article.text,
            published_at=published,
            byline=article.byline,
            language_hint=article.language_hint or self.source.language,
            attachments=list(article.attachments),
            http_status=response.status,
            capture_id=response.meta.get("pressroom_capture_id"),
            dateline=article.dateline,
        )
        yield from self.with_attachments(article_item)  # the item follows its attachments' text

    def on_error(self, failure: Failure) -> None:
        """Count a failed request by kind (HTTP status, DNS, timeout…) for the crawl summary."""
        if is_policy_refusal(failure):
            # Refused by robots.txt (counted in robotstxt/forbidden) or another policy: not an error.
            return
        kind = error_kind(failure)
        self.count_error(kind)
        request = getattr(failure, "request", None)
        # The URL the crawl asked for: after redirects the request is the last hop, not the page that failed.
        asked = (request.meta.get("redirect_urls") or [request.url])[0] if request else ""
        reason = " ".join(str(failure.value).split())[:200]
        self.logger.warning("request failed (%s): %s%s", kind, asked, f" ({reason})" if reason else "")

    def count_error(self, kind: str) -> None:
        if self.crawler and self.crawler.stats:
            self.crawler.stats.inc_value(f"pressroom/errors/{kind}")


def extraction_options(source: Source) -> ExtractionOptions:
    """How the cleaner reads this source's pages: its selectors and declared encoding."""
    return ExtractionOptions(
        title_selector=source.selectors.title,
        body_selector=source.selectors.body,
        date_selector=source.selectors.date,
        encoding=source.encoding,
    )


def same_page(first: str, final: str) -> bool:
    """Whether two URLs differ only in scheme, a leading "www." and a trailing slash before any query."""
    return page_key(first) == page_key(final)


def page_key(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/"), parts.query, ""))


def looks_like_html(response: Response) -> bool:
    """Whether a response may be a page: a textual type, or no telling type and a body that looks like text."""
    # Not the response's class: Scrapy makes an HtmlResponse of an image/png whose URL ends in .html.
    declared = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
    if declared.startswith(b"text/") or b"html" in declared or b"xml" in declared:
        return True
    # image/png, application/octet-stream…: servers mislabel pages too, so the first 5,000 bytes decide.
    return responsetypes.from_body(response.body) is not Response


def content_type(response: Response) -> str:
    """The response's Content-Type header as text, or "no content type"."""
    header = response.headers.get(b"Content-Type")
    return header.decode("latin-1") if header else "no content type"
