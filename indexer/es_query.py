"""Compile a query tree and a SearchRequest into an Elasticsearch search body (pure: no client here).

Mirrors indexer.sqlite_query: a leaf is a phrase of pre-analysed terms on `title_terms` / `body_terms`,
so both backends match exactly the same documents; only the relevance scores differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from indexer.es_mapping import FACET_FIELD
from indexer.paging import InvalidCursor, auto_interval, decode_cursor, encode_cursor
from indexer.query import And, Node, Not, Or, Phrase, Term
from indexer.query_terms import BODY_FIELD, TITLE_FIELD, TermMatch, leaf_matches, require_searchable
from indexer.search_model import (
    FACET_FIELDS,
    FACET_LIMIT,
    FacetCount,
    HistogramBucket,
    HistogramInterval,
    SearchRequest,
    SearchResult,
    SortOrder,
)

# A word in the title counts ten times one in the body, as the SQLite store's bm25 weights say.
TITLE_BOOST = 10.0
# FTS5 expands a phrase prefix to every matching term; Elasticsearch stops at max_expansions.
PHRASE_PREFIX_EXPANSIONS = 10_000

# The most cardinality counts exactly (up to about this many clusters); beyond, within a few percent.
CARDINALITY_PRECISION = 40_000
DAY_FORMAT = "yyyy-MM-dd"
NOT_OURS = "cursor: not a cursor this server issued; use the 'next' value of a result"
# What each value of a cursor must be: the hit's sort keys (_score, published_at in ms, id).
CURSOR_TYPES: dict[SortOrder, tuple[type, ...]] = {
    SortOrder.RELEVANCE: (float, int, str),
    SortOrder.NEWEST: (int, str),
    SortOrder.OLDEST: (int, str),
}

Clause = dict[str, Any]


def _on_field(field: str, match: TermMatch, boost: float) -> Clause:
    text = " ".join(match.terms)
    if match.prefix and len(match.terms) == 1:
        # A prefix query has no expansion limit, like FTS5's `"term" *`.
        return {"prefix": {field: {"value": text, "boost": boost}}}
    if match.prefix:
        return {
            "match_phrase_prefix": {field: {"query": text, "max_expansions": PHRASE_PREFIX_EXPANSIONS, "boost": boost}}
        }
    return {"match_phrase": {field: {"query": text, "boost": boost}}}


def _leaf(leaf: Term | Phrase) -> Clause | None:
    matches = leaf_matches(leaf)
    if not matches:
        return None
    clauses = [_on_field(TITLE_FIELD, match, TITLE_BOOST) for match in matches]
    if not matches[0].title_only:
        # An FTS5 phrase with no column filter matches within any one column: title or body.
        clauses += [_on_field(BODY_FIELD, match, 1.0) for match in matches]
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def _excluding(clauses: list[Clause], negatives: list[Clause]) -> Clause:
    return {"bool": {"must": clauses or [{"match_all": {}}], "must_not": negatives}}


def _compile(node: Node) -> Clause | None:
    """Query clause for `node`; None if it holds nothing searchable (ignored, as in SQLite)."""
    if isinstance(node, Term | Phrase):
        return _leaf(node)
    if isinstance(node, Not):
        inner = _compile(node.child)
        return _excluding([], [inner]) if inner else None
    if isinstance(node, Or):
        parts = [p for p in (_compile(c) for c in node.children) if p]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}
    assert isinstance(node, And)
    positives = [p for p in (_compile(c) for c in node.children if not isinstance(c, Not)) if p]
    negatives = [p for p in (_compile(c.child) for c in node.children if isinstance(c, Not)) if p]
    if not positives and not negatives:
        return None
    if negatives:
        return _excluding(positives, negatives)
    return positives[0] if len(positives) == 1 else {"bool": {"must": positives}}


def compile_query(node: Node | None, query: str) -> Clause | None:
    """The text part of a search; None means every document matches."""
    if node is None:
        return None
    clause = _compile(node)
    require_searchable(clause is not None, query)
    return clause


def _facet_filters(request: SearchRequest) -> dict[str, Clause]:
    return {
        facet: {"terms": {FACET_FIELD[facet]: list(values)}} for facet, values in request.filters().items() if values
    }


def _sort(order: SortOrder) -> list[Any]:
    """Sort keys as the SQLite store orders: undated documents last, then by id, so every order is total."""
    newest = {"published_at": {"order": "desc", "missing": "_last"}}
    oldest = {"published_at": {"order": "asc", "missing": "_last"}}
    by_id = {"id": {"order": "asc"}}
    if order is SortOrder.RELEVANCE:
        return [{"_score": {"order": "desc"}}, newest, by_id]
    return [newest if order is SortOrder.NEWEST else oldest, by_id]


def _scope(request: SearchRequest, node: Node | None) -> tuple[Clause, list[Clause]]:
    """The query, and the facet selections that hits and totals see but facet counts do not.

    Facet selections are a post_filter (and a filter aggregation around every count that needs them),
    so each facet can be counted without its own selection. When facets are not asked for, they join the
    query's filters, where they cost less.
    """
    text = compile_query(node, request.query)
    filters: list[Clause] = []
    dates: dict[str, str] = {}
    if request.date_from:
        dates["gte"] = request.date_from.isoformat()
    if request.date_to:
        dates["lte"] = request.date_to.isoformat()
    if dates:
        filters.append({"range": {"published_date": dates}})
    if request.has_attachment is not None:
        filters.append({"term": {"has_attachment": request.has_attachment}})
    selected = list(_facet_filters(request).values())
    if not request.facets:
        filters, selected = filters + selected, []
    query = {"bool": {"must": [text] if text else [{"match_all": {}}], "filter": filters}}
    return query, selected


def _clusters() -> Clause:
    # Approximate above precision_threshold (40,000 clusters, the maximum); SQLite counts exactly.
    return {"cardinality": {"field": "cluster_key", "precision_threshold": CARDINALITY_PRECISION}}


def _facet_aggregations(request: SearchRequest) -> dict[str, Any]:
    """Multi-select facets: each counted with every OTHER facet's selection applied, as SQLite counts.

    Collapsed, a value counts the clusters (stories) it has, as the total does.
    """
    selected = _facet_filters(request)
    terms: Clause = {"size": FACET_LIMIT, "shard_size": FACET_LIMIT * 10}
    if request.collapse:
        terms["order"] = [{"clusters": "desc"}, {"_key": "asc"}]
    else:
        terms["order"] = [{"_count": "desc"}, {"_key": "asc"}]
    return {
        facet: {
            "filter": {"bool": {"filter": [f for name, f in selected.items() if name != facet]}},
            "aggs": {
                "values": {
                    "terms": {"field": FACET_FIELD[facet], **terms},
                    **({"aggs": {"clusters": _clusters()}} if request.collapse else {}),
                }
            },
        }
        for facet in FACET_FIELDS
    }


def _histogram(interval: HistogramInterval, collapse: bool) -> Clause:
    # published_date holds the Korea calendar day at UTC midnight, so UTC calendar buckets are Korea days;
    # calendar weeks are ISO weeks, which start on Monday as the SQLite store's do.
    histogram: Clause = {
        "date_histogram": {
            "field": "published_date",
            "calendar_interval": interval.value,
            "min_doc_count": 1,
            "format": DAY_FORMAT,
        }
    }
    if collapse:
        histogram["aggs"] = {"clusters": _clusters()}
    return histogram


def _count(bucket: dict[str, Any]) -> int:
    """A bucket's documents, or its clusters when the search was collapsed."""
    return int(bucket["clusters"]["value"] if "clusters" in bucket else bucket["doc_count"])


def _matching_aggregations(request: SearchRequest) -> dict[str, Any]:
    """Counts over every matching document (facet selections included): clusters and the histogram."""
    aggs: dict[str, Any] = {}
    if request.collapse:
        aggs["clusters"] = _clusters()
    if request.histogram is HistogramInterval.AUTO:
        aggs["first"] = {"min": {"field": "published_date", "format": DAY_FORMAT}}
        aggs["last"] = {"max": {"field": "published_date", "format": DAY_FORMAT}}
    elif request.histogram is not None:
        aggs["histogram"] = _histogram(request.histogram, request.collapse)
    return aggs


def _cursor_offset(request: SearchRequest) -> int:
    """Where a collapsed page starts: ES cannot search_after a collapsed search, so its cursor is an offset."""
    if not request.cursor:
        return request.offset
    keys = decode_cursor(request.cursor, request.effective_sort())
    if len(keys) != 1 or type(keys[0]) is not int or keys[0] < 0:
        raise InvalidCursor(NOT_OURS)
    return int(keys[0])


def _search_after(request: SearchRequest) -> list[Any]:
    """The sort keys of the previous page's last hit, checked against the sort they must fit."""
    assert request.cursor
    sort = request.effective_sort()
    keys = decode_cursor(request.cursor, sort)
    types = CURSOR_TYPES[sort]
    if len(keys) != len(types) or not all(
        isinstance(key, kind) and not isinstance(key, bool) for key, kind in zip(keys, types, strict=True)
    ):
        raise InvalidCursor(NOT_OURS)
    return keys


def search_body(request: SearchRequest, node: Node | None) -> dict[str, Any]:
    """The whole search: one page of hits (plus one to know whether another follows) and its counts.

    A cursor is search_after on the sort keys of the previous page's last hit (it wins over offset).
    Collapsed searches group by cluster_key and learn each cluster's size from inner_hits.
    """
    query, selected = _scope(request, node)
    body: dict[str, Any] = {
        "query": query,
        "sort": _sort(request.effective_sort()),
        "track_total_hits": True,
        "track_scores": True,
        "size": request.size + 1,
        "_source": ["doc"],
    }
    if request.collapse:
        body["collapse"] = {"field": "cluster_key", "inner_hits": {"name": "cluster", "size": 0}}
        body["from"] = _cursor_offset(request)
    elif request.cursor:
        body["search_after"] = _search_after(request)
    else:
        body["from"] = request.offset
    aggs = _facet_aggregations(request) if request.facets else {}
    matching = _matching_aggregations(request)
    if matching:
        aggs["matching"] = {"filter": {"bool": {"filter": selected}}, "aggs": matching}
    if aggs:
        body["aggs"] = aggs
    if selected:
        body["post_filter"] = {"bool": {"filter": selected}}
    return body


def histogram_body(request: SearchRequest, node: Node | None, interval: HistogramInterval) -> dict[str, Any]:
    """Only the histogram of the matching documents (the second step of interval 'auto')."""
    query, selected = _scope(request, node)
    histogram = _histogram(interval, request.collapse)
    return {
        "query": query,
        "size": 0,
        "track_total_hits": False,
        "aggs": {"matching": {"filter": {"bool": {"filter": selected}}, "aggs": {"histogram": histogram}}},
    }


@dataclass
class PageRow:
    """One hit as Elasticsearch answered it: the stored source, its score and its cluster's size."""

    source: dict[str, Any]
    score: float
    cluster_size: int


def read_page(request: SearchRequest, response: dict[str, Any]) -> tuple[list[PageRow], str | None]:
    """The hits of a search_body answer, and the cursor of the next page (None when none follows)."""
    hits = response["hits"]["hits"]
    more = len(hits) > request.size
    hits = hits[: request.size]
    rows = [
        PageRow(
            hit["_source"],
            float(hit.get("_score") or 0.0),
            int(hit["inner_hits"]["cluster"]["hits"]["total"]["value"]) if request.collapse else 1,
        )
        for hit in hits
    ]
    if not (more and hits):
        return rows, None
    keys = [_cursor_offset(request) + len(hits)] if request.collapse else list(hits[-1]["sort"])
    return rows, encode_cursor(request.effective_sort(), keys)


def read_total(request: SearchRequest, response: dict[str, Any]) -> int:
    """Matching documents, or clusters when collapsed."""
    if request.collapse:
        return int(response["aggregations"]["matching"]["clusters"]["value"])
    return int(response["hits"]["total"]["value"])


def facet_counts(aggregations: dict[str, Any]) -> dict[str, list[FacetCount]]:
    """FacetCounts from the aggregations search_body asked for."""
    return {
        facet: [FacetCount(str(b["key"]), _count(b)) for b in aggregations[facet]["values"]["buckets"]]
        for facet in FACET_FIELDS
    }


def auto_histogram_interval(aggregations: dict[str, Any]) -> HistogramInterval:
    """The interval 'auto' picks from the first and last published day of the matching documents."""
    days = [aggregations["matching"][edge].get("value_as_string") for edge in ("first", "last")]
    first, last = (date.fromisoformat(day) if day else None for day in days)
    return auto_interval(first, last)


def histogram_buckets(aggregations: dict[str, Any]) -> list[HistogramBucket]:
    return [
        HistogramBucket(date.fromisoformat(b["key_as_string"]), _count(b))
        for b in aggregations["matching"]["histogram"]["buckets"]
    ]


def empty_result(request: SearchRequest) -> SearchResult:
    """What a search of an archive with no documents answers, without asking Elasticsearch."""
    interval = request.histogram
    if interval is HistogramInterval.AUTO:
        interval = auto_interval(None, None)
    return SearchResult(
        total=0,
        hits=[],
        facets={facet: [] for facet in FACET_FIELDS} if request.facets else {},
        histogram_interval=interval,
    )
