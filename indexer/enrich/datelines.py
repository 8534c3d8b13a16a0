"""Datelines: the place a news agency's copy says it was filed from, "(창원=연합뉴스)" or "CHANGWON (Yonhap) --"."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.datelines import CLOSING, OPENING, opening_place
from indexer.enrich.gazetteer import RegionGazetteer

# A dateline opens one of the first lines (subtitles may come before it) ...
OPENING_SEARCH_CHARS = 500
# ... or closes the article, as some papers sign it ("… 말했다. /수원=홍길동 기자", "광주=정태관 e-mail").
CLOSING_SEARCH_CHARS = 200

# Where the national desks of the news agencies sit: Seoul for national news, Sejong's government complex for
# the ministries'. A story filed there is as often about the whole country as about the city.
NATIONAL_DESKS = frozenset({"KR-11", "KR-50"})


@dataclass(frozen=True)
class Dateline:
    """A dateline found in text: its place as written, and the span of the whole dateline (agency, reporter)."""

    place: str
    start: int
    end: int


def find_dateline(text: str) -> Dateline | None:
    """The dateline that opens one of the first lines of `text` or closes its last one; None when there is none."""
    head = text[:OPENING_SEARCH_CHARS]
    # Every dateline holds an "=" or an English agency's ") -"; most texts hold neither near their ends.
    if "=" in head or ")" in head:
        start = 0
        while 0 <= start < len(head):
            if match := OPENING.match(text, start):
                return Dateline(opening_place(match), match.start(), match.end())
            start = head.find("\n", start) + 1 or -1
    tail_start = max(0, len(text) - CLOSING_SEARCH_CHARS)
    if "=" in text[tail_start:] and (closing := CLOSING.search(text, tail_start)):
        return Dateline(closing.group("place"), closing.start(), closing.end())
    return None


def dateline_places(place: str, gazetteer: RegionGazetteer) -> tuple[str, ...]:
    """The codes a dateline's place can mean; none when it is not a Korean place or is a national desk's city."""
    codes = gazetteer.dateline_forms().get(" ".join(place.split()).lower(), ())
    if all(gazetteer.province_of(code) in NATIONAL_DESKS for code in codes):
        return ()
    return codes
