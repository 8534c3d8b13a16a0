"""The stored document: what the indexer keeps for each article, and its identity."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")

# Query parameters that identify a visit, not a page: dropping them keeps one id per article.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|ref|from|mc_cid|mc_eid|sessionid|jsessionid)$", re.I)
_REPEATED_SLASHES = re.compile(r"/{2,}")
_SESSION_IN_PATH = re.compile(r";jsessionid=[^/?]*", re.I)


def canonical_url(url: str) -> str:
    """Normalise a URL so that the same page always gets the same id."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = _SESSION_IN_PATH.sub("", _REPEATED_SLASHES.sub("/", parts.path or "/"))
    if not parts.query:  # most article URLs: nothing to parse, sort or encode
        return urlunsplit((scheme, host, path, "", ""))
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k))
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def document_id(url: str) -> str:
    """Document id: a hash of the canonical URL, so a re-crawl updates in place."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:32]


def content_hash(title: str, text: str) -> str:
    """Hash of what a reader sees, blind to whitespace and Unicode normal form."""
    normal = _single_spaced(unicodedata.normalize("NFC", f"{title}\n{text}"))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _single_spaced(text: str) -> str:
    r"""The text's whitespace runs made single spaces, none at either end: " ".join(text.split()).

    split()/join is the same as re.sub(r"\s+", " ", …).strip() (both use str.isspace) and three times faster,
    but still makes a string of every word. A cleaned article's only whitespace is single spaces, line
    breaks and blank lines between paragraphs: made spaces by two replaces, that text is already the answer,
    which the checks below confirm (every whitespace character but the space is unprintable, so a printable
    result without double or outer spaces had exactly one whitespace character for each run).
    """
    spaced = text.replace("\n\n", " ").replace("\n", " ")
    if spaced.isprintable() and "  " not in spaced and spaced[:1] != " " and spaced[-1:] != " ":
        return spaced
    return " ".join(text.split())


@dataclass
class Document:
    """One article as stored and searched, on either backend."""

    id: str
    url: str
    source: str
    title: str
    text: str
    fetched_at: datetime
    published_at: datetime | None = None
    source_name: str = ""
    source_name_ko: str = ""
    language: str = "und"
    languages: list[str] = field(default_factory=list)
    texts_by_language: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    municipality: str | None = None
    regions_mentioned: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_evidence: dict[str, list[str]] = field(default_factory=dict)
    byline: str | None = None
    # {"name", "url", "text", "error"?}: text extracted from the file (PDF, HWPX), searched with the body.
    attachments: list[dict[str, str]] = field(default_factory=list)
    has_attachment: bool = False
    content_hash: str = ""
    cluster_id: str | None = None
    # MinHash signature for near-duplicate clustering; stored, never shown to users.
    minhash: list[int] = field(default_factory=list, repr=False)

    @property
    def published_date(self) -> date | None:
        """The calendar day of publication in Korea, which date filters use."""
        if self.published_at is None:
            return None
        try:
            return self.published_at.astimezone(SEOUL).date()
        except OverflowError:  # 9999-12-31 late in the day (a feed's "never"): no later Korean day exists
            return self.published_at.date()

    @property
    def region_path(self) -> list[str]:
        """Codes a region filter matches: the issuing province, then its municipality if known."""
        return [code for code in (self.region, self.municipality) if code]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: datetimes as ISO 8601 strings."""
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        data["fetched_at"] = self.fetched_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Inverse of to_dict; ignores keys it does not know (older or newer stores)."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["fetched_at"] = datetime.fromisoformat(values["fetched_at"])
        if values.get("published_at"):
            values["published_at"] = datetime.fromisoformat(values["published_at"])
        return cls(**values)


def same_content(stored: Document, fresh: Document) -> bool:
    """Unchanged when everything but the fetch time, the cluster (assigned by the store) and the URL is equal.

    The URL: the id is the canonical URL's hash, so two URLs of one id differ only in what canonicalisation
    drops (?utm_source=…, ;jsessionid=…, the order of the query). Fetching the article by another of them is
    not a change, and the stored URL stays the one first stored.
    """
    # Fields compared as they are first: equal fields have equal to_dict copies, and to_dict's deep copy costs
    # more than the rest of a re-crawl's check. Only unequal fields go on to to_dict, whose conversion (nested
    # dataclasses to dicts) could still make them equal.
    if _content_fields(stored) == _content_fields(fresh):
        return True
    a, b = stored.to_dict(), fresh.to_dict()
    for key in IGNORED_FIELDS:
        a.pop(key, None)
        b.pop(key, None)
    return a == b


def _content_fields(document: Document) -> dict[str, Any]:
    """The fields same_content compares, without copies; the publication time as to_dict gives it."""
    data = {name: getattr(document, name) for name in _CONTENT_FIELDS}
    data["published_at"] = document.published_at.isoformat() if document.published_at else None
    return data


IGNORED_FIELDS = ("fetched_at", "cluster_id", "url")
_CONTENT_FIELDS = [name for name in Document.__dataclass_fields__ if name not in IGNORED_FIELDS]
