"""Snippets with <mark> around matches, computed from the original text so both backends agree."""

from __future__ import annotations

import html
import re

from indexer.analysis import TOKEN, stem_word
from indexer.query import Node, Phrase, Term, positive_terms

SNIPPET_CHARS = 240
LATIN_WORD = re.compile(r"^[^\W_]+$")


def _matchers(node: Node | None, field: str) -> tuple[set[str], list[str], list[re.Pattern[str]]]:
    """Stems to match on Latin words, prefixes, and literal patterns for Hangul/CJK/mixed words."""
    stems: set[str] = set()
    prefixes: list[str] = []
    literals: list[re.Pattern[str]] = []
    for item in positive_terms(node):
        if item.field not in (None, field):
            continue
        words = item.text.split() if isinstance(item, Phrase) else [item.text]
        for word in words:
            tokens = [m for m in TOKEN.finditer(word)]
            if isinstance(item, Term) and item.prefix:
                prefixes.append(word.lower())
                if len(tokens) == 1 and tokens[0].lastgroup == "word":
                    stems.add(stem_word(tokens[0].group()))  # as the search matched it (query_terms)
            elif len(tokens) == 1 and tokens[0].lastgroup == "word":
                stems.add(stem_word(tokens[0].group()))
            elif tokens:
                literals.append(re.compile(re.escape(word), re.IGNORECASE))
    return stems, prefixes, literals


def match_spans(text: str, node: Node | None, field: str = "text") -> list[tuple[int, int]]:
    """Character spans of `text` that the query matched, sorted and non-overlapping."""
    stems, prefixes, literals = _matchers(node, field)
    spans: list[tuple[int, int]] = []
    if stems or prefixes:
        for match in TOKEN.finditer(text):
            word = match.group()
            lowered = word.lower()
            if (match.lastgroup == "word" and stem_word(word) in stems) or any(lowered.startswith(p) for p in prefixes):
                spans.append(match.span())
    for pattern in literals:
        spans.extend(m.span() for m in pattern.finditer(text))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML-escape `text` and wrap each span in <mark>."""
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def make_snippet(text: str, node: Node | None, size: int = SNIPPET_CHARS) -> str:
    """A window of the text around the densest cluster of matches, HTML-escaped, matches marked."""
    flat = re.sub(r"\s+", " ", text).strip()
    spans = match_spans(flat, node)
    if not spans:
        cut = flat[:size]
        return html.escape(cut + ("…" if len(flat) > size else ""))
    # Choose the window start that covers the most matches.
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + size)
        if count > best_count:
            best_start, best_count = start, count
    window_start = max(0, best_start - size // 4)
    space = flat.rfind(" ", 0, window_start)
    if window_start > 0 and space != -1 and window_start - space < 20:
        window_start = space + 1
    window_end = min(len(flat), window_start + size)
    inside = [(s - window_start, e - window_start) for s, e in spans if s >= window_start and e <= window_end]
    body = mark(flat[window_start:window_end], inside)
    return ("…" if window_start > 0 else "") + body + ("…" if window_end < len(flat) else "")
