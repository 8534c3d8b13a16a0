"""Turn user-given search parameters (API query string or CLI flags) into a checked SearchRequest."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from indexer.search_model import MAX_PAGE_SIZE, HistogramInterval, SearchRequest, SortOrder

LANGUAGE_CODE = re.compile(r"^([a-z]{2}|und)$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class InvalidSearch(ValueError):
    """A parameter that cannot be used; the message names it and says what is expected."""


def split_values(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Accept repeated parameters and comma-separated lists alike."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(dict.fromkeys(out))


def parse_day(value: str | None, name: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidSearch(f"{name}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-01") from None


def parse_flag(value: bool | str | None, name: str) -> bool | None:
    """true/false as a query string or a form gives them; empty (a form's "any") means no filter."""
    if value is None or isinstance(value, bool):
        return value
    flag = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": None}.get(
        value.strip().lower(), ...
    )
    if flag is ...:
        raise InvalidSearch(f"{name}: {value!r} is not true or false")
    return flag


def normalise_regions(values: tuple[str, ...]) -> tuple[str, ...]:
    from indexer.enrich import RegionGazetteer

    gazetteer = RegionGazetteer.default()
    codes: list[str] = []
    for value in values:
        code = gazetteer.normalize(value)
        if code is None:
            raise InvalidSearch(
                f"region: unknown code {value!r}; use an ISO 3166-2:KR code such as KR-11 or a 5-digit"
                " municipality code such as 44130"
            )
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def build_search_request(
    q: str | None = "",
    *,
    region: Iterable[str] | str | None = None,
    language: Iterable[str] | str | None = None,
    topic: Iterable[str] | str | None = None,
    source: Iterable[str] | str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    has_attachment: bool | str | None = None,
    sort: str | None = None,
    size: int = 20,
    offset: int = 0,
    cursor: str | None = None,
    collapse: bool = False,
    interval: str | None = "auto",
    max_size: int = MAX_PAGE_SIZE,
) -> SearchRequest:
    """Validate every parameter; raise InvalidSearch with a message a user can act on."""
    languages = tuple(v.lower() for v in split_values(language))
    for value in languages:
        if not LANGUAGE_CODE.match(value):
            raise InvalidSearch(f"language: {value!r} is not an ISO 639-1 code such as ko or en")
    topics = split_values(topic)
    for value in topics:
        if not SLUG.match(value):
            raise InvalidSearch(f"topic: {value!r} is not a topic slug such as smart-city")
    sort_order = None
    if sort:
        try:
            sort_order = SortOrder(sort)
        except ValueError:
            raise InvalidSearch(f"sort: {sort!r} is not one of relevance, newest, oldest") from None
    if not 1 <= size <= max_size:
        raise InvalidSearch(f"size: {size} is out of range; use 1 to {max_size}")
    histogram = None
    if interval:
        try:
            histogram = HistogramInterval(interval)
        except ValueError:
            raise InvalidSearch(f"interval: {interval!r} is not one of day, week, month, year, auto") from None
    if offset < 0:
        raise InvalidSearch("offset: must not be negative")
    first, last = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
    if first and last and first > last:
        raise InvalidSearch(f"date_from {first} is after date_to {last}")
    return SearchRequest(
        query=(q or "").strip(),
        regions=normalise_regions(split_values(region)),
        languages=languages,
        topics=topics,
        sources=split_values(source),
        date_from=first,
        date_to=last,
        has_attachment=parse_flag(has_attachment, "has_attachment"),
        sort=sort_order,
        size=size,
        offset=offset,
        cursor=cursor or None,
        collapse=collapse,
        histogram=histogram,
    )
