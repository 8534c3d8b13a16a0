"""Publication dates: parse the many ways pages write a date, and pick the one that dates the article."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
# The characters a DATE_IN_TEXT match can start with: a digit, or a month name's first letter in either case
# (re.IGNORECASE also takes the long s, "ſ", for an "s"). A test checks this against every code point.
DATE_STARTS = r"[\dJFMASONDjfmasondſ]"
# re tries a pattern at every position of the text unless the pattern opens with a plain character or class,
# and DATE_IN_TEXT opens with lookbehinds: ~75 ns a character, most of the date search. This pattern opens
# with DATE_STARTS, so re skips to those characters, and matches one just where DATE_IN_TEXT matches from it:
# two cheap lookbehinds first rule out most (a letter inside a word, a digit inside a number, where every
# DATE_IN_TEXT branch's own lookbehind fails), then the last one steps back over the character and runs
# DATE_IN_TEXT there as a lookahead, its groups uncaptured.
DATE_START = re.compile(
    DATE_STARTS
    + r"(?<!\w[A-Za-zſ])(?<!\d\d)"
    + r"(?<=(?=(?i:"
    + re.sub(r"\(\?P<\w+>", "(?:", DATE_IN_TEXT.pattern)
    + r"))[\s\S])"
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
# Not right after a Hangul syllable: a label of its own, not the end of a longer word.
OTHER_LABEL = re.compile(
    "|".join(rf"(?<![가-힣]){re.escape(label)}" for label in sorted(vocab.OTHER_DATE_LABELS, key=len, reverse=True)),
    re.I,
)
LABEL_KINDS = (("published", PUBLISHED_LABEL), ("modified", MODIFIED_LABEL), ("other", OTHER_LABEL))
# What joins the two ends of a period ("2024. 6. 1.(토) ~ 2024. 6. 30."): the second end is of the first's kind.
RANGE_JOIN = re.compile(r"\s*(?:\([^)]{1,3}\))?\s*(?:[~∼～\-–—]|부터|to|until)\s*", re.I)
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
    """A fixed offset from "Z", "+09:00" or "+0900"; None for none, or for an offset of a day or more."""
    if not text:
        return None
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
    return timezone(sign * offset) if offset < timedelta(hours=24) else None


def from_match(match: re.Match[str]) -> datetime | None:
    """Build the datetime a DATE_IN_TEXT / LABELLED_SHORT_DATE match describes; None when its parts make no date.

    The patterns match case-insensitively, so a month spelled with the long s ("ſep") matches but names no
    month, and a zone offset may be a day or more ("+24:00"), which no zone is: neither is a date.
    """
    parts = match.groupdict()
    if parts.get("y2") or parts.get("y3"):
        suffix = "2" if parts.get("y2") else "3"
        month = MONTHS.get(parts["m" + suffix].lower()[:3])
        return make_datetime(int(parts["y" + suffix]), month, int(parts["d" + suffix])) if month else None
    year = int(parts["y"])
    year = year + 2000 if year < 100 else year
    hour = int(parts["hh"]) if parts.get("hh") else 0
    if parts.get("ampm") in ("오후", "PM", "pm") and hour < 12:
        hour += 12
    minute = int(parts["mi"]) if parts.get("mi") else 0
    second = int(parts["ss"]) if parts.get("ss") else 0
    zone = zone_from(parts.get("zone"))
    if parts.get("zone") and zone is None:
        return None
    return make_datetime(year, int(parts["m"]), int(parts["d"]), hour, minute, second, zone)


def parse_date(value: str | None) -> datetime | None:
    """Parse a machine-written date (meta content, JSON-LD, <time datetime>, a date cell)."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()[:100]
    compact = COMPACT_DATE.match(value)
    if compact:
        return from_match(compact)
    match = next(date_matches(value), None) or LABELLED_SHORT_DATE.search(value)
    if match:
        return from_match(match)
    try:
        parsed = parsedate_to_datetime(value)  # RFC 2822: "Wed, 19 Sep 2018 12:00:00 GMT"
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or not EARLIEST_YEAR <= parsed.year <= datetime.now(UTC).year + 1:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SEOUL)


def date_matches(text: str) -> Iterator[re.Match[str]]:
    """DATE_IN_TEXT.finditer(text), several times faster (DATE_START finds where each match starts)."""
    pos = 0
    while (start := DATE_START.search(text, pos)) is not None:
        match = DATE_IN_TEXT.match(text, start.start())
        if match is None:  # never: DATE_START matches only where DATE_IN_TEXT does
            return
        yield match
        pos = match.end()  # a match is never empty


def dates_in_text(text: str) -> list[tuple[datetime, str]]:
    """Every date written in `text`, in order, each with its label kind: "published", "modified", "other" (an
    event's, a period's, a deadline's) or ""."""
    return list(iter_dates(text))


def iter_dates(text: str) -> Iterator[tuple[datetime, str]]:
    """dates_in_text, lazily: the text is searched only as far as the dates taken (most pages' first date
    is the labelled publication date that pick_visible_date stops at)."""
    previous_end, previous_kind = -1, ""
    for match, short_date in all_date_matches(text):
        found = labelled_date(text, match, short_date)
        if not found:
            continue
        # The end of a period ("접수기간 : 2024.6.1 ~ 2024.6.30") stands too far from the label to see it.
        if found[1] == "" and previous_kind == "other" and RANGE_JOIN.fullmatch(text, previous_end, match.start()):
            found = (found[0], "other")
        previous_end, previous_kind = match.end(), found[1]
        yield found


def all_date_matches(text: str) -> Iterator[tuple[re.Match[str], bool]]:
    """DATE_IN_TEXT and LABELLED_SHORT_DATE matches in order of start (at the same start DATE_IN_TEXT's first),
    each with whether it is a short (labelled, two-digit year) date."""
    short = list(LABELLED_SHORT_DATE.finditer(text))  # cheap to find (it opens with its labels): all at once
    taken = 0
    for match in date_matches(text):
        while taken < len(short) and short[taken].start() < match.start():
            yield short[taken], True
            taken += 1
        yield match, False
    for match in short[taken:]:
        yield match, True


def labelled_date(text: str, match: re.Match[str], short_date: bool) -> tuple[datetime, str] | None:
    """The date a DATE_IN_TEXT or (`short_date`) LABELLED_SHORT_DATE match in `text` describes, with its
    label kind; None when it is no real date."""
    parsed = from_match(match)
    if parsed is None:
        return None
    before = text[max(0, match.start() - LABEL_REACH) : match.start()]
    # The label nearest the date decides ("입력 2018.09.19 수정 2018.09.20"); of two that end together, the
    # longer ("보도일시" holds "일시"). A short date holds its publication label itself.
    nearest = (0, 0, "published") if short_date else (-1, 0, "")
    for kind, label in LABEL_KINDS:
        for found in label.finditer(before):
            nearest = max(nearest, (found.end(), -found.start(), kind))
    return parsed, nearest[2]


def pick_visible_date(after_title: str, before_title: str) -> datetime | None:
    """The date shown near the title: a labelled publication date first, then any but a modification."""
    after = []
    for parsed, found_kind in iter_dates(after_title):
        if found_kind == "published":  # the first choice: neither the rest nor the text before need be read
            return parsed
        after.append((parsed, found_kind))
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
