"""Where an article ends on a news page: the byline or copyright line, after which comes page chrome."""

from __future__ import annotations

import re

# Lines that close an article on Korean and English news sites. What follows them (related stories,
# stock tickers, "more from this reporter") is about other things and must not feed topics or regions.
_TRAILER = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+"  # the reporter's e-mail address
    r"|기자입니다|무단\s*전재|재배포\s*금지|저작권자|ⓒ|©|\ball rights reserved\b|\bcopyright\b",
    re.IGNORECASE,
)
# A trailer is only believed in the last part of a page; one near the top is a header or a photo credit.
TRAILER_SEARCH_FROM = 0.3

# Every _TRAILER match starts with one of these (an e-mail address has one, its @, further on), in any
# case _TRAILER's IGNORECASE accepts: ⓒ or Ⓒ, and "all r" or "copyr" in any mix of ASCII cases (no other
# character folds to those letters). Looking for them first is what makes a page without a trailer
# cheap: _TRAILER tries, at every position, to read an address from the whole word there, where these
# fixed strings are skipped to in C. Two patterns, because in one re no longer skips ahead that way.
_TRAILER_MARKS = (
    re.compile(r"@|기자입니다|무단|재배포|저작권자|ⓒ|Ⓒ|©"),
    re.compile(r"[aAcC](?:[lL][lL] [rR]|[oO][pP][yY][rR])"),
)
_ADDRESS_CHAR = re.compile(r"[\w.+-]", re.IGNORECASE)  # what an address has before its @, as in _TRAILER


def article_body(text: str) -> str:
    """`text` up to and including its closing byline/copyright line (all of it when there is none)."""
    if not text:
        return ""
    match = _trailer(text, int(len(text) * TRAILER_SEARCH_FROM))
    if not match:
        return text
    line_end = text.find("\n", match.end())
    return text if line_end < 0 else text[:line_end]


def _trailer(text: str, start: int) -> re.Match[str] | None:
    """_TRAILER.search(text, start), begun where a match can begin."""
    marks = [mark.start() for pattern in _TRAILER_MARKS if (mark := pattern.search(text, start))]
    if not marks:
        return None
    # Nothing matches before the first mark but an address whose name runs up to it: back up over that.
    begin = min(marks)
    while begin > start and _ADDRESS_CHAR.match(text, begin - 1):
        begin -= 1
    return _TRAILER.search(text, begin)
