"""Letter counts by writing system: the cheap first look that settles most languages."""

from __future__ import annotations

import re
from collections.abc import Mapping

# One character class per script. Counting with compiled regexes keeps the per-character work in C,
# which is what makes the script check much cheaper than an n-gram model.
SCRIPT_PATTERNS: Mapping[str, re.Pattern[str]] = {
    "hangul": re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),
    "kana": re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]"),
    "han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"),
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "bengali": re.compile(r"[\u0980-\u09ff]"),
    "gurmukhi": re.compile(r"[\u0a00-\u0a7f]"),
    "gujarati": re.compile(r"[\u0a80-\u0aff]"),
    "tamil": re.compile(r"[\u0b80-\u0bff]"),
    "telugu": re.compile(r"[\u0c00-\u0c7f]"),
    "kannada": re.compile(r"[\u0c80-\u0cff]"),
    "malayalam": re.compile(r"[\u0d00-\u0d7f]"),
    "georgian": re.compile(r"[\u10a0-\u10ff]"),
    "armenian": re.compile(r"[\u0530-\u058f]"),
    "khmer": re.compile(r"[\u1780-\u17ff]"),
    "lao": re.compile(r"[\u0e80-\u0eff]"),
    "myanmar": re.compile(r"[\u1000-\u109f]"),
}

# Scripts that belong to exactly one language we report (ISO 639-1).
SCRIPT_LANGUAGE: Mapping[str, str] = {
    "hangul": "ko",
    "thai": "th",
    "greek": "el",
    "hebrew": "he",
    "bengali": "bn",
    "gurmukhi": "pa",
    "gujarati": "gu",
    "tamil": "ta",
    "telugu": "te",
    "kannada": "kn",
    "malayalam": "ml",
    "georgian": "ka",
    "armenian": "hy",
    "khmer": "km",
    "lao": "lo",
    "myanmar": "my",
}

# A Hangul syllable or a Han character carries roughly what three Latin letters do; weighting them so
# keeps "share of the text" fair between a Korean half and its English translation.
SCRIPT_WEIGHT: Mapping[str, int] = {"hangul": 3, "han": 3, "kana": 2}

_ANY_LETTER = re.compile(r"[^\W\d_]")


_COMMON = ("hangul", "latin")
# Press releases are Hangul and Latin; one search for "anything else" spares twenty scans per call.
_OTHER = re.compile("|".join(p.pattern for name, p in SCRIPT_PATTERNS.items() if name not in _COMMON))


def count_scripts(text: str) -> dict[str, int]:
    """Number of letters of each script in `text` (scripts with none are left out)."""
    counts: dict[str, int] = {}
    if not _ANY_LETTER.search(text):
        return counts
    for script in _COMMON:
        found = len(SCRIPT_PATTERNS[script].findall(text))
        if found:
            counts[script] = found
    if _OTHER.search(text):
        for script, pattern in SCRIPT_PATTERNS.items():
            if script not in _COMMON:
                found = len(pattern.findall(text))
                if found:
                    counts[script] = found
    return counts


def weighted(counts: Mapping[str, int]) -> dict[str, int]:
    """Script counts scaled by how much text one character of that script stands for."""
    return {script: n * SCRIPT_WEIGHT.get(script, 1) for script, n in counts.items()}
