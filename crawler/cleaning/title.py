"""The article title: the heading that agrees with the page's <title>/og:title, else their best part."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.board_names import is_board_name, without_board_label, without_board_parts
from crawler.cleaning.metadata import PageMetadata
from crawler.cleaning.pruning import ClassWords, class_tokens_if_named

HEADING_WEIGHT = {"h1": 3.0, "h2": 1.5, "h3": 1.0, "h4": 0.5}
WORD = re.compile(r"\w+")
MIN_SCORE = 2.5
MAX_TITLE_CHARS = 300
# A title-classed element or a "제목" cell with prose right after it is the article's own heading: so much more.
PROSE_BONUS = 1.0
# Prose: this many characters of text in one piece, within this many elements after the candidate.
PROSE_CHARS = 50
PROSE_LOOKAHEAD = 30
# Cells whose text may label the next cell as the title ("제목", "Title:").
LABEL_TAGS = frozenset({"th", "dt", "td", "span", "strong", "label"})
MAX_LABEL_CHARS = max(map(len, vocab.TITLE_LABELS))


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def reference_titles(page: PageMetadata) -> list[str]:
    """Titles the page declares about itself: og:title, twitter:title, <title>."""
    refs = [page.meta.get("og:title", ""), page.meta.get("twitter:title", ""), page.html_title]
    return [" ".join(ref.split()) for ref in refs if ref and ref.strip()]


def agreement(text: str, refs: list[tuple[str, set[str]]]) -> float:
    """0..1: how well a heading's text agrees with the declared titles, each given with its words."""
    best = 0.0
    own = words(text)
    if not own:
        return 0.0
    for ref, ref_words in refs:
        if text == ref or (len(text) >= 6 and text in ref):
            return 1.0
        if ref_words:
            best = max(best, len(own & ref_words) / len(own | ref_words))
    return best


# (element, prior weight, True for a title-classed element or a cell after a "제목" label)
Candidate = tuple[lxml.html.HtmlElement, float, bool]
# (score, document order, text, element, titled as in Candidate)
Scored = tuple[float, int, str, lxml.html.HtmlElement, bool]


def title_candidates(root: lxml.html.HtmlElement, class_words: ClassWords | None = None) -> list[Candidate]:
    """Headings, title-classed elements and cells after a "제목" label, with a prior weight each.

    `class_words`: drop_chrome's answer for this tree, when the caller has it.
    """
    found: list[Candidate] = []
    for el in root.iter(etree.Element):
        tag = el.tag  # each read builds a new string
        weight = HEADING_WEIGHT.get(tag, 0.0)
        tokens = class_words.get(el) if class_words is not None else class_tokens_if_named(el)
        titled = False
        if tokens and tag not in ("html", "body", "title", "meta") and not vocab.TITLE_TOKENS.isdisjoint(tokens):
            weight += 1.5
            titled = True
        if tag in LABEL_TAGS and not len(el):
            following = label_target(el)
            if following is not None:
                found.append((following, 3.0, True))
        if weight:
            found.append((el, weight, titled))
    return found


def label_target(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element after a "제목"/"Title" label cell, which holds the title; None when `el` is no such label."""
    text = el.text
    if not text:
        return None
    label = text.strip().rstrip(":：")
    # Lowercasing never shortens a string: a longer label cannot be one (most cells are longer).
    if len(label) > MAX_LABEL_CHARS or label.lower() not in vocab.TITLE_LABELS:
        return None
    return el.getnext()


def find_title(
    root: lxml.html.HtmlElement, page: PageMetadata, class_words: ClassWords | None = None
) -> tuple[str, lxml.html.HtmlElement | None]:
    """(title text, the element showing it in the page or None); `class_words` as title_candidates takes them."""
    refs = reference_titles(page)
    # Each declared title once (og:title is often <title> again), its words read once, not once per candidate.
    ref_words = [(ref, words(ref)) for ref in dict.fromkeys(refs)]
    scored: list[Scored] = []
    for el, weight, titled in title_candidates(root, class_words):
        text = " ".join(el.text_content().split())
        # The board's own heading ("보도자료") agrees with a generic <title> ("보도자료 상세보기 | 경기도청").
        if not 2 <= len(text) <= MAX_TITLE_CHARS or is_board_name(text):
            continue
        clean = without_board_parts(text)
        if clean is not text:
            # "제목 > 보도자료" (그누보드's hidden h1#hd_h1) copies <title>: its clean part, but no heading's
            # weight, so that the article's own heading showing the same text is the one chosen.
            text, weight = clean, 0.0
        text = without_board_label(text)  # the article's own heading may carry it: its weight stays
        score = weight + (5.0 * agreement(text, ref_words) if refs else 0.0)
        # Site logos are headings made of a single link home; related lists are links too.
        parent = el.getparent()
        if el.tag == "a" or (parent is not None and parent.tag == "a") or next(el.iterchildren("a"), None) is not None:
            score -= 1.5
        scored.append((score, len(scored), text, el, titled))
    best = best_candidate(scored)
    if best is not None and best[0] >= MIN_SCORE:
        return best[2], best[3]
    return title_from_declared(refs), None


def best_candidate(scored: list[Scored]) -> Scored | None:
    """The highest score, PROSE_BONUS counted where it is due; the first in the page on ties."""
    # The walk after a candidate is paid only for candidates that the bonus could lift to the top, and not at
    # all when the first is chosen whatever it adds (most pages: the heading that agrees with <title>).
    top: Scored | None = None
    runner_up = float("-inf")
    for candidate in scored:
        if top is None or candidate[0] > top[0]:
            runner_up = top[0] if top is not None else runner_up
            top = candidate
        elif candidate[0] > runner_up:
            runner_up = candidate[0]
    if top is None or (top[0] >= MIN_SCORE and runner_up + PROSE_BONUS < top[0]):
        return top
    best: Scored | None = None
    for candidate in sorted(scored, key=lambda item: (-item[0], item[1])):
        score, order, text, el, titled = candidate
        if best is not None and score + PROSE_BONUS < best[0]:
            break
        if titled and prose_follows(el):
            candidate = (score + PROSE_BONUS, order, text, el, titled)
        if best is None or candidate[0] > best[0] or (candidate[0] == best[0] and wins_tie(candidate, best)):
            best = candidate
    return best


def wins_tie(candidate: Scored, best: Scored) -> bool:
    """On equal scores the first in the page wins, but for an element inside the other: a wrapper ("view_head"
    round the title and its date line) holds more than the title."""
    # An element comes after the elements round it in the page.
    if candidate[1] < best[1]:
        return not any(ancestor is candidate[3] for ancestor in best[3].iterancestors())
    return any(ancestor is best[3] for ancestor in candidate[3].iterancestors())


def prose_follows(el: lxml.html.HtmlElement) -> bool:
    """True when prose (PROSE_CHARS in one piece, not a link's) comes within PROSE_LOOKAHEAD elements after `el`."""
    budget = PROSE_LOOKAHEAD
    node: lxml.html.HtmlElement | None = el
    while node is not None:
        if is_prose(node.tail):
            return True
        for sibling in node.itersiblings():
            for item in sibling.iter():
                budget -= 1
                if budget < 0:
                    return False
                if (is_prose(item.text) and item.tag != "a" and isinstance(item.tag, str)) or is_prose(item.tail):
                    return True
        node = node.getparent()
    return False


def is_prose(text: str | None) -> bool:
    return text is not None and len(text) >= PROSE_CHARS and len(text.strip()) >= PROSE_CHARS


def title_from_declared(refs: list[str]) -> str:
    """The longest part of og:title (else <title>) once the site name is split off, board names aside."""
    if not refs:
        return ""
    first = refs[0]
    parts = [first]
    for separator in vocab.TITLE_SEPARATORS:
        if separator in first:
            parts = [part.strip() for part in first.split(separator) if part.strip()]
            break
    return without_board_label(
        without_board_parts(max([part for part in parts if not is_board_name(part)] or parts, key=len))
    )
