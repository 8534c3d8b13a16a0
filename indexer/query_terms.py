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


def leaf_match(leaf: Term | Phrase) -> TermMatch | None:
    """Index terms for a word or phrase; None when it holds nothing searchable (e.g. only punctuation)."""
    terms = analyze(leaf.text)
    if not terms:
        return None
    prefix = False
    if isinstance(leaf, Term) and leaf.prefix:
        last = list(TOKEN.finditer(leaf.text))[-1]
        if last.lastgroup == "word":
            # Prefixes are matched on the surface form: stemming "metaver" would not find "metaverse".
            terms[-1] = last.group().lower()
            prefix = True
    if len(terms) == 1 and is_single_syllable(terms[0]):
        # One syllable has no bigram of its own: match the bigrams it starts.
        prefix = True
    return TermMatch(tuple(terms), prefix, leaf.field == "title")


def require_searchable(found_any: bool, query: str) -> None:
    if not found_any:
        raise no_searchable_words(query)
