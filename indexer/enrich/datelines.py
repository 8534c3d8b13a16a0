"""Datelines: the place a news agency's copy says it was filed from, "(창원=연합뉴스)" or "CHANGWON (Yonhap) --"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.enrich.gazetteer import RegionGazetteer

# A dateline opens one of the first lines (subtitles may come before it) ...
OPENING_SEARCH_CHARS = 500
# ... or closes the article, as some papers sign it ("… 말했다. /수원=홍길동 기자", "광주=정태관 e-mail").
CLOSING_SEARCH_CHARS = 200

# What a credit puts before its "=" ("(사진=연합뉴스)", "사진=홍길동 기자"): never a place.
_CREDIT = r"(?!(?:사진|자료|그래픽|영상|출처|제공|글|정리|편집|촬영|그림)\s*=)"
# (창원=연합뉴스) 홍길동 기자 = · [전주=뉴시스] · 【전주=뉴시스】홍길동 기자 = · [고성=아시아경제 홍길동 기자] ·
# (Changwon=Yonhap): a place, "=", the agency or the reporter, in brackets; then perhaps the reporters and "=".
_BRACKETED = (
    r"[(\[【〔]\s*"
    + _CREDIT
    + r"(?P<place>[가-힣]{1,8}|[A-Za-z][A-Za-z -]{1,24}?)\s*=\s*[^()\[\]【】〔〕=\n]{1,30}[)\]】〕]"
    r"(?:\s*(?:[가-힣]{2,4}[\s·,]*){1,3}(?:기자|특파원|통신원)(?![가-힣])(?:\s*=)?)?"
)
# 광주=정태관 기자 = (no brackets: then the reporter's title says it is a byline)
_BARE = _CREDIT + r"(?P<bare>[가-힣]{1,8})\s?=\s?[가-힣]{2,4}\s?(?:기자|특파원)(?![가-힣])(?:\s*=)?"
# CHANGWON, South Korea (Yonhap) -- · SEOUL, June 3 (Yonhap) -- · SEOUL (Reuters) -: the place in capitals.
_ENGLISH = (
    r"(?P<capitals>[A-Z]{2,}(?:[ -][A-Z]{2,})?)(?:,[^()\n]{1,30})?\s?"
    r"\([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3}\)\s*(?:--|—|–|-)"
)
_OPENING = re.compile(rf"[ \t]*(?:{_BRACKETED}|{_BARE}|{_ENGLISH})[ \t]*(?:(?:--|—|–)[ \t]*)?")
# … 말했다. /수원=홍길동 기자 · 광주=정태관 ctk3312@mt.co.kr | twitter: at a line start or after a slash, the
# last thing on its line but an address and share labels.
_CLOSING = re.compile(
    r"(?:^|/)[ \t]?" + _CREDIT + r"(?P<place>[가-힣]{1,8})[ \t]?=[ \t]?[가-힣]{2,4}(?:[ \t]?(?:기자|특파원))?"
    r"(?:[ \t]+[\w.+-]+@[\w.-]+\.\w+)?[^\S\n]*(?:\|[^\n]{0,40})?$",
    re.MULTILINE,
)
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
            if match := _OPENING.match(text, start):
                place = match.group("place") or match.group("bare") or match.group("capitals")
                return Dateline(place, match.start(), match.end())
            start = head.find("\n", start) + 1 or -1
    tail_start = max(0, len(text) - CLOSING_SEARCH_CHARS)
    if "=" in text[tail_start:] and (closing := _CLOSING.search(text, tail_start)):
        return Dateline(closing.group("place"), closing.start(), closing.end())
    return None


def dateline_places(place: str, gazetteer: RegionGazetteer) -> tuple[str, ...]:
    """The codes a dateline's place can mean; none when it is not a Korean place or is a national desk's city."""
    codes = gazetteer.dateline_forms().get(" ".join(place.split()).lower(), ())
    if all(gazetteer.province_of(code) in NATIONAL_DESKS for code in codes):
        return ()
    return codes
