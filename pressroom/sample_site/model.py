"""The records the sample-site generator passes between its stages: articles and rendered pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

KST = timezone(timedelta(hours=9))

# The origin written into every absolute URL of the site; the server swaps it for its own at serve time.
SITE_ORIGIN = "http://127.0.0.1:8765"


@dataclass
class SampleArticle:
    """One article of the sample site with the ground truth a cleaner should recover from its page."""

    source: str
    key: str
    path: str
    title: str
    published: datetime | date
    paragraphs: list[str]
    language: str
    region: str
    municipality: str | None = None
    seed: str | None = None
    robots_disallowed: bool = False
    subtitle: list[str] = field(default_factory=list)
    byline: str | None = None
    department: str | None = None
    views: int = 0
    caption: str | None = None
    attachments: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def published_iso(self) -> str:
        """ISO 8601: a bare date, or a datetime with +09:00 when the page shows a time."""
        return self.published.isoformat()

    @property
    def day(self) -> date:
        return self.published.date() if isinstance(self.published, datetime) else self.published


@dataclass(frozen=True)
class SitePage:
    """A file of the generated site: its URL path, its bytes and any response headers it needs."""

    path: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def parse_published(text: str) -> datetime | date:
    """Read a content-file date: '2019-03-12' or '2019-03-12 14:05' (Korea time)."""
    text = str(text).strip()
    if " " in text or "T" in text:
        return datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=KST)
    return date.fromisoformat(text)
