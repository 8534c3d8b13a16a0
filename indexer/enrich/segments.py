"""Mixed-language documents cut into runs of one language (a Korean release and its English translation)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.enrich.language import UNDETERMINED, language_of
from indexer.enrich.scripts import SCRIPT_LANGUAGE, count_scripts, weighted

# A piece with fewer weighted letters than this (a date line, "NHN", a caption) says too little about
# its own language; it joins the run around it instead of starting one.
MIN_PIECE_WEIGHT = 24
# A language needs this share of the document's (weighted) letters, and one run at least this heavy,
# to be listed among the document's languages.
MIN_LANGUAGE_SHARE = 0.15
MIN_RUN_WEIGHT = 120

_LINE = re.compile(r"[^\n]+")
# Sentence ends inside a line: a mixed line ("…했다. The city said …") is split there.
_SENTENCE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"'”’)\]]*|$)")


@dataclass(frozen=True)
class Segment:
    """A contiguous span text[start:end] written in one language (ISO 639-1)."""

    language: str
    start: int
    end: int


@dataclass
class _Run:
    label: str | None  # a language code, a script name still to be resolved, or None when too short
    start: int
    end: int
    weight: int


def _pieces(text: str) -> list[_Run]:
    """Lines, or sentences of lines that mix Hangul and Latin, each labelled by its script."""
    runs: list[_Run] = []
    for line in _LINE.finditer(text):
        counts = count_scripts(line.group())
        if counts.get("hangul") and counts.get("latin", 0) >= MIN_PIECE_WEIGHT:
            for sentence in _SENTENCE.finditer(line.group()):
                if sentence.group().strip():
                    start = line.start() + sentence.start()
                    runs.append(_label(text, start, line.start() + sentence.end()))
        elif counts:
            runs.append(_run_from_counts(line.start(), line.end(), counts))
    return runs


def _label(text: str, start: int, end: int) -> _Run:
    return _run_from_counts(start, end, count_scripts(text[start:end]))


def _run_from_counts(start: int, end: int, counts: dict[str, int]) -> _Run:
    scores = weighted(counts)
    weight = sum(scores.values())
    if weight < MIN_PIECE_WEIGHT:
        return _Run(None, start, end, weight)
    script = max(scores, key=lambda name: (scores[name], name == "hangul"))
    # East Asian scripts are settled by their counts alone (Hangul beside Han is Korean with Hanja);
    # a script shared by many languages keeps the script's name until its whole run is judged.
    cjk = script in ("hangul", "han", "kana")
    label = language_of("", counts) if cjk else SCRIPT_LANGUAGE.get(script, script)
    return _Run(label, start, end, weight)


def _merge(runs: list[_Run]) -> list[_Run]:
    """Join neighbours with the same label; unlabelled pieces join the run before (or after) them."""
    merged: list[_Run] = []
    for run in runs:
        if merged and (run.label is None or run.label == merged[-1].label):
            merged[-1].end, merged[-1].weight = run.end, merged[-1].weight + run.weight
        elif merged and merged[-1].label is None:
            run.start, run.weight = merged[-1].start, run.weight + merged[-1].weight
            merged[-1] = run
        else:
            merged.append(run)
    return merged


def language_runs(text: str) -> list[tuple[Segment, int]]:
    """Segments with their weighted letter counts (what the document's language shares are made of)."""
    if not text or not isinstance(text, str):
        return []
    runs = _merge(_pieces(text))
    if not runs:
        return []
    if len(runs) == 1 and runs[0].label is None:
        # Only short pieces (a title, a few words): judge the text as a whole.
        runs[0].label = language_of(text, count_scripts(text))
    for run in runs:
        if run.label is not None and run.label not in SCRIPT_LANGUAGE.values() and len(run.label) > 3:
            # A script shared by many languages (Latin, Cyrillic, ...): one model call per run.
            snippet = text[run.start : run.end]
            run.label = language_of(snippet, count_scripts(snippet))
    return [(Segment(run.label or UNDETERMINED, run.start, run.end), run.weight) for run in _merge(runs)]


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
