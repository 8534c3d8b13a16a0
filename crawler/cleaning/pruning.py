"""Remove what is never the article: scripts and chrome first, then widgets known by class, id or heading."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import lxml.html
from lxml import etree

from crawler.cleaning import vocabulary as vocab

TOKEN_SPLIT = re.compile(r"[^A-Za-z0-9]+")
CAMEL_HUMP = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
WIDGET_HEADING = re.compile("|".join(f"(?:{p})" for p in vocab.WIDGET_HEADINGS), re.I)
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "dt", "strong", "b", "legend", "caption", "p", "span", "div"})
NO_TOKENS: frozenset[str] = frozenset()
# The attributes class_tokens reads, and those drop_chrome reads (is_hidden and the role).
TOKEN_ATTRIBUTES = frozenset({"class", "id"})
CHROME_ATTRIBUTES = frozenset({"role", "hidden", "aria-hidden", "style"})
# A widget heading is short; longer text is a sentence that merely mentions comments.
MAX_HEADING_CHARS = 24
# An element that holds most of the page is a wrapper, whatever its class says ("page has-comments").
WRAPPER_SHARE = 0.85


def class_tokens(el: lxml.html.HtmlElement) -> frozenset[str]:
    """Lowercase words of an element's class and id: `articleShare_box` -> {article, share, box, ...}."""
    class_value = el.get("class")
    id_value = el.get("id")
    if not class_value and not id_value:  # most elements: skip building the key and the cache lookup
        return NO_TOKENS
    return tokens_of(f"{class_value or ''} {id_value or ''}")


# Title search and widget pruning both split every element's class and id, and a site repeats the same
# few hundred values on every page: splitting each distinct value once is most of the work saved.
@lru_cache(maxsize=8192)
def tokens_of(raw: str) -> frozenset[str]:
    if not raw.strip():
        return frozenset()
    tokens: set[str] = set()
    for part in TOKEN_SPLIT.split(raw):
        if part:
            tokens.add(part.lower())
            tokens.update(hump.lower() for hump in CAMEL_HUMP.findall(part))
    return frozenset(tokens)


# A site repeats the same few class/id values (and tokens_of gives the same frozenset for each): answer each once.
@lru_cache(maxsize=8192)
def is_widget_class(tokens: frozenset[str]) -> bool:
    """True when the class/id words name a widget (share bar, comments, related list, chrome)."""
    if tokens & vocab.STRONG_BOILERPLATE_TOKENS:
        return True
    return any(
        token not in vocab.ALLOWED_TOKENS
        and (token.startswith(vocab.STRONG_BOILERPLATE_AFFIXES) or token.endswith(vocab.STRONG_BOILERPLATE_AFFIXES))
        for token in tokens
        if len(token) > 3
    )


def is_hidden(el: lxml.html.HtmlElement) -> bool:
    """Hidden from readers by attribute or inline style."""
    style = el.get("style")
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or (style is not None and HIDDEN_STYLE.search(style) is not None)
    )


def inside_article(el: lxml.html.HtmlElement) -> bool:
    """True when an <article> or <main> encloses the element."""
    return any(ancestor.tag in ("article", "main") for ancestor in el.iterancestors())


# The class/id words (class_tokens) of each element with a class or an id attribute, as drop_chrome found them.
# Title search and widget pruning look at every element's words; looking them up here spares reading every
# element's attributes again (most have none) and building the words again.
ClassWords = dict[lxml.html.HtmlElement, frozenset[str]]


def drop_chrome(root: lxml.html.HtmlElement) -> ClassWords:
    """Stage one: scripts, styles, forms' controls, landmarks (nav/aside/footer) and hidden elements.

    Returns the class/id words of the elements it walked (ClassWords); dropping changes no element's attributes.
    """
    doomed = []
    words: ClassWords = {}
    for el in root.iter(etree.Element):
        tag = el.tag
        # Most elements have none of the attributes that matter: one keys() spares them the lookups.
        keys = el.keys()
        if keys and not TOKEN_ATTRIBUTES.isdisjoint(keys):
            words[el] = class_tokens(el)
        if (
            tag in vocab.DROP_TAGS
            or (tag == "header" and not inside_article(el))
            or (
                keys
                and not CHROME_ATTRIBUTES.isdisjoint(keys)
                and (el.get("role") in vocab.DROP_ROLES or is_hidden(el))
            )
        ):
            doomed.append(el)
    drop_all(doomed)
    return words


def drop_widgets(
    root: lxml.html.HtmlElement, keep: set[lxml.html.HtmlElement], class_words: ClassWords | None = None
) -> list[lxml.html.HtmlElement]:
    """Stage two: elements whose class/id names a widget, and sections opened by a widget heading.

    `keep` holds the title element and its ancestors: a wrapper that encloses the title is never a widget.
    `class_words`: drop_chrome's answer for this tree, when the caller has it.
    Returns the dropped elements, out of the tree now but holding their text (a byline box still names its
    reporter), less any widget that was inside them.
    """
    # The page's text length only matters once an element looks like a widget (is it a wrapper?), so pages
    # without one never read it. Nothing is dropped before the loop ends: whenever it is read, it is the same.
    total = PageTextLength(root.find("body"))
    doomed = []
    for el in root.iter(etree.Element):
        tag = el.tag
        heading_tag = tag in HEADING_TAGS
        tokens = class_words.get(el) if class_words is not None else class_tokens_if_named(el)
        # Most elements have neither a class nor an id nor a heading's tag: nothing can make them a widget.
        if (tokens is None and not heading_tag) or tag in ("html", "body") or el in keep:
            continue
        if tokens and is_widget_class(tokens) and not is_wrapper(el, total):
            doomed.append(el)
        elif heading_tag and is_widget_heading(el):
            doomed.extend(widget_section(el, keep, total))
    drop_all(doomed)
    return doomed


def class_tokens_if_named(el: lxml.html.HtmlElement) -> frozenset[str] | None:
    """class_tokens(el) when it has a class or an id attribute, else None (what ClassWords.get answers)."""
    return class_tokens(el) if not TOKEN_ATTRIBUTES.isdisjoint(el.keys()) else None


class PageTextLength:
    """The length of the body's text, read on the first call (0 without a body)."""

    # A plain class: functools.cache would build a wrapper for every page, which costs more than most pages
    # ever spend calling it.
    def __init__(self, body: lxml.html.HtmlElement | None) -> None:
        self.body = body
        self.length: int | None = None

    def __call__(self) -> int:
        if self.length is None:
            self.length = len(self.body.text_content()) if self.body is not None else 0
        return self.length


def is_wrapper(el: lxml.html.HtmlElement, total: Callable[[], int]) -> bool:
    """True for a page-level wrapper: it encloses the main heading or most of the text (`total()` chars)."""
    # One C-level walk of the descendants instead of two ElementPath finds (".//h1", ".//article").
    if next(el.iterdescendants("h1", "article"), None) is not None:
        return True
    return total() > 0 and len(el.text_content()) > WRAPPER_SHARE * total()


def is_widget_heading(el: lxml.html.HtmlElement) -> bool:
    """A short heading such as "댓글", "관련기사" or "Related articles" with no block inside."""
    if not len(el):
        text = (el.text or "").strip()
    elif el.tag in ("p", "span", "div"):
        return False
    else:
        text = el.text_content().strip()
    if not text or len(text) > MAX_HEADING_CHARS:
        return False
    return WIDGET_HEADING.fullmatch(text.rstrip(" :：>›»0123456789()[]")) is not None


def widget_section(heading: lxml.html.HtmlElement, keep: set[lxml.html.HtmlElement], total: Callable[[], int]) -> list:
    """What a widget heading opens: its parent box when it starts the box, else itself and the next box."""
    # A <strong> or <span> heading sits inside the real heading block; climb to that block first.
    while heading.tag in ("strong", "b", "span") and heading.getparent() is not None and len(heading.getparent()) == 1:
        heading = heading.getparent()
    parent = heading.getparent()
    if parent is None:
        return []
    starts_box = parent.index(heading) == 0 and not (parent.text or "").strip()
    if starts_box and parent not in keep and parent.tag not in ("html", "body") and not is_wrapper(parent, total):
        return [parent]
    # Inside a bigger box only the list right after the heading belongs to it ("<h3>관련기사</h3><ul>").
    section = [heading]
    following = heading.getnext()
    if following is not None and following not in keep and not is_wrapper(following, total):
        section.append(following)
    return section


def drop_all(elements: list) -> None:
    """Remove elements with their subtrees, keeping each one's tail text in place."""
    for el in elements:
        if el.getparent() is not None:
            el.drop_tree()
