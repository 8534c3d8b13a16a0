"""Publication dates: parse the many ways pages write a date, and pick the one that dates the article."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from crawler.cleaning import vocabulary as vocab

SEOUL = ZoneInfo("Asia/Seoul")
# Month names are unique in their first three letters ("sep", "sept", "september" -> 9).
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
MONTH_NAMES = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"  # noqa: E501
TIME = r"(?:\s*(?:\([^)]{1,3}\))?\s*(?:(?P<ampm>오전|오후|AM|PM|am|pm)\s*)?(?P<hh>\d{1,2})\s?[:시]\s?(?P<mi>\d{2})(?::(?P<ss>\d{2}))?)?"  # noqa: E501
ISO_ZONE = r"(?P<zone>Z|[+-]\d{2}:?\d{2})?"
DATE_IN_TEXT = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s?[-./년]\s?(?P<m>\d{1,2})\s?[-./월]\s?(?P<d>\d{1,2})(?!\d)\s?일?\.?"
    + r"(?:T|\s)?"
    + TIME
    + ISO_ZONE
    + rf"|(?<!\w)(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_NAMES})\.?,?\s+"
    + r"(?P<y2>(?:19|20)\d{2})(?!\d)"
    + rf"|(?<!\w)(?P<m3>{MONTH_NAMES})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    + r"(?P<y3>(?:19|20)\d{2})(?!\d)",
    re.I,
)
# Two-digit years only count straight after a label: "작성일18-09-19 21:37".
LABELLED_SHORT_DATE = re.compile(
    r"(?:작성일|등록일|게시일|입력|날짜|일자|Date)\s*[:：]?\s*(?P<y>\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)"
    + TIME
)
COMPACT_DATE = re.compile(
    r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<hh>\d{2})(?P<mi>\d{2})(?P<ss>\d{2})?)?$"
)
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|\D)")
PUBLISHED_LABEL = re.compile("|".join(re.escape(label) for label in vocab.PUBLISHED_LABELS), re.I)
MODIFIED_LABEL = re.compile("|".join(re.escape(label) for label in vocab.MODIFIED_LABELS), re.I)
# How far before a date its label may sit ("입력 2018.09.19", "Posted on: March 19, 2018").
LABEL_REACH = 16
EARLIEST_YEAR = 1990


def make_datetime(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    tz: timezone | ZoneInfo | None = None,
) -> datetime | None:
    """A timezone-aware datetime (Seoul unless told), or None when the parts are not a real date."""
    if not EARLIEST_YEAR <= year <= datetime.now(UTC).year + 1:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz or SEOUL)
    except ValueError:
        try:
            return datetime(year, month, day, tzinfo=tz or SEOUL)
        except ValueError:
            return None


def zone_from(text: str | None) -> timezone | None:
    """A fixed offset from "Z", "+09:00" or "+0900"."""
    if not text:
        return None
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def from_match(match: re.Match[str]) -> datetime | None:
    """Build the datetime a DATE_IN_TEXT / LABELLED_SHORT_DATE match describes."""
    parts = match.groupdict()
    if parts.get("y2"):
        return make_datetime(int(parts["y2"]), MONTHS[parts["m2"].lower()[:3]], int(parts["d2"]))
    if parts.get("y3"):
        return make_datetime(int(parts["y3"]), MONTHS[parts["m3"].lower()[:3]], int(parts["d3"]))
    year = int(parts["y"])
    year = year + 2000 if year < 100 else year
    hour = int(parts["hh"]) if parts.get("hh") else 0
    if parts.get("ampm") in ("오후", "PM", "pm") and hour < 12:
        hour += 12
    minute = int(parts["mi"]) if parts.get("mi") else 0
    second = int(parts["ss"]) if parts.get("ss") else 0
    return make_datetime(year, int(parts["m"]), int(parts["d"]), hour, minute, second, zone_from(parts.get("zone")))


def parse_date(value: str | None) -> datetime | None:
    """Parse a machine-written date (meta content, JSON-LD, <time datetime>, a date cell)."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()[:100]
    compact = COMPACT_DATE.match(value)
    if compact:
        return from_match(compact)
    match = DATE_IN_TEXT.search(value) or LABELLED_SHORT_DATE.search(value)
    if match:
        return from_match(match)
    try:
        parsed = parsedate_to_datetime(value)  # RFC 2822: "Wed, 19 Sep 2018 12:00:00 GMT"
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or not EARLIEST_YEAR <= parsed.year <= datetime.now(UTC).year + 1:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SEOUL)


def dates_in_text(text: str) -> list[tuple[datetime, str]]:
    """Every date written in `text`, in order, each with its label kind: "published", "modified" or ""."""
    found: list[tuple[int, datetime, str]] = []
    for pattern in (DATE_IN_TEXT, LABELLED_SHORT_DATE):
        for match in pattern.finditer(text):
            parsed = from_match(match)
            if parsed is None:
                continue
            before = text[max(0, match.start() - LABEL_REACH) : match.start()]
            # The label nearest the date decides ("입력 2018.09.19 수정 2018.09.20").
            last_pub = max((m.end() for m in PUBLISHED_LABEL.finditer(before)), default=-1)
            last_mod = max((m.end() for m in MODIFIED_LABEL.finditer(before)), default=-1)
            if pattern is LABELLED_SHORT_DATE:
                last_pub = max(last_pub, 0)
            kind = "modified" if last_mod > last_pub else "published" if last_pub >= 0 else ""
            found.append((match.start(), parsed, kind))
    found.sort(key=lambda item: item[0])
    return [(parsed, kind) for _, parsed, kind in found]


def pick_visible_date(after_title: str, before_title: str) -> datetime | None:
    """The date shown near the title: a labelled publication date first, then any but a modification."""
    after = dates_in_text(after_title)
    for parsed, found_kind in after:
        if found_kind == "published":  # the first choice: the text before the title need not be read
            return parsed
    before = dates_in_text(before_title)
    for kind in ("published", ""):
        for parsed, found_kind in after + before[::-1]:
            if found_kind == kind:
                return parsed
    return None


def date_from_url(url: str | None) -> datetime | None:
    """A date written in the URL path (/2018/09/19/, /20180919/), the last resort."""
    match = URL_DATE.search(url or "")
    return make_datetime(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
