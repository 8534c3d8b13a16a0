"""GET /v1/search.atom: an Atom feed of the newest matches, so a search can be followed in a feed reader."""

from __future__ import annotations

import html
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
# Characters XML 1.0 cannot carry at all, escaped or not: one in a query or a page would break the whole feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: NOT_XML.sub("", v) for k, v in attributes.items()})
        if text is not None:
            element.text = NOT_XML.sub("", text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "title", title)
    add(feed, "id", self_url)
    add(feed, "link", rel="self", href=self_url)
    updated = [h.document.published_at or h.document.fetched_at for h in result.hits]
    add(feed, "updated", max(updated).isoformat() if updated else "1970-01-01T00:00:00Z")
    add(add(feed, "author"), "name", "Pressroom")
    for hit in result.hits:
        doc = hit.document
        entry = add(feed, "entry")
        add(entry, "id", f"{base_url.rstrip('/')}/documents/{doc.id}")
        add(entry, "title", doc.title or doc.url)
        add(entry, "link", rel="alternate", href=doc.url)
        add(entry, "updated", (doc.published_at or doc.fetched_at).isoformat())
        if doc.published_at:
            add(entry, "published", doc.published_at.isoformat())
        add(add(entry, "author"), "name", doc.source_name or doc.source)
        # The snippet is HTML (escaped text with <mark>s); a plain-text summary is its text, unescaped once,
        # since ElementTree escapes it again for XML.
        add(entry, "summary", html.unescape(TAG.sub("", hit.snippet)))
        for topic in doc.topics:
            add(entry, "category", term=topic)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
