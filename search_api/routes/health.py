"""GET /healthz: is the store answering, and how many documents does it hold."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from indexer.store import DocumentStore, StoreError
from search_api.dependencies import get_store
from search_api.errors import error_responses

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and store health", response_model=None, responses=error_responses(503))
def healthz(store: Annotated[DocumentStore, Depends(get_store)]) -> dict[str, Any] | JSONResponse:
    try:
        return {"status": "ok", "documents": store.count()}
    except StoreError as exc:
        return JSONResponse(status_code=503, content={"status": "unavailable", "error": str(exc)})
