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

from indexer.enrich.bigrams import BigramTable, code_points, non_ascii_at_least

# A title hit counts this much more than one in the body: a release's title states its subject.
TITLE_WEIGHT = 2.0
# Evidence a topic needs in total, and as a share of the best topic's (so a long article on one subject
# does not also collect every subject it touches in passing).
MIN_SCORE = 4.0
MIN_SHARE_OF_BEST = 0.25
# Distinct terms a topic needs unless the title names it: one term repeated is a passing mention.
MIN_DISTINCT_TERMS = 2

_HANGUL = re.compile(r"[가-힣]")
_HANGUL_PAIR = re.compile(r"(?=([가-힣]{2}))")  # every bigram, overlapping
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# From this many non-ASCII characters (a Korean text of some 200), bigrams are counted with a BigramTable;
# in less text the regex, which makes a string of each bigram it finds, costs less.
TABLE_MIN_NON_ASCII = 150


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
    """_TOKEN's tokens of text.lower(), each through _stem when it ends in "s"."""
    words = _TOKEN.findall(text.lower()) if text.isascii() else _ascii_tokens(text)
    # _stem changes only tokens ending in "s": the others skip the call, which costs more than the check.
    return [_stem(token) if token[-1] == "s" else token for token in words]


def _ascii_tokens(text: str) -> list[str]:
    """_TOKEN.findall(text.lower()) for a text with non-ASCII characters, without a regex scan of all of it.

    Tokens are ASCII: those of text.lower() are those of its ASCII characters lowered, every other character
    a separator ("?" from encode's "replace"). Only two characters lower to ASCII letters (İ -> i̇, K -> k);
    a text with either is lowered first. ASCII bytes lower many times faster than Hangul, and a token lies
    within one run of token characters: the runs are found by translate and split, in C, and only a run
    with a hyphen or an apostrophe goes through the regex.
    """
    if "\u0130" in text or "\u212a" in text:
        ascii_text = text.lower().encode("ascii", "replace")
    else:
        ascii_text = text.encode("ascii", "replace").lower()
    words: list[str] = []
    for run in ascii_text.translate(_TOKEN_RUNS).decode("ascii").split():
        if run.isalnum():
            words.append(run)
        else:
            words += _TOKEN.findall(run)
    return words


# Bytes that may be part of a token kept as they are, every other byte made a space (what split() splits on).
_TOKEN_RUNS = bytes(byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz0123456789-'" else 32 for byte in range(256))


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
        return cls(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["topics"])  # libyaml: ~7x

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


@dataclass(frozen=True)
class _Korean:
    position: int  # in vocabulary.terms()
    surface: str
    pairs: frozenset[str]  # its Hangul bigrams
    # Two different syllables (교육): the term's count is its bigram's, as two hits cannot overlap.
    one_pair: bool
    # Words joined by single spaces (스마트 시티): finds the term's hits in the text itself, where any run
    # of whitespace stands for each space.
    spaced: re.Pattern[str] | None
    # Whitespace other than single spaces between words: counted in the text made single-spaced.
    odd: bool


@dataclass(frozen=True)
class _Index:
    """A vocabulary's terms arranged for counting, so a text costs work only for terms that can occur in it."""

    korean: dict[str, tuple[_Korean, ...]]  # by one of the term's Hangul bigrams, the one in fewest terms
    unpaired: tuple[_Korean, ...]  # Korean terms without a Hangul bigram (쌀, 챗GPT): always counted
    pairs: re.Pattern[str]  # finds a text's bigrams made of characters that start and end terms' bigrams
    table: BigramTable  # the terms' bigrams, looked up in a longer text at once
    words: dict[str, tuple[int, ...]]  # one-token English term -> term indices
    phrases: dict[tuple[str, ...], tuple[int, ...]]  # multi-token English term -> term indices
    prefixes: tuple[tuple[int, str], ...]
    firsts: frozenset[str]  # first tokens of phrases
    longest: int  # most tokens in a term
    overlaps: list[tuple[int, int]]  # _overlaps(vocabulary)
    overlaps_by_long: dict[int, tuple[int, ...]]  # longer term -> numbers of its pairs in `overlaps`


@cache
def _index(vocabulary: TopicVocabulary) -> _Index:
    terms = vocabulary.terms()
    prefixes = []
    words: dict[str, tuple[int, ...]] = {}
    phrases: dict[tuple[str, ...], tuple[int, ...]] = {}
    for position, term in enumerate(terms):
        if term.korean:
            continue
        if term.prefix is not None:
            prefixes.append((position, term.prefix))
        elif len(term.words) == 1:
            words[term.words[0]] = (*words.get(term.words[0], ()), position)
        else:
            phrases[term.words] = (*phrases.get(term.words, ()), position)
    overlaps = _overlaps(vocabulary)
    by_long: dict[int, tuple[int, ...]] = {}
    for number, (_, long) in enumerate(overlaps):
        by_long[long] = (*by_long.get(long, ()), number)
    return _Index(
        *_korean_index(terms),
        words=words,
        phrases=phrases,
        prefixes=tuple(prefixes),
        firsts=frozenset(term.words[0] for term in terms if len(term.words) > 1),
        longest=max((len(term.words) for term in terms), default=1),
        overlaps=overlaps,
        overlaps_by_long=by_long,
    )


def _korean_index(
    terms: list[_Term],
) -> tuple[dict[str, tuple[_Korean, ...]], tuple[_Korean, ...], re.Pattern[str], BigramTable]:
    entries = [_korean_entry(position, term.surface) for position, term in enumerate(terms) if term.korean]
    frequency = Counter(pair for entry in entries for pair in entry.pairs)
    by_pair: dict[str, tuple[_Korean, ...]] = {}
    for entry in entries:
        if entry.pairs:
            # Filed under one bigram only, a rare one, so few terms are looked at for a given text.
            key = min(sorted(entry.pairs), key=lambda pair: frequency[pair])
            by_pair[key] = (*by_pair.get(key, ()), entry)
    firsts, seconds = ("".join(sorted({pair[k] for pair in frequency})) for k in (0, 1))
    # Collecting only such bigrams, not every one of the text's, is what makes the set cheap to build.
    pattern = re.compile(f"(?=([{re.escape(firsts)}][{re.escape(seconds)}]))" if frequency else "(?!)")
    table = BigramTable(sorted(frequency))
    return by_pair, tuple(entry for entry in entries if not entry.pairs), pattern, table


def _korean_entry(position: int, surface: str) -> _Korean:
    pairs = frozenset(_HANGUL_PAIR.findall(surface))
    one_pair = len(surface) == 2 and pairs == {surface} and surface[0] != surface[1]
    words = surface.split()
    odd = " ".join(words) != surface
    spaced = re.compile(r"\s+".join(map(re.escape, words))) if len(words) > 1 and not odd else None
    return _Korean(position, surface, pairs, one_pair, spaced, odd)


def _count(text: str, vocabulary: TopicVocabulary, codes: Any = None) -> dict[int, int]:
    """Hits of vocabulary terms in `text`, by position in vocabulary.terms(); a term left out has none.

    A hit is one of str.count's in the text with its whitespace runs made single spaces. A term without
    whitespace has the same hits in the text itself, a term with single spaces those of its pattern there,
    and the tokens are the same in both: the single-spaced text, which costs about as much as all counting,
    is only made for a term with other whitespace (the vocabulary has none).
    """
    index = _index(vocabulary)
    pairs = _pair_counts(text, index, codes)
    counts = {}
    for term in _korean_candidates(pairs, index):
        if term.one_pair:
            counts[term.position] = pairs[term.surface]
        elif term.spaced:
            counts[term.position] = len(term.spaced.findall(text))
        elif term.odd:
            counts[term.position] = _single_spaces(text).count(term.surface)
        else:
            counts[term.position] = text.count(term.surface)
    tokens = _tokens(text)
    if tokens:
        _count_english(tokens, index, counts)
    # An overlap whose longer term has no hits changes nothing: only the others are applied, in their order.
    applied = sorted(number for hit in counts if counts[hit] for number in index.overlaps_by_long.get(hit, ()))
    for number in applied:
        short, long = index.overlaps[number]
        counts[short] = max(0, counts.get(short, 0) - counts[long])
    return counts


def _single_spaces(text: str) -> str:
    """re.sub(r"\\s+", " ", text) in a third of the time (str.split's whitespace is exactly \\s's)."""
    words = text.split()
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + " ".join(words) + (" " if text[-1].isspace() else "")


def _pair_counts(text: str, index: _Index, codes: Any = None) -> dict[str, int]:
    """How many positions of `text` each bigram of the terms starts at (others may be counted too)."""
    if non_ascii_at_least(text, TABLE_MIN_NON_ASCII, codes):
        return index.table.counts(code_points(text) if codes is None else codes)
    return Counter(index.pairs.findall(text))


def _korean_candidates(pairs: dict[str, int], index: _Index) -> list[_Korean]:
    """Korean terms that may occur in a text with these bigrams: str.count, run on these only, stays the measure.

    A term occurs only if each of its Hangul bigrams does; one set of the text's bigrams rules out most terms.
    """
    found = pairs.keys()
    return [
        *index.unpaired,
        *(term for pair in found & index.korean.keys() for term in index.korean[pair] if found >= term.pairs),
    ]


def _count_english(tokens: list[str], index: _Index, counts: dict[int, int]) -> None:
    unigrams = Counter(tokens)
    for word in unigrams.keys() & index.words.keys():
        for position in index.words[word]:
            counts[position] = unigrams[word]
    for position, prefix in index.prefixes:
        counts[position] = sum(n for token, n in unigrams.items() if token.startswith(prefix))
    if index.firsts.isdisjoint(unigrams):
        return
    phrases: Counter[tuple[str, ...]] = Counter()
    for start, token in enumerate(tokens):
        if token in index.firsts:
            # Only sizes that fit: a longer slice near the end would repeat the shorter phrase that ends the text.
            for size in range(2, min(index.longest, len(tokens) - start) + 1):
                phrases[tuple(tokens[start : start + size])] += 1
    for phrase in phrases.keys() & index.phrases.keys():
        for position in index.phrases[phrase]:
            counts[position] = phrases[phrase]


def classify_topics(
    text: str, title: str | None = None, *, vocabulary: TopicVocabulary | None = None, codes: Any = None
) -> list[TopicScore]:
    """Topics of an article, best first, each with the terms that support it.

    `codes`: the text's code_points, if the caller has them already.
    """
    if not isinstance(text, str):
        text, codes = "", None
    vocabulary = vocabulary or TopicVocabulary.default()
    body = _count(text, vocabulary, codes) if text.strip() else {}
    heading = _count(title, vocabulary) if title and title.strip() else {}
    scores: dict[str, float] = {}
    contributions: dict[str, list[tuple[float, str]]] = {}
    in_title: set[str] = set()
    scoring = _scoring(vocabulary)
    # Terms are added in vocabulary order, as the scores are sums of floats.
    for position in sorted(body.keys() | heading.keys()) if heading else sorted(body):
        hits, title_hits = body.get(position, 0), heading.get(position, 0)
        if not hits and not title_hits:
            continue
        slug, surface, weight = scoring[position]
        # Diminishing returns: the tenth "소프트웨어" says less than the second.
        value = weight * ((1 + math.log(hits)) if hits else 0)
        if title_hits:
            value += TITLE_WEIGHT * weight
            in_title.add(slug)
        scores[slug] = scores.get(slug, 0.0) + value
        if slug in contributions:
            contributions[slug].append((value, surface))
        else:
            contributions[slug] = [(value, surface)]
    if not scores:
        return []
    best = max(scores.values())
    results = []
    for slug, score in sorted(scores.items(), key=lambda item: -item[1]):
        if score < MIN_SCORE or score < MIN_SHARE_OF_BEST * best:
            continue
        if len(contributions[slug]) < MIN_DISTINCT_TERMS and slug not in in_title:
            continue
        # Ranked only for the topics kept: most of an article's candidate topics are not.
        evidence = [surface for _, surface in sorted(contributions[slug], key=lambda item: -item[0])]
        results.append(TopicScore(slug, round(score, 2), evidence))
    return results


@cache
def _scoring(vocabulary: TopicVocabulary) -> list[tuple[str, str, float]]:
    """(slug, surface, weight) of each term, by position: what scoring reads of a term, without attributes."""
    return [(term.slug, term.surface, term.weight) for term in vocabulary.terms()]
