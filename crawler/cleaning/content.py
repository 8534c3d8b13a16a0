"""Pick the element holding the article and turn it into paragraphs.

Scoring follows Readability's idea in one post-order walk: every paragraph of real prose (long, with
commas and sentence ends, few links) credits the box that holds it, half to that box's parent and a
quarter to the grandparent; the best box, discounted by its share of link text, is the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.page_text import text_pieces
from crawler.cleaning.text_lines import normalize_line

# Shorter text is a label, a button or a menu item, not a paragraph.
MIN_PARAGRAPH_CHARS = 25
# A leaf box with several <br>-separated lines and this much text holds paragraphs itself (board views).
MIN_BR_CONTAINER_CHARS = 200
# A comma, a Korean sentence end ("다.") or a sentence mark before a space: `[,，、]|다\.|[.!?。](?=\s|$)`, written
# to open with one class of all their first characters, so that re skips to those instead of trying every
# position; the lookbehinds then tell which of the three the character starts. Same matches, same spans.
CLAUSE_MARK = re.compile(r"[,，、다.!?。](?:(?<=[,，、])|(?<=다)\.|(?<=[.!?。])(?=\s|$))")
# Whitespace other than a plain space (the same characters str.split() splits on).
SPACING_TO_FOLD = re.compile(r"[^\S ]")
# What can join two text pieces into one paragraph (inline elements) or add text of its own (comments'
# text, which the walk reads as a piece): a box holding none of these has one paragraph per text piece.
JOINING_NODES = (*sorted(vocab.INLINE_TAGS), etree.Comment, etree.ProcessingInstruction, etree.Entity)
# A sibling of the best box joins the article when it scores this share of the best with few links
# (a Korean original next to its English version), or is long prose.
SIBLING_SHARE = 0.25
SIBLING_MAX_LINK_SHARE = 0.2
SIBLING_PROSE_CHARS = 80
MAX_LINK_SHARE = 0.5
# Boxes that share an ancestor this close to the title are where articles are; others are columns.
TITLE_REACH = 2
NEAR_TITLE_BONUS = 1.5


class Box:
    """Running totals for one open element during the walk."""

    __slots__ = ("blocks", "breaks", "link_total", "own_link", "parts", "score", "total")

    # A plain class with its own __init__: the walk makes one for every element that has children, and a
    # dataclass's generated __init__ with a default_factory costs several times more.
    def __init__(self, text: str | None) -> None:
        self.parts: list[str] = [text] if text else []  # its own inline text (text, inline children, tails)
        self.total = len(text.strip()) if text else 0
        self.own_link = 0
        self.link_total = 0
        self.blocks = 0
        self.breaks = 0
        self.score = 0.0


@dataclass
class Candidate:
    element: lxml.html.HtmlElement
    score: float
    total: int
    link_total: int

    near_title: bool = False

    @property
    def link_share(self) -> float:
        return self.link_total / self.total if self.total else 1.0

    @property
    def final(self) -> float:
        return self.score * (1.0 - self.link_share) * (NEAR_TITLE_BONUS if self.near_title else 1.0)


def paragraph_score(text: str, link_chars: int) -> float:
    """Readability's paragraph score, with Korean sentence ends ("…다.") counted like commas.

    Text cut by <br> counts as one paragraph per line, so a board that writes its body as lines
    scores like one that writes <p>s.
    """
    score = 0.0
    for line in text.split("\n"):
        line = line.strip()
        if len(line) >= MIN_PARAGRAPH_CHARS:
            score += 1.0 + len(CLAUSE_MARK.findall(line)) + min(len(line) / 100.0, 3.0)
    return score * (1.0 - min(link_chars / len(text), 1.0))


def score_boxes(root: lxml.html.HtmlElement) -> list[Candidate]:
    """Every element that received credit from a paragraph, with its text and link-text totals."""
    stack: list[Box] = []  # the open elements that have children
    candidates: list[Candidate] = []
    leaf = None
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if len(el):
                stack.append(Box(el.text))
                continue
            # Most elements are leaves: a leaf's end comes right after its start and nothing credits it, so
            # all its work is done here, without a Box.
            leaf = el
            if stack:
                add_leaf(el, stack)
        elif el is not leaf:
            close_box(el, stack, candidates)
    return candidates


def add_leaf(el: lxml.html.HtmlElement, stack: list[Box]) -> None:
    """close_box for an element without children: its text goes to its parent, a paragraph credits above."""
    tag = el.tag
    if not isinstance(tag, str):
        tag = ""
    text = el.text
    own = text.strip() if text else ""
    parent = stack[-1]
    if tag in vocab.INLINE_TAGS:
        if tag == "a":
            parent.parts.append(own)
            parent.own_link += len(own)
            parent.link_total += len(own)
        elif text:
            parent.parts.append(text)
    else:
        if len(own) >= MIN_PARAGRAPH_CHARS:  # a leaf holds no blocks: it credits the three boxes above it
            credit(paragraph_score(own, 0), stack[::-1][:3])
        if tag == "br":
            parent.breaks += 1
        else:
            parent.blocks += 1
        parent.parts.append("\n")
    tail = el.tail
    if tail:
        parent.total += len(own) + len(tail.strip())
        parent.parts.append(tail)
    else:
        parent.total += len(own)


def close_box(el: lxml.html.HtmlElement, stack: list[Box], candidates: list[Candidate]) -> None:
    """The end of an element with children: credit it if it is a paragraph, hand its totals to its parent."""
    box = stack.pop()
    tag = el.tag if isinstance(el.tag, str) else ""
    joined = "".join(box.parts)
    is_link = tag == "a"
    inline = tag in vocab.INLINE_TAGS
    own = joined.strip() if is_link or not inline else ""
    if is_link:
        box.link_total = box.total
    elif not inline and len(own) >= MIN_PARAGRAPH_CHARS:
        holds_itself = tag not in vocab.PARAGRAPH_TAGS and (
            box.blocks > 0 or (box.breaks >= 2 and len(own) >= MIN_BR_CONTAINER_CHARS)
        )
        chain = [box, *stack[::-1][:2]] if holds_itself else stack[::-1][:3]
        credit(paragraph_score(own, box.own_link), chain)
    if box.score > 0:
        candidates.append(Candidate(el, box.score, box.total, box.link_total))
    if not stack:
        return
    parent = stack[-1]
    tail = el.tail
    parent.total += box.total + (len(tail.strip()) if tail else 0)
    parent.link_total += box.link_total
    if inline:
        parent.parts.append(own if is_link else joined)
        parent.own_link += len(own) if is_link else box.own_link
    elif tag == "br":
        parent.breaks += 1
        parent.parts.append("\n")
    else:
        parent.blocks += 1
        parent.parts.append("\n")
    if tail:
        parent.parts.append(tail)


def credit(score: float, chain: list[Box]) -> None:
    """Credit a paragraph's score to the box that holds it and, less, to two boxes above."""
    for weight, holder in zip((1.0, 0.5, 0.25), chain, strict=False):
        holder.score += score * weight


def choose_content(
    root: lxml.html.HtmlElement, title_el: lxml.html.HtmlElement | None = None
) -> list[lxml.html.HtmlElement]:
    """The article's box, plus siblings that belong with it (a lead paragraph, a second language)."""
    candidates = score_boxes(root)
    if not candidates:
        body = root.find("body")
        return [body if body is not None else root]
    mark_near_title(candidates, title_el)
    best = max(candidates, key=lambda c: c.final)
    parent = best.element.getparent()
    if parent is None:
        return [best.element]
    by_element = {c.element: c for c in candidates}
    chosen = []
    for sibling in parent.iterchildren(etree.Element):
        if sibling is best.element or belongs_with(sibling, by_element.get(sibling), best):
            chosen.append(sibling)
    return chosen


def mark_near_title(candidates: list[Candidate], title_el: lxml.html.HtmlElement | None) -> None:
    """Flag boxes under the title's near ancestor: the article sits by its title, lists sit aside."""
    if title_el is None:
        return
    chain = [title_el, *title_el.iterancestors()]
    blocks = [el for el in chain if el.tag not in vocab.INLINE_TAGS]
    if len(blocks) <= TITLE_REACH:
        return
    scope = blocks[TITLE_REACH]
    if scope.tag in ("body", "html"):  # every box would be "near": no information
        return
    for candidate in candidates:
        el = candidate.element
        candidate.near_title = el is scope or any(a is scope for a in el.iterancestors())


def belongs_with(sibling: lxml.html.HtmlElement, scored: Candidate | None, best: Candidate) -> bool:
    """Readability's sibling test: a strong low-link box of its own, or a long low-link paragraph."""
    if (
        scored is not None
        and scored.final >= SIBLING_SHARE * best.final
        and scored.link_share <= SIBLING_MAX_LINK_SHARE
    ):
        return True
    if sibling.tag != "p":
        return False
    text = sibling.text_content().strip()
    links = sum(len(a.text_content()) for a in sibling.iter("a"))
    return len(text) >= SIBLING_PROSE_CHARS and links < 0.25 * len(text)


def paragraphs_of(elements: list[lxml.html.HtmlElement], title_el: lxml.html.HtmlElement | None = None) -> list[str]:
    """The text of the chosen boxes as paragraphs, each normalised (normalize_line): blocks and <br> break,
    mostly-link text is dropped.

    When a box holds the title, what comes before the title (kicker, breadcrumb) is not article text.
    """
    paragraphs: list[str] = []
    for element in elements:
        holds_title = title_el is not None and any(a is element for a in title_el.iterancestors())
        collect_paragraphs(element, paragraphs, title_el if holds_title else None)
    return paragraphs


def collect_paragraphs(
    element: lxml.html.HtmlElement, out: list[str], start_after: lxml.html.HtmlElement | None
) -> None:
    """Walk one box in document order, cutting its text into paragraphs."""
    if start_after is None and next(element.iter(*JOINING_NODES), None) is None:
        collect_separate_pieces(element, out)
    else:
        walk_paragraphs(element, out, start_after)


def walk_paragraphs(element: lxml.html.HtmlElement, out: list[str], start_after: lxml.html.HtmlElement | None) -> None:
    """collect_paragraphs for any box: every element's start and end, and the text between them."""
    # One loop with plain locals: this runs for every element of the article, and helper calls cost
    # more than the work. Invariant: `link_chars` is 0 whenever `buffer` is empty.
    buffer: list[str] = []
    link_chars = 0
    link_depth = 0
    started = start_after is None
    for event, el in etree.iterwalk(element, events=("start", "end")):
        tag = el.tag  # each read builds a new string
        if not isinstance(tag, str):
            tag = ""
        block = tag not in vocab.INLINE_TAGS
        if event == "start":
            if block and buffer:
                flush_paragraph(buffer, link_chars, out)
                link_chars = 0
            if tag == "a":
                link_depth += 1
            text = el.text
        else:
            if tag == "a":
                link_depth -= 1
            if block and buffer:
                flush_paragraph(buffer, link_chars, out)
                link_chars = 0
            if el is start_after:
                started = True
            text = el.tail if el is not element else None
        if text and started:
            buffer.append(text)
            if link_depth:
                link_chars += len(text.strip())
    if buffer:
        flush_paragraph(buffer, link_chars, out)


def collect_separate_pieces(element: lxml.html.HtmlElement, out: list[str]) -> None:
    """collect_paragraphs for a box without inline elements: every element starts and ends a paragraph, so
    each text piece is one paragraph on its own, and none is inside a link."""
    texts = [text for text in text_pieces(element) if text and not text.isspace()]
    # Every whitespace character but the plain space is unprintable, and so is every character normalize_line
    # deletes: a printable piece without double or edge spaces is already normal. Joined by single spaces, the
    # pieces show a double space just where one holds one or has a space at an end that the join touches.
    joined = " ".join(texts)
    if "  " not in joined and not joined.startswith(" ") and not joined.endswith(" ") and joined.isprintable():
        out.extend(texts)
        return
    for text in texts:
        if "  " in text or text[0] == " " or text[-1] == " " or not text.isprintable():
            text = normalize_line(" ".join(text.split()))
        out.append(text)


def flush_paragraph(buffer: list[str], link_chars: int, out: list[str]) -> None:
    """Close the paragraph in `buffer` (emptied): kept, normalised, unless it is mostly links."""
    text = buffer[0] if len(buffer) == 1 else "".join(buffer)
    buffer.clear()
    if text.isspace():  # the newline between two blocks, most often
        return
    text = fold_spacing(text)
    if link_chars <= MAX_LINK_SHARE * len(text):
        out.append(normalize_line(text))


def fold_spacing(text: str) -> str:
    """`" ".join(text.split())`, skipping the split when it would change nothing."""
    # Every whitespace character but the plain space is unprintable, and str.isprintable is several times
    # faster than the regex: most paragraphs pass it and skip the search.
    if (
        "  " in text
        or text.startswith(" ")
        or text.endswith(" ")
        or (not text.isprintable() and SPACING_TO_FOLD.search(text))
    ):
        return " ".join(text.split())
    return text
