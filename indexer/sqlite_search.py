"""Searching the SQLite store: matching, filters, keyset pages, collapse, facets and the histogram.

FINDINGS.md: facet queries are fast only when the search drives the plan over a narrow table. So each search
first collects its matches once into a temporary table holding just the sort keys and one flag per facet
filter; count, page, facets and histogram then read that small table instead of repeating the FTS match and
the filter subqueries, and document bodies are read only for the hits of the page.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from indexer.attachment_text import hit_snippet
from indexer.document import Document
from indexer.paging import InvalidCursor, auto_interval, decode_cursor, encode_cursor
from indexer.query import parse_query
from indexer.search_model import (
    FACET_FIELDS,
    FACET_LIMIT,
    FacetCount,
    HistogramBucket,
    HistogramInterval,
    SearchHit,
    SearchRequest,
    SearchResult,
    SortOrder,
)
from indexer.sqlite_body import document_from_body
from indexer.sqlite_query import compile_match

# Ascending sort keys per order over the matched table; the last hit's keys are the cursor (no OFFSET needed).
SORT_KEYS = {
    SortOrder.RELEVANCE: ["rank", "ts IS NULL", "-COALESCE(ts, 0)", "id"],
    SortOrder.NEWEST: ["ts IS NULL", "-COALESCE(ts, 0)", "id"],
    SortOrder.OLDEST: ["ts IS NULL", "COALESCE(ts, 0)", "id"],
}

# SQLite date expressions giving the first day of a document's period.
BUCKET_SQL = {
    HistogramInterval.DAY: "day",
    HistogramInterval.WEEK: "date(day, '-6 days', 'weekday 1')",
    HistogramInterval.MONTH: "substr(day, 1, 7) || '-01'",
    HistogramInterval.YEAR: "substr(day, 1, 4) || '-01-01'",
}


def run_search(db: sqlite3.Connection, request: SearchRequest) -> SearchResult:
    """Answer a search on an open store connection (the caller holds the store's lock)."""
    node = parse_query(request.query)
    everything = _collect_matches(db, request, compile_match(node, request.query))
    try:
        rows, next_cursor = _page(db, request)
        result = SearchResult(
            total=_count(db, request),
            hits=[SearchHit(doc, hit_snippet(doc, node), score=-rank, cluster_size=size) for doc, rank, size in rows],
            facets=_facets(db, request, everything) if request.facets else {},
            next_cursor=next_cursor,
        )
        if request.histogram is not None:
            result.histogram_interval, result.histogram = _histogram(db, request)
        return result
    finally:
        db.execute("DROP TABLE IF EXISTS temp.matched")


def _collect_matches(db: sqlite3.Connection, request: SearchRequest, match: tuple[str, list[Any]] | None) -> bool:
    """Fill temp.matched; True when it holds every document (no query, no date or attachment filter)."""
    where: list[str] = ["1"]
    params: list[Any] = []
    if request.date_from:
        where.append("d.published_date >= ?")
        params.append(request.date_from.isoformat())
    if request.date_to:
        where.append("d.published_date <= ?")
        params.append(request.date_to.isoformat())
    if request.has_attachment is not None:
        where.append("d.has_attachment = ?")
        params.append(1 if request.has_attachment else 0)
    flags = ", ".join(f"1 AS f_{facet}" for facet in FACET_FIELDS)
    columns = (
        "d.id AS id, d.published_ts AS ts, d.published_date AS day, COALESCE(d.cluster_id, d.id) AS cluster, " + flags
    )
    db.execute("DROP TABLE IF EXISTS temp.matched")
    match_params: list[Any] = []
    if match is None:
        select = f"SELECT d.rowid AS doc, 0.0 AS rank, {columns} FROM documents d"
    else:
        sql, match_params = match
        # CROSS JOIN keeps SQLite from driving the plan by anything but the full-text match.
        select = f"SELECT m.doc, m.rank, {columns} FROM ({sql}) m CROSS JOIN documents d ON d.rowid = m.doc"
    db.execute(f"CREATE TEMP TABLE matched AS {select} WHERE {' AND '.join(where)}", [*match_params, *params])
    for facet, values in request.filters().items():
        if values:
            marks = ",".join("?" * len(values))
            db.execute(
                f"UPDATE matched SET f_{facet} = 0 WHERE doc NOT IN"
                f" (SELECT doc FROM facet_values WHERE facet = ? AND value IN ({marks}))",
                [facet, *values],
            )
    return match is None and len(where) == 1


def _selected(request: SearchRequest, skip: str | None = None) -> str:
    """The flags a matched row must carry: every facet filter's, except the one being counted."""
    return " AND ".join(f"f_{f}" for f, values in request.filters().items() if values and f != skip) or "1"


def _count(db: sqlite3.Connection, request: SearchRequest) -> int:
    what = "COUNT(DISTINCT cluster)" if request.collapse else "COUNT(*)"
    return int(db.execute(f"SELECT {what} FROM matched WHERE {_selected(request)}").fetchone()[0])


def _page(db: sqlite3.Connection, request: SearchRequest) -> tuple[list[tuple[Document, float, int]], str | None]:
    sort = request.effective_sort()
    keys = SORT_KEYS[sort]
    key_columns = ", ".join(f"{key} AS k{i}" for i, key in enumerate(keys))
    key_names = ", ".join(f"k{i}" for i in range(len(keys)))
    if request.collapse:
        # The best hit of each near-duplicate cluster stands for it, with the cluster's size.
        source = (
            f"(SELECT doc, rank, {key_columns},"
            f" ROW_NUMBER() OVER (PARTITION BY cluster ORDER BY {', '.join(keys)}) AS position,"
            f" COUNT(*) OVER (PARTITION BY cluster) AS cluster_size FROM matched WHERE {_selected(request)})"
        )
        where = "position = 1"
    else:
        source = f"(SELECT doc, rank, {key_columns}, 1 AS cluster_size FROM matched WHERE {_selected(request)})"
        where = "1"
    params: list[Any] = []
    offset = request.offset
    if request.cursor:
        after = decode_cursor(request.cursor, sort)
        if len(after) != len(keys):
            raise InvalidCursor("cursor: not a cursor this server issued; use the 'next' value of a result")
        where += f" AND ({key_names}) > ({', '.join('?' * len(keys))})"
        params, offset = list(after), 0
    rows = db.execute(
        f"SELECT doc, rank, cluster_size, {key_names} FROM {source} WHERE {where}"
        f" ORDER BY {key_names} LIMIT ? OFFSET ?",
        [*params, request.size + 1, offset],
    ).fetchall()
    more = len(rows) > request.size
    rows = rows[: request.size]
    next_cursor = encode_cursor(sort, list(rows[-1][3:])) if more and rows else None
    bodies = _bodies(db, [r[0] for r in rows])
    return [(bodies[r[0]], r[1], r[2]) for r in rows], next_cursor


def _bodies(db: sqlite3.Connection, rowids: list[int]) -> dict[int, Document]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    found = db.execute(f"SELECT rowid, body, minhash FROM document_bodies WHERE rowid IN ({marks})", rowids)
    return {rowid: document_from_body(body, signature) for rowid, body, signature in found}


def _facets(db: sqlite3.Connection, request: SearchRequest, everything: bool) -> dict[str, list[FacetCount]]:
    """Counts per facet value, top FACET_LIMIT. Multi-select: each facet is counted with every other facet's
    selection applied, not its own, so a user can tick several values of one facet."""
    counts: dict[str, list[FacetCount]] = {}
    for facet in FACET_FIELDS:
        condition = _selected(request, skip=facet)
        if request.collapse:
            # A value counts the clusters (stories) it has, as the total does; this needs each match's cluster.
            sql = (
                "SELECT f.value, COUNT(DISTINCT m.cluster) AS n FROM matched m"
                " JOIN facet_values f INDEXED BY facet_values_doc ON f.doc = m.doc"
                f" WHERE f.facet = ? AND {condition} GROUP BY f.value"
            )
        elif everything and condition == "1":
            # Nothing narrows the archive: count straight from the (facet, value) index.
            sql = "SELECT value, COUNT(*) AS n FROM facet_values WHERE facet = ? GROUP BY value"
        else:
            # One covering-index lookup per matching document. Written as IN (subquery): as a join, SQLite 3.40
            # first builds a Bloom filter over the whole facet table (25 ms a facet even for a single match).
            sql = (
                "SELECT value, COUNT(*) AS n FROM facet_values INDEXED BY facet_values_doc"
                f" WHERE facet = ? AND doc IN (SELECT doc FROM matched WHERE {condition}) GROUP BY value"
            )
        rows = db.execute(f"{sql} ORDER BY n DESC, 1 LIMIT ?", [facet, FACET_LIMIT]).fetchall()
        counts[facet] = [FacetCount(value, count) for value, count in rows]
    return counts


def _histogram(db: sqlite3.Connection, request: SearchRequest) -> tuple[HistogramInterval, list[HistogramBucket]]:
    where = f"{_selected(request)} AND day IS NOT NULL"
    interval = request.histogram or HistogramInterval.AUTO
    if interval is HistogramInterval.AUTO:
        first, last = db.execute(f"SELECT MIN(day), MAX(day) FROM matched WHERE {where}").fetchone()
        interval = auto_interval(
            date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None
        )
    count = "COUNT(DISTINCT cluster)" if request.collapse else "COUNT(*)"
    rows = db.execute(
        f"SELECT {BUCKET_SQL[interval]} AS bucket, {count} FROM matched WHERE {where} GROUP BY bucket ORDER BY bucket"
    ).fetchall()
    return interval, [HistogramBucket(date.fromisoformat(start), count) for start, count in rows]
