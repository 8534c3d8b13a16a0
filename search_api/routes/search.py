"""GET /v1/search: full-text search with facet filters, cursor paging, collapse and histogram."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from indexer.labels import Labeller
from indexer.response import search_json
from indexer.search_model import MAX_PAGE_SIZE
from indexer.search_params import build_search_request
from indexer.store import DocumentStore
from search_api.dependencies import get_labeller, get_store
from search_api.errors import error_responses
from search_api.params import SearchFilters, search_filters

router = APIRouter(prefix="/v1", tags=["search"])


@router.get("/search", summary="Search press releases", responses=error_responses(400, 503))
def search(
    store: Annotated[DocumentStore, Depends(get_store)],
    labeller: Annotated[Labeller, Depends(get_labeller)],
    filters: Annotated[SearchFilters, Depends(search_filters)],
    sort: Annotated[str | None, Query(max_length=20, description="relevance | newest | oldest")] = None,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"hits per page, 1 to {MAX_PAGE_SIZE}")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="skip hits (prefer cursor past the first pages)")] = 0,
    cursor: Annotated[str | None, Query(max_length=2000, description="the 'next' value of the previous page")] = None,
    collapse: Annotated[bool, Query(description="one hit per near-duplicate cluster, with cluster_size")] = False,
    interval: Annotated[
        str, Query(max_length=10, description="histogram period: day | week | month | year | auto")
    ] = "auto",
) -> dict[str, Any]:
    request = build_search_request(
        **filters.as_kwargs(),
        sort=sort,
        size=size,
        offset=offset,
        cursor=cursor,
        collapse=collapse,
        interval=interval,
    )
    return search_json(store.search(request), labeller)
