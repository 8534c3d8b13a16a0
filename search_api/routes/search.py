"""GET /v1/search: full-text search with facet filters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from indexer.labels import Labeller
from indexer.response import search_json
from indexer.search_model import MAX_PAGE_SIZE
from indexer.search_params import build_search_request
from indexer.store import DocumentStore
from search_api.dependencies import get_labeller, get_store

router = APIRouter(prefix="/v1", tags=["search"])

MultiValue = Annotated[list[str] | None, Query(description="Repeat the parameter or separate values by commas")]


@router.get("/search", summary="Search press releases")
def search(
    store: Annotated[DocumentStore, Depends(get_store)],
    labeller: Annotated[Labeller, Depends(get_labeller)],
    q: Annotated[str, Query(max_length=1000, description="Query; empty lists every document, newest first")] = "",
    region: MultiValue = None,
    language: MultiValue = None,
    topic: MultiValue = None,
    source: MultiValue = None,
    date_from: Annotated[str | None, Query(description="Published on or after (YYYY-MM-DD, Korea time)")] = None,
    date_to: Annotated[str | None, Query(description="Published on or before (YYYY-MM-DD, Korea time)")] = None,
    sort: Annotated[str | None, Query(description="relevance | newest | oldest")] = None,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    request = build_search_request(
        q,
        region=region,
        language=language,
        topic=topic,
        source=source,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        size=size,
        offset=offset,
    )
    return search_json(store.search(request), labeller)
