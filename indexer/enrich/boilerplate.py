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


def article_body(text: str) -> str:
    """`text` up to and including its closing byline/copyright line (all of it when there is none)."""
    if not text:
        return ""
    match = _TRAILER.search(text, int(len(text) * TRAILER_SEARCH_FROM))
    if not match:
        return text
    line_end = text.find("\n", match.end())
    return text if line_end < 0 else text[:line_end]
