"""What a search asks for and what it gets back, shared by both backends, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from indexer.document import Document

FACET_FIELDS = ("region", "language", "topic", "source")
MAX_PAGE_SIZE = 100
FACET_LIMIT = 50  # values per facet, most frequent first (both backends)


class HistogramInterval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    AUTO = "auto"


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True)
class SearchRequest:
    """A search: query text in the query language plus facet filters (values OR-ed within a facet)."""

    query: str = ""
    regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    has_attachment: bool | None = None  # True: only documents with attachments; False: only without
    sort: SortOrder | None = None  # None: relevance with a query, newest without
    size: int = 20
    offset: int = 0
    cursor: str | None = None  # opaque, from a previous result's next_cursor; wins over offset
    collapse: bool = False  # one hit per near-duplicate cluster, with cluster_size
    histogram: HistogramInterval | None = None  # counts of matching documents per period
    facets: bool = True  # False skips facet counts (exports and feeds do not show them)

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Facet selections by facet name."""
        return {"region": self.regions, "language": self.languages, "topic": self.topics, "source": self.sources}

    def effective_sort(self) -> SortOrder:
        if self.sort is not None:
            return self.sort
        return SortOrder.RELEVANCE if self.query.strip() else SortOrder.NEWEST


@dataclass
class SearchHit:
    document: Document
    snippet: str
    score: float = 0.0
    cluster_size: int = 1


@dataclass
class FacetCount:
    key: str
    count: int


@dataclass
class HistogramBucket:
    start: date  # first day of the period (weeks start on Monday), Korea time
    count: int


@dataclass
class SearchResult:
    total: int  # matching documents, or clusters when collapsed
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    next_cursor: str | None = None  # None on the last page
    histogram: list[HistogramBucket] = field(default_factory=list)
    histogram_interval: HistogramInterval | None = None


@dataclass
class UpsertOutcome:
    """What one load did: counts by outcome and the errors of documents that could not be stored."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: UpsertOutcome) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.errors.extend(other.errors)
