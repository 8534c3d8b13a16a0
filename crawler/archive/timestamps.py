"""Capture times: WARC's 14-digit timestamps, ISO dates from users, and refetch ages like "1d"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

WARC_14 = re.compile(r"^\d{14}$")
FRACTION = re.compile(r"T[\d:]+[.,]\d")
AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
AGE_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class BadTimestamp(ValueError):
    """A capture time that is neither a 14-digit WARC timestamp nor an ISO 8601 date or datetime."""


def to_warc14(moment: datetime) -> str:
    """The 14-digit UTC timestamp of CDX files and Wayback URLs (second precision)."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def to_iso(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, the form the capture index sorts on."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_warc_date(text: str) -> datetime:
    """A WARC-Date header (WARC/1.0 seconds or WARC/1.1 fractions) as an aware UTC datetime."""
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).astimezone(UTC)


def latest_instant(text: str) -> datetime:
    """The latest instant a user's ?at= covers: a whole second for 14 digits or a datetime without a fraction,
    a whole day for a date.

    "at or before 20240501" should include captures made during that second or day, so the bound is its end.
    A bound past what datetime holds (9999-12-31, or 0001-01-01 east of UTC) is clamped to its end.
    """
    text = text.strip()
    try:
        if WARC_14.match(text):
            start, span = datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC), timedelta(seconds=1)
        elif re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            start, span = datetime.fromisoformat(text).replace(tzinfo=UTC), timedelta(days=1)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            start = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            span = timedelta(seconds=1) if FRACTION.search(text) is None else timedelta(microseconds=1)
    except ValueError:
        raise BadTimestamp(f"{text!r} is not a 14-digit timestamp (20240501093000) or an ISO date") from None
    try:
        return (start + span - timedelta(microseconds=1)).astimezone(UTC)
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC) if start.year == datetime.max.year else datetime.min.replace(tzinfo=UTC)


def parse_age(text: str | int | float | None) -> timedelta | None:
    """A refetch age: seconds, or a number with s/m/h/d/w ("1d", "12h"); None or "0" means no age."""
    if text is None or text == "":
        return None
    match = AGE.match(str(text))
    if not match:
        raise ValueError(f"not an age: {text!r} (use e.g. 90, 30m, 12h, 1d, 2w)")
    seconds = float(match.group(1)) * AGE_UNITS[match.group(2)]
    return timedelta(seconds=seconds) if seconds > 0 else None
