"""Letter counts by writing system: the cheap first look that settles most languages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from indexer.enrich.bigrams import code_points

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
_LINE = re.compile(r"[^\n]+")


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


# ScriptTally packs three counts into one int64 per position: Hangul letters, Latin letters, and "other"
# characters (another script, or one of the few non-letters inside the Hangul and Latin ranges, such as
# × and ÷, which count_scripts only counts when the span also holds a real letter). A field holds up to
# 2**21 - 1, so longer texts are not tallied.
_FIELD_BITS = 21
_FIELD = (1 << _FIELD_BITS) - 1
_HANGUL_UNIT, _LATIN_UNIT, _OTHER_UNIT = 1, 1 << _FIELD_BITS, 1 << (2 * _FIELD_BITS)
MAX_TALLY_CHARS = _FIELD


@cache
def _unit_values() -> Any:
    """Packed count of each BMP character (a numpy int64 array indexed by code point)."""
    import numpy as np

    every = "".join(map(chr, range(0x10000)))
    letters = {match.start() for match in _ANY_LETTER.finditer(every)}
    scripts_of: dict[int, list[str]] = {}
    for script, pattern in SCRIPT_PATTERNS.items():
        for match in pattern.finditer(every):
            scripts_of.setdefault(match.start(), []).append(script)
    units: dict[int, list[int]] = {_HANGUL_UNIT: [], _LATIN_UNIT: [], _OTHER_UNIT: []}
    for code, scripts in scripts_of.items():
        if scripts == ["hangul"] and code in letters:
            units[_HANGUL_UNIT].append(code)
        elif scripts == ["latin"] and code in letters:
            units[_LATIN_UNIT].append(code)
        else:
            units[_OTHER_UNIT].append(code)
    values = np.zeros(0x10000, dtype=np.int64)
    for unit, codes in units.items():
        values[codes] = unit
    return values


class ScriptTally:
    """count_scripts of any span of one text, after a single vectorised pass over the text.

    Press releases are Hangul and Latin. For a span holding nothing else, the two counts come from prefix
    sums in O(1) instead of two regex scans; a span with anything else is counted by count_scripts itself,
    so every answer equals count_scripts(text[start:end]).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # Both stay None for a text too long to pack: every span then goes to count_scripts.
        self._units: Any = None
        self._prefix: Any = None
        if len(text) > MAX_TALLY_CHARS:
            return
        import numpy as np

        # UTF-32 keeps one unit per character (surrogatepass for lone surrogates, which no script has);
        # characters beyond the BMP belong to no counted script, so they share U+FFFF's zero.
        units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        prefix = np.zeros(len(units) + 1, dtype=np.int64)
        np.cumsum(_unit_values()[np.minimum(units, 0xFFFF)], out=prefix[1:])
        self._units, self._prefix = units, prefix

    @property
    def codes(self) -> Any:
        """The text's code points, as bigrams.code_points gives them: for other passes over the same text."""
        return self._units if self._units is not None else code_points(self.text)

    def lines(self) -> list[tuple[int, int, int, int, bool]]:
        """(start, end, Hangul letters, Latin letters, exact) of each non-empty line.

        The letter counts are only meaningful when `exact`; otherwise the line needs count_scripts.
        """
        if self._units is None:
            return [(line.start(), line.end(), 0, 0, False) for line in _LINE.finditer(self.text)]
        import numpy as np

        breaks = np.flatnonzero(self._units == 10)
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [len(self._units)]))
        filled = ends > starts
        starts, ends = starts[filled], ends[filled]
        packed = self._prefix[ends] - self._prefix[starts]
        return list(
            zip(
                starts.tolist(),
                ends.tolist(),
                (packed & _FIELD).tolist(),
                ((packed >> _FIELD_BITS) & _FIELD).tolist(),
                (packed < _OTHER_UNIT).tolist(),
                strict=True,
            )
        )

    def counts(self, start: int, end: int) -> dict[str, int]:
        """count_scripts(text[start:end])."""
        if self._units is None:
            return count_scripts(self.text[start:end])
        packed = int(self._prefix[end] - self._prefix[start])
        if packed >= _OTHER_UNIT:
            return count_scripts(self.text[start:end])
        counts: dict[str, int] = {}
        hangul, latin = packed & _FIELD, packed >> _FIELD_BITS
        # Without other characters, a Hangul or Latin count means real letters, so count_scripts' letter
        # check passes exactly when a count is non-zero; keys in count_scripts' order.
        if hangul:
            counts["hangul"] = hangul
        if latin:
            counts["latin"] = latin
        return counts
