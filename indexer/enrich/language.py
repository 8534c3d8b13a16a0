"""Language of a text: script first, then word frequencies and letters, seeded langdetect for the rest.

* Scripts that belong to one language settle it (Hangul, Kana, Thai, ...). Han without Kana or Hangul is
  Chinese unless its characters say Japanese: a character in Japanese JIS X 0208 that neither simplified
  (GB 2312) nor traditional (Big5) Chinese encodes is a Japanese form (県, 駅, 図, 働, 込), one that only the
  Chinese sets encode is Chinese (们, 这, 說).
* Latin and Cyrillic texts are scored against the most frequent words of 29 languages (data/words.tsv,
  from wordfreq) and against each language's letters (ß, ñ, ø, ł, ő, ş, ã ...): a unigram model that is
  right far more often than langdetect on a title, a word pair or one word, and much cheaper. A longer
  text goes to the model only when the words leave it in doubt.
"""

from __future__ import annotations

import operator
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from indexer.enrich.scripts import SCRIPT_LANGUAGE, count_scripts, weighted

UNDETERMINED = "und"

# langdetect reads at most this much; a bounded sample makes its cost independent of the article length
# while a few hundred characters of one language are plenty for its n-gram model.
LANGDETECT_SAMPLE_CHARS = 600
# Script counting is cheap but not free: a long article is judged on its head, middle and tail.
SCRIPT_SAMPLE_CHARS = 3000

# A Latin-script text this short (in words) is judged by the English word list before langdetect,
# because langdetect is mostly wrong on one or two words.
SHORT_TEXT_WORDS = 3

# English function words that are rare as words in the other Latin-script languages langdetect knows:
# when they make up a fifth of a longer text (and "the" is there) the text is English, no model needed.
ENGLISH_MARKERS = frozenset(
    "the and of to with that this which from have has were been would their they are is it its "  # noqa: SIM905
    "for be by will".split()
)
ENGLISH_MARKER_SHARE = 0.2
ENGLISH_MARKER_MIN_WORDS = 6

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+(?:['’][A-Za-z]+)?")
_ASCII_WORD = re.compile(r"[A-Za-z']+")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{0,3}[A-Z]|[A-Z]")
# Letters that only some languages of a script use settle the language without a model.
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_BELARUSIAN = re.compile(r"[ўЎ]")
_MACEDONIAN = re.compile(r"[ѓќѕЃЌЅ]")
_SERBIAN = re.compile(r"[ђћљњџјЂЋЉЊЏЈ]")
# Russian writes ъ only as a separator before е, ё, ю, я (объявление, подъезд); Bulgarian writes it as a
# vowel, mostly before consonants (съвет, път, България).
_RUSSIAN = re.compile(r"[ыэёЫЭЁ]|[ъЪ][еёюяЕЁЮЯ]")
_BULGARIAN = re.compile(r"[ъЪ](?![еёюяЕЁЮЯ])")
_PERSIAN = re.compile(r"[پچژگیک]")
_URDU = re.compile(r"[ٹڈڑںےھ]")

CYRILLIC_PRIOR = {"ru": 0.55, "bg": 0.2, "uk": 0.15, "mk": 0.1}
CYRILLIC_WORD_LANGUAGES = ("ru", "uk", "bg", "mk")

# Word model (data/words.tsv): a word's score in a language is its Zipf frequency there (log10 per
# billion words; "the" 7.7, a word of rank 6,000 about 3.5); a word a language's list lacks scores this,
# less when it has a letter that language does not write.
UNKNOWN_ZIPF = 1.5
FOREIGN_LETTER_PENALTY = 3.0
# A letter belongs to a language's alphabet when this many of its listed words use it (loanwords such as
# "café" must not make é English).
ALPHABET_MIN_WORDS = 3
ALPHABET_MIN_SHARE = 0.001
# Letters a language writes that its case-folded word list cannot show (wordfreq folds ß to ss).
EXTRA_LETTERS = {"de": "ß"}
# Up to this many words the word model decides alone whenever a word or letter gives it evidence.
WORD_MODEL_SHORT_WORDS = 4
# In a short text, languages within this much of the best score (a tenth as frequent) stay candidates.
CANDIDATE_MARGIN = 1.0
# A longer text is decided by the word model when it knows this share of the words and the best
# language leads the next by this much per word; otherwise by langdetect.
WORD_MODEL_MIN_KNOWN_SHARE = 0.5
WORD_MODEL_MIN_MARGIN_PER_WORD = 0.5
# langdetect reads the first words of a long text only; so does the word model.
WORD_MODEL_MAX_WORDS = 120
# Ties (a word as common in two languages) go to the language the archive holds most of.
LATIN_PREFERENCE = ("en", "fr", "de", "es", "pt", "it", "nl")

# langdetect reports Chinese as zh-cn / zh-tw; facets use plain ISO 639-1.
_LANGDETECT_CODES = {"zh-cn": "zh", "zh-tw": "zh"}


@cache
def _langdetect_factory() -> Any:
    """A private, seeded langdetect factory (the module-level one is shared and unseeded by default)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    # Seeding makes the random n-gram sampling, and so the answer, the same on every call.
    factory.seed = 0
    return factory


@cache
def english_words() -> frozenset[str]:
    """The short-text English word list (data/english_words.txt)."""
    text = resources.files("indexer.enrich").joinpath("data/english_words.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class WordModel:
    """Frequent words of each language (data/words.tsv) and the letters each language writes."""

    zipf: dict[str, tuple[tuple[str, float], ...]]  # word -> ((language, zipf), ...)
    alphabets: dict[str, frozenset[str]]  # language -> non-ASCII letters its words use
    languages: tuple[str, ...]


@cache
def word_model() -> WordModel:
    """Parse data/words.tsv once."""
    text = resources.files("indexer.enrich").joinpath("data/words.tsv").read_text("utf-8")
    entries: dict[str, list[tuple[str, float]]] = {}
    words_of: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        language, zipf, words = line.split("\t")
        # One (language, zipf) tuple per line, shared by all its words: ~200,000 words stay small in memory.
        pair = (sys.intern(language), float(zipf))
        listed = words_of.setdefault(pair[0], [])
        for word in words.split():
            entries.setdefault(word, []).append(pair)
            listed.append(word)
    alphabets = {}
    for language, listed_words in words_of.items():
        letters = Counter(letter for word in listed_words for letter in set(word) if not letter.isascii())
        least = max(ALPHABET_MIN_WORDS, ALPHABET_MIN_SHARE * len(listed_words))
        alphabets[language] = frozenset(
            {letter for letter, n in letters.items() if n >= least} | set(EXTRA_LETTERS.get(language, ""))
        )
    return WordModel(
        zipf={word: tuple(pairs) for word, pairs in entries.items()},
        alphabets=alphabets,
        languages=tuple(words_of),
    )


# Memoised word rows, per tuple of languages scored: the same words recur from article to article, and a
# row costs a loop over ~30 languages. Bounded: the whole memo is dropped when it grows past this.
WORD_ROW_MEMO_WORDS = 100_000
_word_rows: dict[tuple[str, ...], dict[str, tuple[tuple[float, ...], bool, bool]]] = {}


def word_scores(words: list[str], languages: tuple[str, ...]) -> tuple[dict[str, float], int, bool]:
    """(score per language, how many words some list knows, whether a letter ruled a language out)."""
    model = word_model()
    rows = _word_rows.get(languages)
    if rows is None or len(rows) > WORD_ROW_MEMO_WORDS:
        rows = _word_rows[languages] = {}
    totals = [0.0] * len(languages)
    known = 0
    letter_evidence = False
    for word in words:
        row = rows.get(word)
        if row is None:
            row = rows[word] = _word_row(model, word, languages)
        zipfs, listed, ruled_out = row
        # Added word by word, in text order, as a running sum per language always was: same floats.
        totals = list(map(operator.add, totals, zipfs))
        known += listed
        letter_evidence = letter_evidence or ruled_out
    return dict(zip(languages, totals, strict=True)), known, letter_evidence


def _word_row(model: WordModel, word: str, languages: tuple[str, ...]) -> tuple[tuple[float, ...], bool, bool]:
    """(the word's score in each language, whether some list knows it, whether a letter ruled one out)."""
    # The lists are case-folded as wordfreq folds them (ß -> ss, Turkish İ -> i).
    hits = model.zipf.get(word.casefold().replace("i\u0307", "i"))
    if hits is None and ("'" in word or "’" in word):
        # French and Italian elision (l'école, dell'anno): the word after the apostrophe.
        hits = model.zipf.get(re.split(r"['’]", word)[-1])
    found = dict(hits) if hits else {}
    foreign = {letter for letter in word if not letter.isascii() and letter.isalpha()}
    zipfs = []
    ruled_out = False
    for language in languages:
        zipf = found.get(language)
        if zipf is None:
            zipf = UNKNOWN_ZIPF
            if foreign and not foreign <= model.alphabets[language]:
                zipf -= FOREIGN_LETTER_PENALTY
                ruled_out = True
        zipfs.append(zipf)
    return tuple(zipfs), bool(found), ruled_out


def _best(scores: dict[str, float], preference: tuple[str, ...]) -> tuple[str, float]:
    """The best-scoring language (ties to the earlier in `preference`) and its lead over the next."""
    rank = {language: i for i, language in enumerate(preference)}
    ordered = sorted(scores, key=lambda lang: (-scores[lang], rank.get(lang, len(rank)), lang))
    lead = scores[ordered[0]] - scores[ordered[1]] if len(ordered) > 1 else float("inf")
    return ordered[0], lead


def langdetect_language(text: str, prior: dict[str, float] | None = None) -> str:
    """Seeded langdetect on a bounded sample; 'und' when it has nothing to go on.

    `prior` (language -> weight) both restricts the answer to those languages and favours the likelier.
    """
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()
    if prior:
        detector.set_prior_map(prior)
    detector.append(text[:LANGDETECT_SAMPLE_CHARS])
    try:
        code = detector.detect()
    except LangDetectException:
        return UNDETERMINED
    if code == "unknown":
        return UNDETERMINED
    return _LANGDETECT_CODES.get(code, code)


def _sample(text: str) -> str:
    """Head, middle and tail of a long text: enough to judge scripts without reading all of it."""
    if len(text) <= SCRIPT_SAMPLE_CHARS:
        return text
    third = SCRIPT_SAMPLE_CHARS // 3
    middle = len(text) // 2
    return f"{text[:third]}\n{text[middle - third // 2 : middle + third // 2]}\n{text[-third:]}"


def detect_language(text: str) -> str:
    """ISO 639-1 code of the dominant language of `text`, or 'und' when there is nothing to judge."""
    if not text or not isinstance(text, str):
        return UNDETERMINED
    sample = _sample(text)
    return language_of(sample, count_scripts(sample))


def language_of(text: str, counts: dict[str, int]) -> str:
    """Language of `text` given its script counts (see count_scripts)."""
    if not counts:
        return UNDETERMINED
    scores = weighted(counts)
    script = max(scores, key=lambda name: (scores[name], name == "hangul"))
    if script in ("hangul", "han", "kana"):
        return _cjk_language(counts, text)
    if script in SCRIPT_LANGUAGE:
        return SCRIPT_LANGUAGE[script]
    if script == "latin":
        return _latin_language(text)
    if script == "cyrillic":
        return _cyrillic_language(text, counts["cyrillic"])
    if script == "arabic":
        # Urdu letters first: Urdu also uses the Persian ones.
        return "ur" if _URDU.search(text) else "fa" if _PERSIAN.search(text) else "ar"
    if script == "devanagari":
        # Hindi, Marathi and Nepali share the script; only a longer text lets the model tell them apart.
        return langdetect_language(text) if counts["devanagari"] >= 40 else "hi"
    return UNDETERMINED


def _cjk_language(counts: dict[str, int], text: str | None = None) -> str:
    """Korean, Japanese or Chinese by which East Asian scripts are present."""
    hangul, kana = counts.get("hangul", 0), counts.get("kana", 0)
    # Any real share of Hangul means Korean (Hanja appear inside Korean text, never the reverse);
    # kana never appear in Chinese; Han alone is Chinese (a Japanese text without kana is too rare to win).
    if hangul and hangul >= kana:
        return "ko"
    if kana:
        return "ja"
    return "ja" if text is not None and _japanese_han(text) else "zh"


@cache
def _han_side(char: str) -> int:
    """+1 for a Han character only Japanese encodes (JIS X 0208), -1 for one only Chinese does, 0 else."""
    japanese = _encodes(char, "shift_jis")
    chinese = _encodes(char, "gb2312") or _encodes(char, "big5")
    return 0 if japanese == chinese else 1 if japanese else -1


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _japanese_han(text: str) -> bool:
    """More Japanese-only Han forms than Chinese-only ones (see the module docstring)."""
    balance = 0
    for char in text:
        if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff":
            balance += _han_side(char)
    return balance > 0


def _cyrillic_language(text: str, letters: int) -> str:
    """Cyrillic languages by the letters only one of them uses; the model only for longer texts."""
    if _BELARUSIAN.search(text):
        return "be"
    if _UKRAINIAN.search(text):
        return "uk"
    if _MACEDONIAN.search(text):
        return "mk"
    if _SERBIAN.search(text):
        return "sr"
    if _RUSSIAN.search(text):
        return "ru"
    if letters < 40:
        # Too short for langdetect (near chance between Russian, Bulgarian and Macedonian here): the word
        # lists decide when they know a word; otherwise Bulgarian writes ъ inside words, Russian almost
        # never, and Russian is the likeliest.
        words = [word.lower() for word in re.findall(r"[\u0400-\u04ff]+", text)]
        scores, known, _ = word_scores(words, CYRILLIC_WORD_LANGUAGES)
        if known:
            return _best(scores, CYRILLIC_WORD_LANGUAGES)[0]
        return "bg" if _BULGARIAN.search(text) else "ru"
    # The prior keeps the model to Cyrillic languages and leans to Russian, the most written of them.
    code = langdetect_language(" ".join(re.findall(r"[\u0400-\u04ff]+", text)), CYRILLIC_PRIOR)
    return code if code != UNDETERMINED else "ru"


@cache
def _latin_languages() -> tuple[str, ...]:
    return tuple(lang for lang in word_model().languages if lang not in CYRILLIC_WORD_LANGUAGES)


# A long Latin text is read for words from its head first: 2,000 characters hold the 120 words and 600
# characters of them that are all _latin_language reads, in almost any Latin-script prose.
LATIN_HEAD_CHARS = 2000


def _leading_latin_words(text: str) -> list[str]:
    """The Latin words of `text`, or (in a long text) as many of its first words as _latin_language reads."""
    if len(text) > LATIN_HEAD_CHARS:
        words = _LATIN_WORD.findall(text, 0, LATIN_HEAD_CHARS)
        # Every match but the last is one the whole text has too (a word is decided by the character or two
        # after it, which lie before the next match); the last may be cut off by the end of the head.
        del words[-1:]
        if len(words) >= max(WORD_MODEL_MAX_WORDS, ENGLISH_MARKER_MIN_WORDS, SHORT_TEXT_WORDS + 1) and (
            len(" ".join(words)) >= LANGDETECT_SAMPLE_CHARS
        ):
            return words
    return _LATIN_WORD.findall(text)


def _latin_language(text: str) -> str:
    """English by function words when that is certain; then the word model; seeded langdetect for the rest."""
    words = _leading_latin_words(text)
    if not words:
        return UNDETERMINED
    lowered = [word.lower() for word in words[:WORD_MODEL_MAX_WORDS]]
    if len(words) <= SHORT_TEXT_WORDS:
        vocabulary = english_words()
        if all(_ASCII_WORD.fullmatch(word) and word in vocabulary for word in lowered):
            return "en"
    elif len(words) >= ENGLISH_MARKER_MIN_WORDS and "the" in lowered:
        markers = sum(1 for word in lowered if word in ENGLISH_MARKERS)
        if markers >= ENGLISH_MARKER_SHARE * len(lowered):
            return "en"
    # Acronyms (AI, NHN, PoC) say little about a language; a text of nothing else is English, as the Latin
    # acronyms in Korean releases are.
    content = [low for word, low in zip(words, lowered, strict=False) if not _ACRONYM.fullmatch(word)]
    if not content:
        return "en"
    latin_languages = _latin_languages()
    scores, known, letters = word_scores(content, latin_languages)
    best, lead = _best(scores, LATIN_PREFERENCE)
    if len(content) <= WORD_MODEL_SHORT_WORDS:
        if not (known or letters):
            return langdetect_language(" ".join(words))
        # Languages the words leave in the running (a word about as common in two languages, a word no
        # list knows): langdetect's letter n-grams choose among them, and only among them.
        close = {lang: 1.0 for lang in latin_languages if scores[lang] >= scores[best] - CANDIDATE_MARGIN}
        if len(close) == 1:
            return best
        code = langdetect_language(" ".join(words), close)
        return code if code in close else best
    elif known >= WORD_MODEL_MIN_KNOWN_SHARE * len(content) and lead >= WORD_MODEL_MIN_MARGIN_PER_WORD * len(content):
        return best
    # Only the Latin words go to the model: Hangul or digits around them would only add noise.
    return langdetect_language(" ".join(words))
