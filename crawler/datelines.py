"""News datelines: the place a wire copy says it was filed from ("(창원=연합뉴스)", "CHANGWON (Yonhap) --").

One definition for both sides of the crawl: the cleaner strips datelines with the byline but keeps their place
(CrawledArticle.dateline), and enrichment reads a dateline left in the text, both as a region cue. Pure
patterns (`re` only), so that enrichment does not load the cleaner to read them.
"""

from __future__ import annotations

import re

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
# A dateline opening a line (match it at the line's start).
OPENING = re.compile(rf"[ \t]*(?:{_BRACKETED}|{_BARE}|{_ENGLISH})[ \t]*(?:(?:--|—|–)[ \t]*)?")
# … 말했다. /수원=홍길동 기자 · 광주=정태관 ctk3312@mt.co.kr | twitter: at a line start or after a slash, the
# last thing on its line but an address and share labels.
CLOSING = re.compile(
    r"(?:^|/)[ \t]?" + _CREDIT + r"(?P<place>[가-힣]{1,8})[ \t]?=[ \t]?[가-힣]{2,4}(?:[ \t]?(?:기자|특파원))?"
    r"(?:[ \t]+[\w.+-]+@[\w.-]+\.\w+)?[^\S\n]*(?:\|[^\n]{0,40})?$",
    re.MULTILINE,
)


def opening_place(match: re.Match[str]) -> str:
    """The place, as written, of an OPENING match."""
    return match.group("place") or match.group("bare") or match.group("capitals")
