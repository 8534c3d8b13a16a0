"""Split the five seed texts into article parts (title, body, boilerplate) for the sample site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class SeedError(ValueError):
    """A seed text that no longer has the shape its splitter expects."""


@dataclass
class SeedParts:
    """What a seed contributes to its page; `extra` holds boilerplate lines the page shows verbatim."""

    title: str = ""
    subtitle: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    byline: str | None = None
    caption: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _lines(text: str) -> list[str]:
    # Whitespace runs (the crawl left no-break spaces inside sentences) collapse to one space.
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _index(lines: list[str], predicate: Callable[[str], bool], seed: str) -> int:
    for number, line in enumerate(lines):
        if predicate(line):
            return number
    raise SeedError(f"{seed}: expected line not found")


def split_gyeongnam(text: str) -> SeedParts:
    """000: English provincial release: dash summary lines, body, '☞ Source' line."""
    lines = _lines(text)
    summary = [line for line in lines if line.startswith("–")]
    end = _index(lines, lambda line: line.startswith("☞ Source"), "000")
    return SeedParts(subtitle=summary, paragraphs=lines[len(summary) : end], extra={"source_line": lines[end]})


def split_gyeongbuk(text: str) -> SeedParts:
    """001: Asia Economy English article: title, subtitle, '[...Reporter ...]' lead, copyright."""
    lines = _lines(text)
    end = _index(lines, lambda line: line.startswith("©"), "001")
    lead = lines[2]
    if not lead.startswith("[") or "]" not in lead:
        raise SeedError("001: the third line should open with the bracket byline")
    byline, first = lead[1:].split("]", 1)
    return SeedParts(
        title=lines[0],
        subtitle=[lines[1]],
        paragraphs=[first.strip(), *lines[3:end]],
        byline=byline,
        extra={"copyright": lines[end]},
    )


def split_gwangju(text: str) -> SeedParts:
    """002: 머니S 호남 article: title, subtitle, share widget, photo caption (twice), body, byline block."""
    lines = _lines(text)
    caption_at = _index(lines, lambda line: line.endswith("/사진=광주광역시"), "002")
    end = _index(lines, lambda line: line.startswith("광주=정태관"), "002")
    byline = next(line for line in lines[end:] if "@" in line)
    return SeedParts(
        title=lines[0],
        subtitle=[lines[1]],
        paragraphs=lines[caption_at + 2 : end],
        byline=byline.split("|")[0].strip(),
        caption=lines[caption_at],
    )


def split_seoul(text: str) -> SeedParts:
    """003: gnuboard page: title, '페이지 정보', info line, title again, subtitle, body, byline, comments."""
    lines = _lines(text)
    if lines[1] != "페이지 정보" or lines[3] != lines[0]:
        raise SeedError("003: expected title, '페이지 정보', info line, title again")
    end = _index(lines, lambda line: line.endswith(" 기자"), "003")
    return SeedParts(
        title=lines[0],
        subtitle=[lines[4]],
        paragraphs=lines[5:end],
        byline=lines[end],
        extra={"info_line": lines[2]},
    )


def split_cheonan(text: str) -> SeedParts:
    """004: bilingual Cheonan release: Korean body, English title line, English body."""
    lines = _lines(text)
    english_at = _index(lines, lambda line: line.startswith("Mayor Park Sang-don"), "004")
    return SeedParts(paragraphs=lines, extra={"english_title": lines[english_at]})


SPLITTERS: dict[str, Callable[[str], SeedParts]] = {
    "000": split_gyeongnam,
    "001": split_gyeongbuk,
    "002": split_gwangju,
    "003": split_seoul,
    "004": split_cheonan,
}


def read_seed(seeds_dir: Path, name: str) -> SeedParts:
    """Read one seed file by name and split it with the splitter for its number."""
    path = seeds_dir / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"{path}: cannot read seed ({exc.strerror or exc})") from None
    return SPLITTERS[name[:3]](text)
