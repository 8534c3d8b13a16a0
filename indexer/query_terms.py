"""From query-tree leaves to index terms: the part of query compilation both backends share."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.analysis import TOKEN, analyze, is_single_syllable
from indexer.query import Phrase, Term, no_searchable_words

TITLE_FIELD = "title_terms"
BODY_FIELD = "body_terms"


@dataclass(frozen=True)
class TermMatch:
    """A leaf as the index sees it: a sequence of adjacent terms, the last one possibly a prefix."""

    terms: tuple[str, ...]
    prefix: bool
    title_only: bool


def leaf_matches(leaf: Term | Phrase) -> list[TermMatch]:
    """Index terms for a word or phrase, as alternatives any of which matches; [] when it holds nothing to search."""
    terms = analyze(leaf.text)
    if not terms:
        return []
    title_only = leaf.field == "title"
    if isinstance(leaf, Term) and leaf.prefix:
        last = list(TOKEN.finditer(leaf.text))[-1]
        if last.lastgroup == "word":
            # The index holds stems: "metaverse*" must find the stem "metavers" (metaverse, metaverses), and
            # "city*" both "citi" (city, cities) and the words starting with "city" (citywide).
            surface, stem = last.group().lower(), terms[-1]
            starting = TermMatch((*terms[:-1], surface), True, title_only)
            if stem.startswith(surface):
                return [starting]
            return [starting, TermMatch(tuple(terms), False, title_only)]
    # A syllable alone has no bigram of its own: match the bigrams it starts. At the end of a word that is a
    # counter or a particle's first syllable: "42곳" must find "42곳에", indexed as 42, 곳에.
    return [TermMatch(tuple(terms), is_single_syllable(terms[-1]), title_only)]


def require_searchable(found_any: bool, query: str) -> None:
    if not found_any:
        raise no_searchable_words(query)
