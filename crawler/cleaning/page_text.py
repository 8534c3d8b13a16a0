"""The page's text around the title, where pages write the article's date and byline."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import lxml.html

# Marks the title's place in the page text so that dates can be searched next to it.
TITLE_MARK = "\ue000TITLE\ue000"


def text_around(root: lxml.html.HtmlElement, title_el: lxml.html.HtmlElement | None) -> tuple[str, str]:
    """The page's text before and after the title element (all of it "after" when there is no title)."""
    scope = text_scope(root)
    if title_el is None:
        return "", "\n".join(scope.itertext())
    original = title_el.text
    title_el.text = TITLE_MARK + (original or "")
    try:
        whole = "\n".join(scope.itertext())
    finally:
        title_el.text = original
    before, _, after = whole.partition(TITLE_MARK)
    return before, after


def text_after_start(root: lxml.html.HtmlElement, title_el: lxml.html.HtmlElement | None, limit: int) -> str:
    """`text_around(root, title_el)[1][:limit]`, reading the page's text only as far as that needs."""
    scope = text_scope(root)
    if title_el is None:
        return joined_start(scope.itertext(), limit)
    original = title_el.text
    title_el.text = TITLE_MARK + (original or "")
    try:
        pieces = scope.itertext()
        # The mark has no newline, so its first place in the joined text is inside one piece.
        for piece in pieces:
            at = piece.find(TITLE_MARK)
            if at >= 0:
                return joined_start(chain([piece[at + len(TITLE_MARK) :]], pieces), limit)
        return ""
    finally:
        title_el.text = original


def text_scope(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    body = root.find("body")
    return body if body is not None else root


def joined_start(pieces: Iterable[str], limit: int) -> str:
    """`"\\n".join(pieces)[:limit]`, taking no more pieces than that needs."""
    taken: list[str] = []
    size = -1  # the length of "\n".join(taken)
    for piece in pieces:
        taken.append(piece)
        size += len(piece) + 1
        if size >= limit:
            break
    return "\n".join(taken)[:limit]


class TextAroundTitle:
    """text_around, read once and then remembered: the date and the byline both look there, and nothing
    changes the tree between them (widgets are dropped only after). The byline needs only the start of
    the text after the title, so that alone is read unless the date needed the whole."""

    def __init__(self, root: lxml.html.HtmlElement, title_el: lxml.html.HtmlElement | None) -> None:
        self.root = root
        self.title_el = title_el
        self.whole: tuple[str, str] | None = None

    def both(self) -> tuple[str, str]:
        """(text before the title, text after it)."""
        if self.whole is None:
            self.whole = text_around(self.root, self.title_el)
        return self.whole

    def after_start(self, limit: int) -> str:
        """The first `limit` characters after the title."""
        if self.whole is not None:
            return self.whole[1][:limit]
        return text_after_start(self.root, self.title_el, limit)
