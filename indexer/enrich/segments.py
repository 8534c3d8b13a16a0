"""Mixed-language documents cut into runs of one language (a Korean release and its English translation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indexer.enrich.language import UNDETERMINED, language_of
from indexer.enrich.scripts import SCRIPT_LANGUAGE, SCRIPT_WEIGHT, ScriptTally, count_scripts, weighted

# A piece with fewer weighted letters than this (a date line, "NHN", a caption) says too little about
# its own language; it joins the run around it instead of starting one.
MIN_PIECE_WEIGHT = 24
# A language needs this share of the document's (weighted) letters, and one run at least this heavy,
# to be listed among the document's languages.
MIN_LANGUAGE_SHARE = 0.15
MIN_RUN_WEIGHT = 120

# Sentence ends inside a line: a mixed line ("…했다. The city said …") is split there.
_SENTENCE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"'”’)\]]*|$)")

_HANGUL_WEIGHT = SCRIPT_WEIGHT.get("hangul", 1)
_LATIN_WEIGHT = SCRIPT_WEIGHT.get("latin", 1)
_KOREAN = SCRIPT_LANGUAGE["hangul"]
_LATIN = SCRIPT_LANGUAGE.get("latin", "latin")


@dataclass(frozen=True)
class Segment:
    """A contiguous span text[start:end] written in one language (ISO 639-1)."""

    language: str
    start: int
    end: int


# A run or piece as [label, start, end, weight]; label is a language code, a script name still to be
# resolved, or None when too short. Plain lists: an article has dozens of pieces, and objects cost more.
_Run = list[Any]


def _pieces(tally: ScriptTally) -> list[_Run]:
    """Lines, or sentences of lines that mix Hangul and Latin, each labelled by its script."""
    text = tally.text
    runs: list[_Run] = []
    for start, end, hangul, latin, exact in tally.lines():
        # Most lines hold Hangul and Latin only and come counted from the tally; a line with anything else
        # (Hanja, kana, another script, ×) is counted by count_scripts and labelled the general way.
        if exact:
            if not (hangul and latin >= MIN_PIECE_WEIGHT):
                if hangul or latin:
                    runs.append(_hangul_latin_run(start, end, hangul, latin))
                continue
        else:
            counts = count_scripts(text[start:end])
            if not (counts.get("hangul") and counts.get("latin", 0) >= MIN_PIECE_WEIGHT):
                if counts:
                    runs.append(_run_from_counts(start, end, counts))
                continue
        line = text[start:end]
        for sentence in _SENTENCE.finditer(line):
            if sentence.group().strip():
                first, last = start + sentence.start(), start + sentence.end()
                runs.append(_run_from_counts(first, last, tally.counts(first, last)))
    return runs


def _hangul_latin_run(start: int, end: int, hangul: int, latin: int) -> _Run:
    """_run_from_counts for a piece of Hangul and Latin letters only, without building the counts."""
    korean, english = hangul * _HANGUL_WEIGHT, latin * _LATIN_WEIGHT
    weight = korean + english
    if weight < MIN_PIECE_WEIGHT:
        return [None, start, end, weight]
    # The heavier script wins, Hangul on a tie; a Hangul piece has no Kana, so language_of says Korean.
    return [_KOREAN if korean >= english else _LATIN, start, end, weight]


def _run_from_counts(start: int, end: int, counts: dict[str, int]) -> _Run:
    scores = weighted(counts)
    weight = sum(scores.values())
    if weight < MIN_PIECE_WEIGHT:
        return [None, start, end, weight]
    script = max(scores, key=lambda name: (scores[name], name == "hangul"))
    # East Asian scripts are settled by their counts alone (Hangul beside Han is Korean with Hanja);
    # a script shared by many languages keeps the script's name until its whole run is judged.
    cjk = script in ("hangul", "han", "kana")
    label = language_of("", counts) if cjk else SCRIPT_LANGUAGE.get(script, script)
    return [label, start, end, weight]


def _merge(runs: list[_Run]) -> list[_Run]:
    """Join neighbours with the same label; unlabelled pieces join the run before (or after) them."""
    merged: list[_Run] = []
    for run in runs:
        if merged and (run[0] is None or run[0] == merged[-1][0]):
            last = merged[-1]
            last[2], last[3] = run[2], last[3] + run[3]
        elif merged and merged[-1][0] is None:
            run[1], run[3] = merged[-1][1], run[3] + merged[-1][3]
            merged[-1] = run
        else:
            merged.append(run)
    return merged


_LANGUAGE_CODES = frozenset(SCRIPT_LANGUAGE.values())


def language_runs(text: str, tally: ScriptTally | None = None) -> list[tuple[Segment, int]]:
    """Segments with their weighted letter counts (what the document's language shares are made of).

    `tally`, the text's ScriptTally if the caller has made one already.
    """
    if not text or not isinstance(text, str):
        return []
    tally = ScriptTally(text) if tally is None else tally
    runs = _merge(_pieces(tally))
    if not runs:
        return []
    if len(runs) == 1 and runs[0][0] is None:
        # Only short pieces (a title, a few words): judge the text as a whole.
        runs[0][0] = language_of(text, tally.counts(0, len(text)))
    for run in runs:
        label, start, end = run[0], run[1], run[2]
        if label is not None and label not in _LANGUAGE_CODES and len(label) > 3:
            # A script shared by many languages (Latin, Cyrillic, ...): one model call per run.
            run[0] = language_of(text[start:end], tally.counts(start, end))
    return [(Segment(run[0] or UNDETERMINED, run[1], run[2]), run[3]) for run in _merge(runs)]


def detect_segments(text: str) -> list[Segment]:
    """Contiguous spans of one language each, in text order (empty for text without letters)."""
    return [segment for segment, _ in language_runs(text)]


def language_shares(runs: list[tuple[Segment, int]]) -> list[str]:
    """Languages with a meaningful share of the text, the dominant first."""
    total = sum(weight for _, weight in runs)
    if not total:
        return []
    shares: dict[str, int] = {}
    heaviest: dict[str, int] = {}
    for segment, weight in runs:
        if segment.language == UNDETERMINED:
            continue
        shares[segment.language] = shares.get(segment.language, 0) + weight
        heaviest[segment.language] = max(heaviest.get(segment.language, 0), weight)
    ranked = sorted(shares, key=lambda code: -shares[code])
    kept = [
        code
        for code in ranked
        if shares[code] >= MIN_LANGUAGE_SHARE * total and heaviest[code] >= min(MIN_RUN_WEIGHT, total)
    ]
    return kept or ranked[:1]
