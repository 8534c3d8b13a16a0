"""The web UI: server-rendered pages over the same search and document functions as the JSON API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from indexer.labels import Labeller
from indexer.query import QuerySyntaxError
from indexer.response import document_json, search_json
from indexer.search_params import InvalidSearch, build_search_request
from indexer.store import DocumentStore
from search_api.dependencies import get_labeller, get_store

router = APIRouter(include_in_schema=False)
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
PAGE_SIZE = 20


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: Annotated[DocumentStore, Depends(get_store)],
    labeller: Annotated[Labeller, Depends(get_labeller)],
    q: str = "",
    region: Annotated[list[str] | None, Query()] = None,
    language: Annotated[list[str] | None, Query()] = None,
    topic: Annotated[list[str] | None, Query()] = None,
    source: Annotated[list[str] | None, Query()] = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str | None = None,
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> HTMLResponse:
    selected = {"region": region or [], "language": language or [], "topic": topic or [], "source": source or []}
    error, result = None, None
    try:
        search = build_search_request(
            q,
            **selected,
            date_from=date_from,
            date_to=date_to,
            sort=sort or None,
            size=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        result = search_json(store.search(search), labeller)
    except (QuerySyntaxError, InvalidSearch) as exc:
        error = str(exc)
    params = [(k, v) for k, values in selected.items() for v in values]
    params += [(k, v) for k, v in (("q", q), ("date_from", date_from), ("date_to", date_to), ("sort", sort)) if v]
    context = {
        "q": q,
        "selected": selected,
        "date_from": date_from or "",
        "date_to": date_to or "",
        "sort": sort or "",
        "result": result,
        "error": error,
        "page": page,
        "page_size": PAGE_SIZE,
        "query_string": urlencode(params),
    }
    return TEMPLATES.TemplateResponse(request, "search.html", context, status_code=400 if error else 200)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request,
    document_id: str,
    store: Annotated[DocumentStore, Depends(get_store)],
    labeller: Annotated[Labeller, Depends(get_labeller)],
) -> HTMLResponse:
    document = store.get(document_id)
    if document is None:
        return TEMPLATES.TemplateResponse(request, "not_found.html", {"document_id": document_id}, status_code=404)
    context = {"doc": document_json(document, labeller), "paragraphs": document.text.split("\n\n")}
    return TEMPLATES.TemplateResponse(request, "document.html", context)


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "help.html", {})
