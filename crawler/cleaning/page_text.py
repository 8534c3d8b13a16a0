"""The page's text around the title, where pages write the article's date and byline."""

from __future__ import annotations

import lxml.html
from lxml import etree

# Marks the title's place in the page text so that dates can be searched next to it.
TITLE_MARK = "\ue000TITLE\ue000"
# An element's text nodes in document order, as plain strings. The parser merges neighbouring text and the
# cleaner only ever replaces an element's whole text or tail (drop_tree, the title mark), so each node is
# one `.text` or `.tail`: the list is `list(el.itertext())`, built in one C call instead of ~4x slower
# Python-level iteration.
TEXT_NODES = etree.XPath("descendant::text()", smart_strings=False)


def text_pieces(element: lxml.html.HtmlElement) -> list[str]:
    """`list(element.itertext())`: the element's text, its descendants' text and tails, in document order."""
    return TEXT_NODES(element)  # type: ignore[no-any-return]


def text_around(root: lxml.html.HtmlElement, title_el: lxml.html.HtmlElement | None) -> tuple[str, str]:
    """The page's text before and after the title element (all of it "after" when there is no title)."""
    scope = text_scope(root)
    if title_el is None:
        return "", "\n".join(text_pieces(scope))
    original = title_el.text
    title_el.text = TITLE_MARK + (original or "")
    try:
        whole = "\n".join(text_pieces(scope))
    finally:
        title_el.text = original
    before, _, after = whole.partition(TITLE_MARK)
    return before, after


def text_scope(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    body = root.find("body")
    return body if body is not None else root


class TextAroundTitle:
    """text_around, read once and then remembered: the date and the byline both look there, and nothing
    changes the tree between them (widgets are dropped only after)."""

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
        # Reading every text piece is one C call now, and joining them all costs less than counting them
        # out one by one in Python: no shortcut for the start alone is worth its code.
        return self.both()[1][:limit]
