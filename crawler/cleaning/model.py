"""The cleaner's data types: what goes in (options), what comes out (Article), what can go wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.items import Attachment


class ExtractionError(Exception):
    """Base class for the cleaner's domain errors."""


class PageTooLarge(ExtractionError):
    """The page, less its long inline `data:` URIs, is larger than `ExtractionOptions.max_bytes`; it was refused,
    not parsed."""


@dataclass(frozen=True)
class ExtractionOptions:
    """Per-source knobs; the selectors come from a source row's `selectors` in the sources YAML."""

    title_selector: str | None = None
    body_selector: str | None = None
    date_selector: str | None = None
    encoding: str | None = None
    http_charset: str | None = None
    max_bytes: int = 5_000_000  # markup bytes, long inline data: URIs not counted (extraction.without_inline_data)


@dataclass
class Article:
    """The article found in one page, boilerplate removed."""

    title: str
    text: str
    published_at: datetime | None
    byline: str | None
    attachments: list[Attachment] = field(default_factory=list)
    language_hint: str | None = None
    encoding: str = "utf-8"
    # The place of the news dateline the cleaner took off the text ("창원" of "(창원=연합뉴스)"), as written.
    dateline: str | None = None
