"""GET /v1/documents/{id}: one stored document with every field, its cluster and similar documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from indexer.labels import Labeller
from indexer.related import cluster_documents, similar_documents
from indexer.response import document_json, hit_json
from indexer.store import DocumentStore
from search_api.dependencies import get_labeller, get_store
from search_api.errors import error_responses

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get(
    "/documents/{document_id}",
    summary="One document, full text included",
    response_model=None,
    responses=error_responses(400, 404, 503),
)
def get_document(
    document_id: Annotated[str, Path(max_length=64)],
    store: Annotated[DocumentStore, Depends(get_store)],
    labeller: Annotated[Labeller, Depends(get_labeller)],
) -> dict[str, Any] | JSONResponse:
    document = store.get(document_id)
    if document is None:
        return JSONResponse(status_code=404, content={"error": f"no document with id {document_id!r}"})
    data = document_json(document, labeller)
    data["cluster"] = [
        {"id": d.id, "url": d.url, "title": d.title, "source": d.source, "source_name": d.source_name}
        for d in cluster_documents(store, document)
    ]
    data["similar"] = [hit_json(hit) for hit in similar_documents(store, document)]
    return data
