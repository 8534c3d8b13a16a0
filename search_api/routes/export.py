"""GET /v1/export: every matching document as CSV or JSON Lines, streamed, never silently cut."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, StreamingResponse

from indexer.export import csv_lines, iter_matches, jsonl_lines
from indexer.labels import Labeller
from indexer.search_params import build_search_request
from indexer.store import DocumentStore
from search_api.dependencies import get_labeller, get_store
from search_api.errors import error_responses
from search_api.head_requests import is_head_request
from search_api.params import SearchFilters, search_filters

router = APIRouter(prefix="/v1", tags=["export"])

# The documented ceiling of one export; larger exports answer 413 with the count instead of truncating.
EXPORT_MAX_DOCUMENTS = 200_000
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


@router.get(
    "/export",
    summary=f"Export every matching document (CSV with BOM, or JSON Lines; at most {EXPORT_MAX_DOCUMENTS})",
    response_class=StreamingResponse,
    response_model=None,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}, **error_responses(400, 413, 503)},
)
def export(
    store: Annotated[DocumentStore, Depends(get_store)],
    labeller: Annotated[Labeller, Depends(get_labeller)],
    filters: Annotated[SearchFilters, Depends(search_filters)],
    head: Annotated[bool, Depends(is_head_request)],
    format: Annotated[Literal["csv", "jsonl"], Query(description="csv | jsonl")] = "csv",
    sort: Annotated[str | None, Query(max_length=20, description="relevance | newest | oldest")] = None,
) -> StreamingResponse | JSONResponse:
    request = build_search_request(**filters.as_kwargs(), sort=sort or "newest", size=1, interval=None)
    total = store.search(dataclasses.replace(request, facets=False)).total
    if total > EXPORT_MAX_DOCUMENTS:
        return JSONResponse(
            status_code=413,
            content={
                "error": f"{total} documents match; one export holds at most {EXPORT_MAX_DOCUMENTS}."
                " Narrow the search (e.g. by date range) and export in parts.",
                "total": total,
            },
        )
    write = csv_lines if format == "csv" else jsonl_lines
    # HEAD: the status and headers a GET would get (the count above decides 200 or 413), and no body built.
    lines = iter(()) if head else write(iter_matches(store, request), labeller)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return StreamingResponse(
        lines,
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": f'attachment; filename="pressroom-export-{stamp}.{format}"',
            "X-Total-Count": str(total),
        },
    )
