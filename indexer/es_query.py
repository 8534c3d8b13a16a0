"""Compile a query tree and a SearchRequest into an Elasticsearch search body (pure: no client here).

Mirrors indexer.sqlite_query: a leaf is a phrase of pre-analysed terms on `title_terms` / `body_terms`,
so both backends match exactly the same documents; only the relevance scores differ.
"""

from __future__ import annotations

from typing import Any

from indexer.es_mapping import FACET_FIELD
from indexer.query import And, Node, Not, Or, Phrase, Term
from indexer.query_terms import BODY_FIELD, TITLE_FIELD, TermMatch, leaf_match, require_searchable
from indexer.search_model import FACET_FIELDS, FacetCount, SearchRequest, SortOrder

# A word in the title counts ten times one in the body, as the SQLite store's bm25 weights say.
TITLE_BOOST = 10.0
FACET_LIMIT = 50  # the SQLite store's limit
# FTS5 expands a phrase prefix to every matching term; Elasticsearch stops at max_expansions.
PHRASE_PREFIX_EXPANSIONS = 10_000

Clause = dict[str, Any]


def _on_field(field: str, match: TermMatch, boost: float) -> Clause:
    text = " ".join(match.terms)
    if match.prefix and len(match.terms) == 1:
        # A prefix query has no expansion limit, like FTS5's `"term" *`.
        return {"prefix": {field: {"value": text, "boost": boost}}}
    if match.prefix:
        return {
            "match_phrase_prefix": {
                field: {"query": text, "max_expansions": PHRASE_PREFIX_EXPANSIONS, "boost": boost}
            }
        }
    return {"match_phrase": {field: {"query": text, "boost": boost}}}


def _leaf(leaf: Term | Phrase) -> Clause | None:
    match = leaf_match(leaf)
    if match is None:
        return None
    title = _on_field(TITLE_FIELD, match, TITLE_BOOST)
    if match.title_only:
        return title
    # An FTS5 phrase with no column filter matches within any one column: title or body.
    return {"bool": {"should": [title, _on_field(BODY_FIELD, match, 1.0)], "minimum_should_match": 1}}


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
        facet: {"terms": {FACET_FIELD[facet]: list(values)}}
        for facet, values in request.filters().items()
        if values
    }


def _sort(order: SortOrder) -> list[Any]:
    newest = {"published_at": {"order": "desc", "missing": "_last"}}
    oldest = {"published_at": {"order": "asc", "missing": "_last"}}
    by_id = {"id": {"order": "asc"}}
    if order is SortOrder.RELEVANCE:
        return [{"_score": {"order": "desc"}}, newest, by_id]
    return [newest if order is SortOrder.NEWEST else oldest, by_id]


def search_body(request: SearchRequest, node: Node | None) -> dict[str, Any]:
    """The whole search: hits with every filter, and multi-select facets.

    Each facet is counted with every OTHER facet's selection applied (a filter aggregation around its
    terms aggregation), while the hits see all of them (post_filter), as the SQLite store counts.
    """
    text = compile_query(node, request.query)
    dates: dict[str, str] = {}
    if request.date_from:
        dates["gte"] = request.date_from.isoformat()
    if request.date_to:
        dates["lte"] = request.date_to.isoformat()
    query: Clause = {
        "bool": {
            "must": [text] if text else [{"match_all": {}}],
            "filter": [{"range": {"published_date": dates}}] if dates else [],
        }
    }
    selected = _facet_filters(request)
    aggregations = {
        facet: {
            "filter": {"bool": {"filter": [f for name, f in selected.items() if name != facet]}},
            "aggs": {
                "values": {
                    "terms": {
                        "field": FACET_FIELD[facet],
                        "size": FACET_LIMIT,
                        "shard_size": FACET_LIMIT * 10,
                        "order": [{"_count": "desc"}, {"_key": "asc"}],
                    }
                }
            },
        }
        for facet in FACET_FIELDS
    }
    body: dict[str, Any] = {
        "query": query,
        "aggs": aggregations,
        "sort": _sort(request.effective_sort()),
        "track_total_hits": True,
        "track_scores": True,
        "from": request.offset,
        "size": request.size,
        "_source": ["doc"],
    }
    if selected:
        body["post_filter"] = {"bool": {"filter": list(selected.values())}}
    return body


def facet_counts(aggregations: dict[str, Any]) -> dict[str, list[FacetCount]]:
    """FacetCounts from the aggregations search_body asked for."""
    return {
        facet: [
            FacetCount(str(b["key"]), int(b["doc_count"])) for b in aggregations[facet]["values"]["buckets"]
        ]
        for facet in FACET_FIELDS
    }
