"""GET /v1/search.atom: an Atom feed of the newest matches, so a search can be followed in a feed reader."""

from __future__ import annotations

import re
from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from indexer.search_model import SearchResult
from indexer.search_params import build_search_request
from indexer.store import DocumentStore
from search_api.dependencies import get_store
from search_api.errors import error_responses
from search_api.params import SearchFilters, search_filters

router = APIRouter(prefix="/v1", tags=["feeds"])
ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
TAG = re.compile(r"<[^>]+>")


@router.get(
    "/search.atom",
    summary="Atom feed of the newest documents matching a search",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}, **error_responses(400, 503)},
)
def search_feed(
    request: Request,
    store: Annotated[DocumentStore, Depends(get_store)],
    filters: Annotated[SearchFilters, Depends(search_filters)],
) -> Response:
    search = build_search_request(**filters.as_kwargs(), sort="newest", size=FEED_SIZE, interval=None)
    result = store.search(search)
    body = atom_feed(result, title=_feed_title(filters), self_url=str(request.url), base_url=str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _feed_title(filters: SearchFilters) -> str:
    parts = [filters.q or "all documents"]
    for name in ("region", "language", "topic", "source"):
        values = getattr(filters, name)
        if values:
            parts.append(f"{name} {', '.join(values)}")
    return "Pressroom: " + " · ".join(parts)


def atom_feed(result: SearchResult, *, title: str, self_url: str, base_url: str) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    updated = [h.document.published_at or h.document.fetched_at for h in result.hits]
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(updated).isoformat() if updated else "1970-01-01T00:00:00Z"
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "Pressroom"
    for hit in result.hits:
        doc = hit.document
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{base_url.rstrip('/')}/documents/{doc.id}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = doc.title or doc.url
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=doc.url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = (doc.published_at or doc.fetched_at).isoformat()
        if doc.published_at:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = doc.published_at.isoformat()
        ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = doc.source_name or doc.source
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = TAG.sub("", hit.snippet)
        for topic in doc.topics:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=topic)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
