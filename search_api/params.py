"""Query parameters shared by /v1/search, /v1/export, /v1/search.atom and the UI (one definition)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

MultiValue = Annotated[list[str] | None, Query(description="Repeat the parameter or separate values by commas")]


@dataclass
class SearchFilters:
    """The query and filters of a search, as the user gave them (validated by build_search_request)."""

    q: str
    region: list[str] | None
    language: list[str] | None
    topic: list[str] | None
    source: list[str] | None
    date_from: str | None
    date_to: str | None
    has_attachment: str | None = None  # true/false, read by build_search_request (an empty form field is "any")

    def as_kwargs(self) -> dict[str, Any]:
        return dict(self.__dict__)


def search_filters(
    q: Annotated[str, Query(max_length=1000, description="Query; empty lists every document, newest first")] = "",
    region: MultiValue = None,
    language: MultiValue = None,
    topic: MultiValue = None,
    source: MultiValue = None,
    date_from: Annotated[
        str | None, Query(max_length=40, description="Published on or after (YYYY-MM-DD, Korea time)")
    ] = None,
    date_to: Annotated[
        str | None, Query(max_length=40, description="Published on or before (YYYY-MM-DD, Korea time)")
    ] = None,
    has_attachment: Annotated[
        str | None,
        Query(
            max_length=10,
            description="true: only documents with attachments (PDF, HWPX…); false: only without; empty: either",
        ),
    ] = None,
) -> SearchFilters:
    return SearchFilters(q, region, language, topic, source, date_from, date_to, has_attachment)
