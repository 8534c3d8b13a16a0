"""The article title: the heading that agrees with the page's <title>/og:title, else their best part."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.metadata import PageMetadata
from crawler.cleaning.pruning import TOKEN_ATTRIBUTES, class_tokens

HEADING_WEIGHT = {"h1": 3.0, "h2": 1.5, "h3": 1.0, "h4": 0.5}
WORD = re.compile(r"\w+")
MIN_SCORE = 2.5
MAX_TITLE_CHARS = 300


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def reference_titles(page: PageMetadata) -> list[str]:
    """Titles the page declares about itself: og:title, twitter:title, <title>."""
    refs = [page.meta.get("og:title", ""), page.meta.get("twitter:title", ""), page.html_title]
    return [" ".join(ref.split()) for ref in refs if ref and ref.strip()]


def agreement(text: str, refs: list[str]) -> float:
    """0..1: how well a heading's text agrees with the declared titles."""
    best = 0.0
    own = words(text)
    if not own:
        return 0.0
    for ref in refs:
        if text == ref or (len(text) >= 6 and text in ref):
            return 1.0
        ref_words = words(ref)
        if ref_words:
            best = max(best, len(own & ref_words) / len(own | ref_words))
    return best


def title_candidates(root: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, float]]:
    """Headings, title-classed elements and cells after a "제목" label, with a prior weight each."""
    found: list[tuple[lxml.html.HtmlElement, float]] = []
    for el in root.iter(etree.Element):
        tag = el.tag  # each read builds a new string
        weight = HEADING_WEIGHT.get(tag, 0.0)
        if (
            tag not in ("html", "body", "title", "meta")
            and not TOKEN_ATTRIBUTES.isdisjoint(el.keys())
            and class_tokens(el) & vocab.TITLE_TOKENS
        ):
            weight += 1.5
        if tag in ("th", "dt", "td", "span", "strong", "label") and not len(el):
            label = (el.text or "").strip().rstrip(":：").lower()
            following = el.getnext()
            if label in vocab.TITLE_LABELS and following is not None:
                found.append((following, 3.0))
        if weight:
            found.append((el, weight))
    return found


def find_title(root: lxml.html.HtmlElement, page: PageMetadata) -> tuple[str, lxml.html.HtmlElement | None]:
    """(title text, the element showing it in the page or None)."""
    refs = reference_titles(page)
    best: tuple[float, str, lxml.html.HtmlElement | None] = (0.0, "", None)
    for el, weight in title_candidates(root):
        text = " ".join(el.text_content().split())
        if not 2 <= len(text) <= MAX_TITLE_CHARS:
            continue
        score = weight + (5.0 * agreement(text, refs) if refs else 0.0)
        # Site logos are headings made of a single link home; related lists are links too.
        parent = el.getparent()
        if el.tag == "a" or (parent is not None and parent.tag == "a") or next(el.iterchildren("a"), None) is not None:
            score -= 1.5
        if score > best[0]:
            best = (score, text, el)
    if best[0] >= MIN_SCORE:
        return best[1], best[2]
    return title_from_declared(refs), None


def title_from_declared(refs: list[str]) -> str:
    """og:title as is; else the longest part of <title> once the site name is split off."""
    if not refs:
        return ""
    first = refs[0]
    parts = [first]
    for separator in vocab.TITLE_SEPARATORS:
        if separator in first:
            parts = [part.strip() for part in first.split(separator) if part.strip()]
            break
    return max(parts, key=len)
