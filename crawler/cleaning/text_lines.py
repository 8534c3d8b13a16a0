"""Line-level cleaning: the last stage of extraction, and `clean_text` for text extracted elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.line_patterns import LinePatterns

# Lines longer than this are article prose whatever words they contain; captions can run long.
MAX_BOILERPLATE_LINE = 300

BYLINE_PREFIX = re.compile("|".join(f"(?:{p})" for p in vocab.BYLINE_PREFIXES))
TRAILING_NOISE = re.compile("|".join(f"(?:{p})" for p in vocab.TRAILING_NOISE))
# Zero-width and odd spaces that sites sprinkle through text; folded to plain spaces.
ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\f\v]+")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
MULTI_SPACE = re.compile(r" {2,}")
# Any character the three folds above would change (a double space too); most lines have none and skip them.
NEEDS_FOLDING = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\f\v]")
LIST_BULLET = re.compile(r"[•·‧∙◦▪●○■□\-*\s]+")
NON_WORD = re.compile(r"[\W_]+")


def normalize_line(line: str) -> str:
    """Fold odd spaces and zero-width characters; strip the ends."""
    # A double space is found by `in` far faster than by a regex alternation.
    if "  " not in line and NEEDS_FOLDING.search(line) is None:
        return line.strip()
    line = ZERO_WIDTH.sub("", line)
    line = ODD_SPACES.sub(" ", line)
    return MULTI_SPACE.sub(" ", line).strip()


@cache
def boilerplate_lines() -> LinePatterns:
    """vocab.BOILERPLATE_LINES, prepared on first use (it reads every pattern's parse tree)."""
    return LinePatterns(vocab.BOILERPLATE_LINES)


def is_boilerplate_line(line: str) -> bool:
    """True when the whole (normalised) line is a known boilerplate pattern."""
    if len(line) > MAX_BOILERPLATE_LINE:
        return False
    patterns = boilerplate_lines()
    if patterns.fullmatch_any(line):
        return True
    # Widget items often come as list bullets ("• 카카오톡 공유"); an article's "- point" lines do not
    # match any pattern once the bullet is gone, so they stay.
    bullet = LIST_BULLET.match(line)
    return bullet is not None and patterns.fullmatch_any(line[bullet.end() :])


def strip_line_furniture(line: str) -> str:
    """Remove a leading bracket byline ("[... 기자]", "(서울=연합뉴스) ... =") and trailing e-mail/share."""
    stripped = BYLINE_PREFIX.sub("", line, count=1) if line[:1] in "[(【" or "=" in line[:20] else line
    # Only strip a prefix when an article sentence follows it; a bare byline is dropped as a line.
    if stripped is not line and len(stripped) < 2:
        return line
    # Each TRAILING_NOISE pattern needs an "@" or a "|"; without them the search is wasted.
    if "@" in stripped or "|" in stripped:
        stripped = TRAILING_NOISE.sub("", stripped)
    return stripped.strip()


def comparable(line: str) -> str:
    """The key under which two lines count as the same (case, spacing and punctuation ignored)."""
    # Most lines are words, spaces and sentence marks: when dropping those leaves only word characters
    # (str.isalnum is the regex's \w without "_"), the regex would have removed exactly them.
    squeezed = line.replace(" ", "").replace(".", "").replace(",", "")
    if squeezed.isalnum():
        return squeezed.lower()
    return NON_WORD.sub("", line).lower()


def clean_lines(lines: Iterable[str], title: str = "") -> list[str]:
    """Keep the article lines, in order: drop boilerplate, repeats and copies of the title."""
    seen: set[str] = set()
    title_key = comparable(title)
    kept: list[str] = []
    for raw in lines:
        line = normalize_line(raw)
        if not line or is_boilerplate_line(line):
            continue
        stripped = strip_line_furniture(line)
        # An unchanged line was just tested: the second test only matters when furniture came off.
        if not stripped or (stripped != line and is_boilerplate_line(stripped)):
            continue
        line = stripped
        key = comparable(line)
        # A repeated line is a caption shown twice or a title echoed in the body; keep the first.
        if not key or key in seen or (title_key and key == title_key):
            continue
        seen.add(key)
        kept.append(line)
    return kept


def clean_text(text: str) -> str:
    """Remove boilerplate lines from already-extracted text; paragraphs come back one blank line apart."""
    if not isinstance(text, str):
        return ""
    return "\n\n".join(clean_lines(text.splitlines()))
