"""The one contract between crawling and indexing: what a spider yields for each article page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attachment:
    """A file linked from an article (press releases often carry HWP/HWPX/PDF)."""

    name: str
    url: str
    # Filled once the file is fetched: its extracted text, or why there is none (crawler/attachments).
    text: str = ""
    error: str | None = None


@dataclass
class CrawledArticle:
    """An article page after fetching and cleaning, before enrichment.

    `source_id` names the row of the sources YAML the page was crawled for; `text` holds
    paragraphs separated by blank lines, boilerplate already removed.
    """

    url: str
    source_id: str
    fetched_at: datetime
    title: str
    text: str
    published_at: datetime | None = None
    byline: str | None = None
    language_hint: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    http_status: int = 200
    # WARC-Record-ID of the page's capture when the crawl is archived (crawler/archive).
    capture_id: str | None = None
    # The place of the news dateline the cleaner took off the text ("창원" of "(창원=연합뉴스) 홍길동 기자 ="),
    # as written: the indexer reads it as a region cue.
    dateline: str | None = None
