"""Search analysis done in Python, so SQLite and any Elasticsearch cluster match words the same way.

Korean: every run of Hangul becomes overlapping syllable bigrams (광주광역시는 -> 광주 주광 광역 역시 시는),
so a noun matches with particles attached and inside compounds, with no analyser plugin or model.
A query word becomes the phrase of its bigrams, which is the same as a substring match within a word.
Latin script: lowercased and Snowball-stemmed (cities -> citi = city). Other CJK: bigrams as well.
See docs/decisions.md for why not nori or a morphological analyser.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# One match per run of a single script family; everything else separates tokens.
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OTHER_LETTER = rf"(?:(?![{HANGUL}{CJK}])[^\W_])"
TOKEN = re.compile(rf"(?P<hangul>[{HANGUL}]+)|(?P<cjk>[{CJK}]+)|(?P<word>{_OTHER_LETTER}+(?:['’]{_OTHER_LETTER}+)*)")
ASCII_OR_LATIN = re.compile(r"^[a-z0-9\u00c0-\u024f'’]+$")
# TOKEN's terms in one C-level pass, so analyze runs no Python per bigram (a 3,000-character article has
# ~1,000). Group 1: a word, as in TOKEN (_LETTER is _OTHER_LETTER as one class; possessive, as nothing follows
# it to backtrack for). Group 2: a Hangul/CJK bigram, captured by lookahead while one character is consumed,
# or a lone character; the last character of a longer run matches nothing and is skipped.
_LETTER = rf"[^\W_{HANGUL}{CJK}]"
_RUN_TERM = rf"[{HANGUL}]{{2}}|[{CJK}]{{2}}|(?<![{HANGUL}])[{HANGUL}](?![{HANGUL}])|(?<![{CJK}])[{CJK}](?![{CJK}])"
TERMS = re.compile(rf"({_LETTER}++(?:['’]{_LETTER}++)*+)|(?=({_RUN_TERM}))[{HANGUL}{CJK}]")


@lru_cache(maxsize=1)
def _english_stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """Lowercase and stem a Latin-script word; other scripts are only lowercased."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if not word or not ASCII_OR_LATIN.match(word) or word.isdigit():
        return word
    return str(_english_stemmer().stemWord(word))


# Invisible characters that NFKC keeps: inside a word ("스마트\u200b시티", a soft hyphen from a PDF) they
# would split it in two. The cleaner drops them from crawled text; queries and attachment text may hold them.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _normal(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text)
    return INVISIBLE.sub("", normal) if INVISIBLE.search(normal) else normal


def analyze(text: str) -> list[str]:
    """Index terms of a text, in order (positions matter for phrase matching)."""
    return _terms(_normal(text))


def _terms(normal: str) -> list[str]:
    return [run_term or stem_word(word) for word, run_term in TERMS.findall(normal)]


def analyze_to_string(text: str) -> str:
    """Index terms joined by spaces: what both backends store and tokenise on whitespace.

    The same string as " ".join(analyze(text)), built from the text's whitespace-separated pieces: no term
    spans whitespace (it is neither a letter nor Hangul/CJK, the only characters TERMS's lookarounds test), so
    the terms of the text are those of its pieces in turn. A piece seen before (press releases repeat their
    words) costs one dict look-up instead of the regex's work for each character.
    """
    pieces = _normal(text).split()
    known = _PIECE_TERMS
    try:
        joined = "".join(map(known.__getitem__, pieces))
    except KeyError:  # pieces not seen lately: analyse and remember them
        if len(known) + len(pieces) > PIECE_CACHE_SIZE:
            known.clear()  # a bound on memory simpler than LRU bookkeeping; the next documents refill it
        found = []
        for piece in pieces:
            terms = known.get(piece)
            if terms is None:
                analysed = _terms(piece)
                terms = known[piece] = " ".join(analysed) + " " if analysed else ""
            found.append(terms)
        joined = "".join(found)
    return joined[:-1]  # each piece's terms end with a space


# Terms of each whitespace-separated piece analysed lately, each followed by a space ("" for a piece without
# terms): ~12 MiB of Korean pieces when full.
_PIECE_TERMS: dict[str, str] = {}
PIECE_CACHE_SIZE = 50_000


def is_single_syllable(term: str) -> bool:
    """A lone Hangul/CJK character cannot form a bigram; queries treat it as a prefix instead."""
    match = TOKEN.fullmatch(term)
    return len(term) == 1 and match is not None and match.lastgroup in ("hangul", "cjk")
