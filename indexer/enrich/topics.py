"""Topics of an article from weighted evidence terms (data/topics.yaml), each result with its evidence."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

# A title hit counts this much more than one in the body: a release's title states its subject.
TITLE_WEIGHT = 2.0
# Evidence a topic needs in total, and as a share of the best topic's (so a long article on one subject
# does not also collect every subject it touches in passing).
MIN_SCORE = 4.0
MIN_SHARE_OF_BEST = 0.25
# Distinct terms a topic needs unless the title names it: one term repeated is a passing mention.
MIN_DISTINCT_TERMS = 2

_HANGUL = re.compile(r"[가-힣]")
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SPACES = re.compile(r"\s+")


@dataclass
class TopicScore:
    """A topic given to an article: its slug, how strongly, and the terms that gave it (strongest first)."""

    slug: str
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Term:
    slug: str
    surface: str
    weight: float
    korean: bool
    words: tuple[str, ...] = ()  # normalised tokens of an English term
    prefix: str | None = None  # an English term ending in * matches tokens starting with this


def _stem(token: str) -> str:
    # Plurals only (cities -> city, startups -> startup): terms and text go through the same rule, so an
    # odd result on an acronym ("saas" -> "saa") still matches itself.
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


def _tokens(text: str) -> list[str]:
    return [_stem(token) for token in _TOKEN.findall(text.lower())]


@dataclass
class TopicVocabulary:
    """Topic slugs with labels, IPTC codes and evidence terms."""

    topics: list[dict[str, Any]]

    @classmethod
    @cache
    def default(cls) -> TopicVocabulary:
        """The vocabulary in data/topics.yaml (read once, on first use)."""
        import yaml

        text = resources.files("indexer.enrich").joinpath("data/topics.yaml").read_text("utf-8")
        return cls(yaml.safe_load(text)["topics"])

    def slugs(self) -> list[str]:
        """All topic slugs, in vocabulary order."""
        return [topic["slug"] for topic in self.topics]

    def label(self, slug: str, language: str = "en") -> str:
        """The topic's Korean ('ko') or English label; the slug itself when unknown."""
        topic = self._by_slug().get(slug)
        if topic is None:
            return slug
        return str(topic["ko"] if language == "ko" else topic["en"])

    def iptc(self, slug: str) -> str | None:
        """The IPTC Media Topics code mapped to the topic, if any."""
        topic = self._by_slug().get(slug)
        return topic.get("iptc") if topic else None

    def _by_slug(self) -> Mapping[str, dict[str, Any]]:
        return _by_slug(self)

    def terms(self) -> list[_Term]:
        """Every evidence term, compiled for matching."""
        return _compile(self)

    def __hash__(self) -> int:  # cached helpers key on the instance
        return id(self)


@cache
def _by_slug(vocabulary: TopicVocabulary) -> dict[str, dict[str, Any]]:
    return {topic["slug"]: topic for topic in vocabulary.topics}


@cache
def _compile(vocabulary: TopicVocabulary) -> list[_Term]:
    terms: list[_Term] = []
    seen: set[tuple[str, bool, tuple[str, ...], str]] = set()
    for topic in vocabulary.topics:
        for language in ("ko", "en"):
            for surface, weight in (topic.get("terms", {}).get(language) or {}).items():
                surface = str(surface)
                if _HANGUL.search(surface):
                    terms.append(_Term(topic["slug"], surface, float(weight), True))
                elif surface.endswith("*"):
                    prefix = surface[:-1].lower()
                    terms.append(_Term(topic["slug"], surface, float(weight), False, (prefix,), prefix))
                else:
                    terms.append(_Term(topic["slug"], surface, float(weight), False, tuple(_tokens(surface))))
                # One entry per distinct match ("startup"/"startups" stem alike): evidence is counted once.
                term = terms[-1]
                key = (term.slug, term.korean, term.words, term.surface if term.korean else "")
                if key in seen:
                    terms.pop()
                seen.add(key)
    return terms


@cache
def _overlaps(vocabulary: TopicVocabulary) -> list[tuple[int, int]]:
    """(shorter, longer) term pairs of one topic where every hit of the longer is also one of the shorter.

    The shorter term's count is reduced by the longer's, so 교육청 is not also counted as 교육.
    """
    terms = vocabulary.terms()
    pairs = []
    for i, short in enumerate(terms):
        for j, long in enumerate(terms):
            if i == j or short.slug != long.slug or short.korean != long.korean or short.prefix or long.prefix:
                continue
            if (short.korean and short.surface in long.surface and short.surface != long.surface) or (
                not short.korean and len(short.words) < len(long.words) and _contains(long.words, short.words)
            ):
                pairs.append((i, j))
    return pairs


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[k : k + len(part)] == part for k in range(len(words) - len(part) + 1))


def _count(text: str, vocabulary: TopicVocabulary) -> list[int]:
    """Hits of each vocabulary term in `text`."""
    normal = _SPACES.sub(" ", text)
    tokens = _tokens(normal)
    unigrams = Counter(tokens)
    firsts = {term.words[0] for term in vocabulary.terms() if len(term.words) > 1}
    phrases: Counter[tuple[str, ...]] = Counter()
    longest = max((len(term.words) for term in vocabulary.terms()), default=1)
    for position, token in enumerate(tokens):
        if token in firsts:
            for size in range(2, longest + 1):
                phrases[tuple(tokens[position : position + size])] += 1
    counts = []
    for term in vocabulary.terms():
        if term.korean:
            counts.append(normal.count(term.surface))
        elif term.prefix is not None:
            counts.append(sum(n for token, n in unigrams.items() if token.startswith(term.prefix)))
        elif len(term.words) == 1:
            counts.append(unigrams.get(term.words[0], 0))
        else:
            counts.append(phrases.get(term.words, 0))
    for short, long in _overlaps(vocabulary):
        counts[short] = max(0, counts[short] - counts[long])
    return counts


def classify_topics(
    text: str, title: str | None = None, *, vocabulary: TopicVocabulary | None = None
) -> list[TopicScore]:
    """Topics of an article, best first, each with the terms that support it."""
    if not isinstance(text, str):
        text = ""
    vocabulary = vocabulary or TopicVocabulary.default()
    terms = vocabulary.terms()
    body = _count(text, vocabulary) if text.strip() else [0] * len(terms)
    heading = _count(title, vocabulary) if title and title.strip() else [0] * len(terms)
    scores: dict[str, float] = {}
    contributions: dict[str, list[tuple[float, str]]] = {}
    in_title: set[str] = set()
    for term, hits, title_hits in zip(terms, body, heading, strict=True):
        if not hits and not title_hits:
            continue
        # Diminishing returns: the tenth "소프트웨어" says less than the second.
        value = term.weight * ((1 + math.log(hits)) if hits else 0)
        value += TITLE_WEIGHT * term.weight * min(title_hits, 1)
        scores[term.slug] = scores.get(term.slug, 0.0) + value
        contributions.setdefault(term.slug, []).append((value, term.surface))
        if title_hits:
            in_title.add(term.slug)
    if not scores:
        return []
    best = max(scores.values())
    results = []
    for slug, score in sorted(scores.items(), key=lambda item: -item[1]):
        evidence = [surface for _, surface in sorted(contributions[slug], key=lambda item: -item[0])]
        if score < MIN_SCORE or score < MIN_SHARE_OF_BEST * best:
            continue
        if len(evidence) < MIN_DISTINCT_TERMS and slug not in in_title:
            continue
        results.append(TopicScore(slug, round(score, 2), evidence))
    return results
