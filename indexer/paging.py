"""Opaque cursors for keyset paging, and the histogram interval 'auto' picks; shared by both backends."""

from __future__ import annotations

import base64
import json
import math
from datetime import date, timedelta
from typing import Any

from indexer.search_model import HistogramInterval, SortOrder
from indexer.search_params import InvalidSearch


class InvalidCursor(InvalidSearch):
    """A cursor that this store did not issue or that belongs to another sort order."""


def encode_cursor(sort: SortOrder, keys: list[Any]) -> str:
    """The sort keys of the last hit of a page, wrapped so clients treat it as opaque."""
    raw = json.dumps({"s": sort.value, "k": keys}, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: SortOrder) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        keys = data["k"]
        if data["s"] != sort.value or not isinstance(keys, list):
            raise InvalidCursor("cursor: it was issued for another sort order; start again without a cursor")
        if not all(_is_sort_key(key) for key in keys):
            raise TypeError
        return keys
    except InvalidCursor:
        raise
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise InvalidCursor("cursor: not a cursor this server issued; use the 'next' value of a result") from None


def _is_sort_key(value: object) -> bool:
    """What a store can have issued as a sort key: text, a 64-bit integer, a finite number or null."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, float) and math.isfinite(value)


def auto_interval(first: date | None, last: date | None) -> HistogramInterval:
    """Day up to two months, week up to a year, month up to ten years, then year."""
    if first is None or last is None:
        return HistogramInterval.MONTH
    span = last - first
    if span <= timedelta(days=62):
        return HistogramInterval.DAY
    if span <= timedelta(days=366):
        return HistogramInterval.WEEK
    if span <= timedelta(days=3660):
        return HistogramInterval.MONTH
    return HistogramInterval.YEAR


def bucket_start(day: date, interval: HistogramInterval) -> date:
    """First day of the period containing `day`."""
    if interval is HistogramInterval.WEEK:
        return day - timedelta(days=day.weekday())
    if interval is HistogramInterval.MONTH:
        return day.replace(day=1)
    if interval is HistogramInterval.YEAR:
        return day.replace(month=1, day=1)
    return day
