"""Searching the SQLite store: matching, filters, keyset pages, collapse, facets and the histogram."""

from __future__ import annotations

import json
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
from indexer.sqlite_query import compile_match

MATCHED = "FROM matched m CROSS JOIN documents d ON d.rowid = m.doc"

# Ascending sort keys per order; the last hit's keys are the cursor, so paging never needs OFFSET.
SORT_KEYS = {
    SortOrder.RELEVANCE: ["m.rank", "d.published_ts IS NULL", "-COALESCE(d.published_ts, 0)", "d.id"],
    SortOrder.NEWEST: ["d.published_ts IS NULL", "-COALESCE(d.published_ts, 0)", "d.id"],
    SortOrder.OLDEST: ["d.published_ts IS NULL", "COALESCE(d.published_ts, 0)", "d.id"],
}

# SQLite date expressions giving the first day of a document's period.
BUCKET_SQL = {
    HistogramInterval.DAY: "d.published_date",
    HistogramInterval.WEEK: "date(d.published_date, '-6 days', 'weekday 1')",
    HistogramInterval.MONTH: "substr(d.published_date, 1, 7) || '-01'",
    HistogramInterval.YEAR: "substr(d.published_date, 1, 4) || '-01-01'",
}


def run_search(db: sqlite3.Connection, request: SearchRequest) -> SearchResult:
    """Answer a search on an open store connection (the caller holds the store's lock)."""
    node = parse_query(request.query)
    match = compile_match(node, request.query)
    db.execute("DROP TABLE IF EXISTS temp.matched")
    if match is None:
        db.execute("CREATE TEMP TABLE matched AS SELECT rowid AS doc, 0.0 AS rank FROM documents")
    else:
        sql, params = match
        db.execute(f"CREATE TEMP TABLE matched AS {sql}", params)
    try:
        rows, next_cursor = _page(db, request)
        result = SearchResult(
            total=_count(db, request),
            hits=[SearchHit(doc, hit_snippet(doc, node), score=-rank, cluster_size=size) for doc, rank, size in rows],
            facets={facet: _facet(db, request, facet) for facet in FACET_FIELDS} if request.facets else {},
            next_cursor=next_cursor,
        )
        if request.histogram is not None:
            result.histogram_interval, result.histogram = _histogram(db, request)
        return result
    finally:
        db.execute("DROP TABLE IF EXISTS temp.matched")


def _filters(request: SearchRequest, skip: str | None = None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for facet, values in request.filters().items():
        if values and facet != skip:
            marks = ",".join("?" * len(values))
            clauses.append(f"m.doc IN (SELECT doc FROM facet_values WHERE facet = ? AND value IN ({marks}))")
            params.extend([facet, *values])
    if request.has_attachment is not None:
        clauses.append("COALESCE(json_extract(d.body, '$.has_attachment'), 0) = ?")
        params.append(1 if request.has_attachment else 0)
    if request.date_from:
        clauses.append("d.published_date >= ?")
        params.append(request.date_from.isoformat())
    if request.date_to:
        clauses.append("d.published_date <= ?")
        params.append(request.date_to.isoformat())
    return (" AND ".join(clauses) or "1"), params


def _count(db: sqlite3.Connection, request: SearchRequest) -> int:
    where, params = _filters(request)
    what = "COUNT(DISTINCT COALESCE(d.cluster_id, d.id))" if request.collapse else "COUNT(*)"
    return int(db.execute(f"SELECT {what} {MATCHED} WHERE {where}", params).fetchone()[0])


def _page(db: sqlite3.Connection, request: SearchRequest) -> tuple[list[tuple[Document, float, int]], str | None]:
    sort = request.effective_sort()
    keys = SORT_KEYS[sort]
    where, params = _filters(request)
    key_columns = ", ".join(f"{key} AS k{i}" for i, key in enumerate(keys))
    key_names = ", ".join(f"k{i}" for i in range(len(keys)))
    if request.collapse:
        # The best hit of each near-duplicate cluster stands for it, with the cluster's size.
        inner = (
            f"SELECT d.body AS body, m.rank AS rank, {key_columns},"
            f" ROW_NUMBER() OVER (PARTITION BY COALESCE(d.cluster_id, d.id) ORDER BY {', '.join(keys)}) AS position,"
            f" COUNT(*) OVER (PARTITION BY COALESCE(d.cluster_id, d.id)) AS cluster_size"
            f" {MATCHED} WHERE {where}"
        )
        source, outer_where = f"({inner})", "position = 1"
    else:
        source = f"(SELECT d.body AS body, m.rank AS rank, {key_columns}, 1 AS cluster_size {MATCHED} WHERE {where})"
        outer_where = "1"
    cursor_params: list[Any] = []
    offset = request.offset
    if request.cursor:
        after = decode_cursor(request.cursor, sort)
        if len(after) != len(keys):
            raise InvalidCursor("cursor: not a cursor this server issued; use the 'next' value of a result")
        outer_where += f" AND ({key_names}) > ({', '.join('?' * len(keys))})"
        cursor_params, offset = list(after), 0
    sql = (
        f"SELECT body, rank, cluster_size, {key_names} FROM {source} WHERE {outer_where}"
        f" ORDER BY {key_names} LIMIT ? OFFSET ?"
    )
    rows = db.execute(sql, [*params, *cursor_params, request.size + 1, offset]).fetchall()
    more = len(rows) > request.size
    rows = rows[: request.size]
    next_cursor = encode_cursor(sort, list(rows[-1][3:])) if more and rows else None
    return [(Document.from_dict(json.loads(r[0])), r[1], r[2]) for r in rows], next_cursor


def _facet(db: sqlite3.Connection, request: SearchRequest, facet: str) -> list[FacetCount]:
    # Multi-select: each facet is counted with every other facet's selection applied, not its own.
    where, params = _filters(request, skip=facet)
    sql = (
        f"SELECT f.value, COUNT(*) AS n {MATCHED} JOIN facet_values f ON f.doc = m.doc AND f.facet = ?"
        f" WHERE {where} GROUP BY f.value ORDER BY n DESC, f.value LIMIT ?"
    )
    rows = db.execute(sql, [facet, *params, FACET_LIMIT]).fetchall()
    return [FacetCount(value, count) for value, count in rows]


def _histogram(db: sqlite3.Connection, request: SearchRequest) -> tuple[HistogramInterval, list[HistogramBucket]]:
    where, params = _filters(request)
    where += " AND d.published_date IS NOT NULL"
    interval = request.histogram or HistogramInterval.AUTO
    if interval is HistogramInterval.AUTO:
        first, last = db.execute(
            f"SELECT MIN(d.published_date), MAX(d.published_date) {MATCHED} WHERE {where}", params
        ).fetchone()
        interval = auto_interval(
            date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None
        )
    bucket = BUCKET_SQL[interval]
    rows = db.execute(
        f"SELECT {bucket} AS bucket, COUNT(*) {MATCHED} WHERE {where} GROUP BY bucket ORDER BY bucket", params
    ).fetchall()
    return interval, [HistogramBucket(date.fromisoformat(start), count) for start, count in rows]
