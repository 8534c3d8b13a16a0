"""Every matching document, page by page through cursors, as CSV or JSON Lines (memory stays flat)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from typing import Any

from indexer.document import Document
from indexer.labels import Labeller
from indexer.search_model import SearchRequest
from indexer.store import DocumentStore

EXPORT_PAGE = 500
EXPORT_COLUMNS = (
    "id", "published_at", "source", "source_name", "title", "region", "region_label",
    "regions_mentioned", "language", "topics", "url", "text",
)  # fmt: skip


def iter_matches(store: DocumentStore, request: SearchRequest) -> Iterator[Document]:
    """All documents matching `request`, in its sort order, fetched EXPORT_PAGE at a time."""
    page = dataclasses.replace(
        request, size=EXPORT_PAGE, offset=0, cursor=None, facets=False, histogram=None, collapse=False
    )
    while True:
        result = store.search(page)
        for hit in result.hits:
            yield hit.document
        if not result.next_cursor:
            return
        page = dataclasses.replace(page, cursor=result.next_cursor)


def export_row(document: Document, labeller: Labeller) -> dict[str, Any]:
    return {
        "id": document.id,
        "published_at": document.published_at.isoformat() if document.published_at else None,
        "source": document.source,
        "source_name": document.source_name,
        "title": document.title,
        "region": document.region,
        "region_label": labeller.label("region", document.region) if document.region else None,
        "regions_mentioned": document.regions_mentioned,
        "language": document.language,
        "topics": document.topics,
        "url": document.url,
        "text": document.text,
    }


# What makes a spreadsheet read a cell as a formula (OWASP's list): "=HYPERLINK(…)" in a crawled title would
# otherwise run in the researcher's Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: lists joined by ';', None empty, and a leading apostrophe where a formula would start."""
    text = ";".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_lines(documents: Iterator[Document], labeller: Labeller) -> Iterator[str]:
    """CSV in UTF-8 with a BOM, so Excel opens Korean text correctly; cells as `csv_cell` writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    yield "\ufeff" + _drain(buffer)
    for document in documents:
        writer.writerow([csv_cell(value) for value in export_row(document, labeller).values()])
        yield _drain(buffer)


def jsonl_lines(documents: Iterator[Document], labeller: Labeller) -> Iterator[str]:
    for document in documents:
        yield json.dumps(export_row(document, labeller), ensure_ascii=False) + "\n"


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
