"""The web UI: server-rendered pages over the same search and document functions as the JSON API."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from indexer.document import SEOUL
from indexer.labels import Labeller
from indexer.query import QuerySyntaxError
from indexer.related import cluster_documents, similar_documents
from indexer.response import document_json, search_json
from indexer.search_params import InvalidSearch, build_search_request
from indexer.store import DocumentStore
from search_api.dependencies import get_labeller, get_store
from search_api.params import SearchFilters, search_filters

router = APIRouter(include_in_schema=False)
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
PAGE_SIZE = 20
FACETS = ("region", "language", "topic", "source")


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: Annotated[DocumentStore, Depends(get_store)],
    labeller: Annotated[Labeller, Depends(get_labeller)],
    filters: Annotated[SearchFilters, Depends(search_filters)],
    sort: Annotated[str | None, Query(max_length=20)] = None,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    collapse: bool = False,
    start: Annotated[int, Query(ge=0, le=10_000_000)] = 0,  # hits before this page: for "21–40 of N" only
) -> HTMLResponse:
    selected = {name: getattr(filters, name) or [] for name in FACETS}
    error, result = None, None
    try:
        search = build_search_request(
            **filters.as_kwargs(), sort=sort or None, size=PAGE_SIZE, cursor=cursor, collapse=collapse
        )
        result = search_json(store.search(search), labeller)
        # As the search read them (kr-11 is KR-11), so the boxes of what is filtered show checked.
        read = (search.regions, search.languages, search.topics, search.sources)
        selected = {facet: list(values) for facet, values in zip(FACETS, read, strict=True)}
        for hit in result["hits"]:
            hit["region_label"] = labeller.label("region", hit["region"]) if hit["region"] else None
    except (QuerySyntaxError, InvalidSearch) as exc:
        error = str(exc)
    params = [(k, v) for k, values in selected.items() for v in values]
    params += [
        (k, v)
        for k, v in (("q", filters.q), ("date_from", filters.date_from), ("date_to", filters.date_to), ("sort", sort))
        if v
    ]
    if filters.has_attachment:
        params.append(("has_attachment", filters.has_attachment))
    if collapse:
        params.append(("collapse", "true"))
    context = {
        "q": filters.q,
        "facets": facet_boxes(result["facets"], selected, labeller) if result else {},
        "date_from": filters.date_from or "",
        "date_to": filters.date_to or "",
        "has_attachment": (filters.has_attachment or "").lower(),
        "sort": sort or "",
        "collapse": collapse,
        "result": result,
        "error": error,
        "first_page": cursor is None,
        "start": start if cursor else 0,
        "query_string": urlencode(params),
        "bars": histogram_bars(result["histogram"]["buckets"]) if result else [],
    }
    return TEMPLATES.TemplateResponse(request, "search.html", context, status_code=400 if error else 200)


def facet_boxes(
    facets: dict[str, list[dict[str, Any]]], selected: dict[str, list[str]], labeller: Labeller
) -> dict[str, list[dict[str, Any]]]:
    """A checkbox per facet value, checked when filtered on, with every filtered value shown.

    A value filtered on but absent from the counts (none match, or past the facet's top values) still gets
    its checked box, with a count of 0: otherwise the filter would be invisible, and the form's next
    submission would drop it without a word.
    """
    boxes: dict[str, list[dict[str, Any]]] = {}
    for facet, counts in facets.items():
        shown = [{**count, "checked": count["key"] in selected[facet]} for count in counts]
        keys = {count["key"] for count in counts}
        shown += [
            {"key": value, "label": labeller.label(facet, value), "count": 0, "checked": True}
            for value in selected[facet]
            if value not in keys
        ]
        boxes[facet] = shown
    return boxes


def histogram_bars(buckets: list[dict[str, Any]], width: int = 600, height: int = 80) -> list[dict[str, Any]]:
    """Bars of an inline SVG chart: one per period with documents, scaled to the tallest."""
    if not buckets:
        return []
    tallest = max(b["count"] for b in buckets)
    step = width / len(buckets)
    bar = min(max(step - 1, 1), 40)  # a lone period is a bar, not a wall
    return [
        {
            "x": round(i * step + (step - bar) / 2, 1),
            "width": round(bar, 1),
            "height": round(b["count"] / tallest * height, 1),
            "y": round(height - b["count"] / tallest * height, 1),
            "label": f"{b['start']}: {b['count']}",
        }
        for i, b in enumerate(buckets)
    ]


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
    context = {
        "doc": document_json(document, labeller),
        "published": korea_time(document.published_at),
        "paragraphs": document.text.split("\n\n"),
        "cluster": cluster_documents(store, document),
        "similar": similar_documents(store, document),
    }
    return TEMPLATES.TemplateResponse(request, "document.html", context)


def korea_time(moment: datetime | None) -> str | None:
    """A publication time as Korean readers date it: the day, and the time when the page gave one."""
    if moment is None:
        return None
    local = moment.astimezone(SEOUL)
    return f"{local:%Y-%m-%d}" if (local.hour, local.minute) == (0, 0) else f"{local:%Y-%m-%d %H:%M} KST"


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "help.html", {})
