"""GET /v1/documents/{id}/capture (the archived original, served so none of its scripts run) and /versions.

The capture is served from our origin with `Content-Security-Policy: sandbox`: the page is an opaque
origin with scripts, forms and plugins off, and `default-src 'none'` stops it loading anything but inline
styles and data: images. `nosniff` keeps the browser to the archived Content-Type.
"""

from __future__ import annotations

from email.utils import format_datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic_settings import BaseSettings, SettingsConfigDict

from crawler.archive.capture_index import INDEX_FILE, Capture, CaptureIndex
from crawler.archive.reader import read_record_at
from crawler.archive.timestamps import BadTimestamp, latest_instant, to_iso
from indexer.document import Document
from indexer.store import DocumentStore
from indexer.versions import Version, history_json, version_of
from search_api.dependencies import get_store
from search_api.errors import error_responses

router = APIRouter(prefix="/v1", tags=["archive"])

CAPTURE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
CAPTURE_TYPES = ("text/html", "application/pdf", "application/xml", "text/plain", "application/octet-stream")


class ArchiveSettings(BaseSettings):
    """PRESSROOM_WARC_DIR: the WARC directory (and its capture index) a crawl wrote with --warc-dir."""

    model_config = SettingsConfigDict(env_prefix="PRESSROOM_")

    warc_dir: str = "var/warc"


def install_captures(app: FastAPI, settings: ArchiveSettings | None = None) -> None:
    """Mount the capture routes and give the document page its history (document_history in templates)."""
    app.state.warc_dir = Path((settings or ArchiveSettings()).warc_dir)
    app.include_router(router)
    from search_api.routes.ui import TEMPLATES

    TEMPLATES.env.globals["document_history"] = document_history


def get_warc_dir(request: Request) -> Path:
    return Path(getattr(request.app.state, "warc_dir", "var/warc"))


def open_index(warc_dir: Path) -> CaptureIndex | None:
    """The capture index of a WARC directory, or None when nothing was archived there."""
    return CaptureIndex(warc_dir) if (warc_dir / INDEX_FILE).exists() else None


def document_versions(store: DocumentStore, document: Document) -> list[Version]:
    """The stored history; a document stored before histories were kept has just its current version."""
    return store.versions(document.id) or [version_of(document)]


def capture_link(document_id: str, version: Version) -> str:
    return f"/v1/documents/{document_id}/capture?at={to_iso(version.captured_at)}"


@router.get(
    "/documents/{document_id}/capture",
    summary="The archived original page of a document, served sandboxed (no script of it runs)",
    response_class=Response,
    responses={
        200: {
            "description": "The archived bytes with their original Content-Type",
            "content": {kind: {} for kind in CAPTURE_TYPES},
        },
        **error_responses(400, 404, 503),
    },
)
def get_capture(
    document_id: Annotated[str, PathParam(max_length=64)],
    store: Annotated[DocumentStore, Depends(get_store)],
    warc_dir: Annotated[Path, Depends(get_warc_dir)],
    at: Annotated[
        str | None,
        Query(max_length=40, description="the capture at or before this time: 20240501093000 or an ISO date"),
    ] = None,
) -> Response:
    document = store.get(document_id)
    if document is None:
        return JSONResponse(status_code=404, content={"error": f"no document with id {document_id!r}"})
    try:
        moment = latest_instant(at) if at else None
    except BadTimestamp as exc:
        return JSONResponse(status_code=400, content={"error": f"at: {exc}"})
    index = open_index(warc_dir)
    if index is None:
        return JSONResponse(status_code=404, content={"error": "nothing is archived here (no capture index)"})
    try:
        capture = index.at(document.url, moment)
        first = index.history(document.url)
    finally:
        index.close()
    if capture is None:
        when = f"; the first capture is {first[0].captured_at}" if first else ""
        return JSONResponse(status_code=404, content={"error": f"no capture of this document at that time{when}"})
    return capture_response(warc_dir, capture)


def capture_response(warc_dir: Path, capture: Capture) -> Response:
    """The archived payload with its original type, under a sandboxing Content-Security-Policy."""
    try:
        record = read_record_at(warc_dir / Path(capture.payload_file).name, capture.payload_offset)
    except (OSError, StopIteration, ValueError) as exc:
        return JSONResponse(status_code=404, content={"error": f"the archived record cannot be read: {exc}"})
    headers = {
        "Content-Security-Policy": CAPTURE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Memento-Datetime": format_datetime(capture.time, usegmt=True),
        "X-Archive-Record-Id": capture.record_id,
        "X-Archive-Target-URI": capture.url,
    }
    content_type = record.http_header("Content-Type") or capture.mime or "application/octet-stream"
    return Response(content=record.payload or b"", media_type=content_type, headers=headers)


@router.get(
    "/documents/{document_id}/versions",
    summary="A document's history: every version with its capture time, text diff and capture link",
    response_model=None,
    responses=error_responses(404, 503),
)
def get_versions(
    document_id: Annotated[str, PathParam(max_length=64)],
    store: Annotated[DocumentStore, Depends(get_store)],
    warc_dir: Annotated[Path, Depends(get_warc_dir)],
) -> dict[str, Any] | JSONResponse:
    document = store.get(document_id)
    if document is None:
        return JSONResponse(status_code=404, content={"error": f"no document with id {document_id!r}"})
    return history_data(store, document, warc_dir)


def history_data(store: DocumentStore, document: Document, warc_dir: Path) -> dict[str, Any]:
    history = document_versions(store, document)
    versions = history_json(history)
    for entry, version in zip(versions, history, strict=True):
        entry["capture"] = capture_link(document.id, version)
    captures: list[dict[str, Any]] = []
    index = open_index(warc_dir)
    if index is not None:
        try:
            captures = [
                {
                    "captured_at": c.captured_at,
                    "kind": c.record_type,  # response, or revisit (unchanged since the one before)
                    "status": c.status,
                    "capture": f"/v1/documents/{document.id}/capture?at={c.captured_at}",
                }
                for c in index.history(document.url)
            ]
        finally:
            index.close()
    return {"id": document.id, "url": document.url, "versions": versions, "captures": captures}


def document_history(request: Request, document_id: str) -> dict[str, Any] | None:
    """For the document page template: the same data as /versions."""
    store: DocumentStore = request.app.state.store
    document = store.get(document_id)
    return history_data(store, document, get_warc_dir(request)) if document else None
