"""Language of a text: script first, a word list for short English, seeded langdetect for the rest."""

from __future__ import annotations

import re
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
# Letters that only some languages of a script use settle the language without a model.
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_BELARUSIAN = re.compile(r"[ўЎ]")
_MACEDONIAN = re.compile(r"[ѓќѕЃЌЅ]")
_SERBIAN = re.compile(r"[ђћљњџјЂЋЉЊЏЈ]")
_RUSSIAN = re.compile(r"[ыэёЫЭЁ]")
_BULGARIAN = re.compile(r"ъ[а-я]")
_PERSIAN = re.compile(r"[پچژگیک]")
_URDU = re.compile(r"[ٹڈڑںےھ]")

CYRILLIC_PRIOR = {"ru": 0.55, "bg": 0.2, "uk": 0.15, "mk": 0.1}

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
        return _cjk_language(counts)
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


def _cjk_language(counts: dict[str, int]) -> str:
    """Korean, Japanese or Chinese by which East Asian scripts are present."""
    hangul, kana = counts.get("hangul", 0), counts.get("kana", 0)
    # Any real share of Hangul means Korean (Hanja appear inside Korean text, never the reverse);
    # kana never appear in Chinese; Han alone is Chinese (a Japanese text without kana is too rare to win).
    if hangul and hangul >= kana:
        return "ko"
    if kana:
        return "ja"
    return "zh"


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
        # Too short for the model (it is near chance between Russian, Bulgarian and Macedonian here):
        # Bulgarian writes ъ inside words, Russian almost never; otherwise Russian is the likeliest.
        return "bg" if _BULGARIAN.search(text) else "ru"
    # The prior keeps the model to Cyrillic languages and leans to Russian, the most written of them.
    code = langdetect_language(" ".join(re.findall(r"[\u0400-\u04ff]+", text)), CYRILLIC_PRIOR)
    return code if code != UNDETERMINED else "ru"


def _latin_language(text: str) -> str:
    """English by word list or function words when that is certain; otherwise seeded langdetect."""
    words = _LATIN_WORD.findall(text)
    if not words:
        return UNDETERMINED
    lowered = [word.lower() for word in words]
    if len(words) <= SHORT_TEXT_WORDS:
        vocabulary = english_words()
        if all(_ASCII_WORD.fullmatch(word) and word in vocabulary for word in lowered):
            return "en"
    elif len(words) >= ENGLISH_MARKER_MIN_WORDS and "the" in lowered:
        markers = sum(1 for word in lowered if word in ENGLISH_MARKERS)
        if markers >= ENGLISH_MARKER_SHARE * len(words):
            return "en"
    # Only the Latin words go to the model: Hangul or digits around them would only add noise.
    return langdetect_language(" ".join(words))
