"""Line-level cleaning: the last stage of extraction, and `clean_text` for text extracted elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.board_names import without_board_label, without_board_parts
from crawler.cleaning.line_patterns import LinePatterns

# Lines longer than this are article prose whatever words they contain; captions can run long.
MAX_BOILERPLATE_LINE = 300

BYLINE_PREFIX = re.compile("^(?:" + "|".join(f"(?:{p})" for p in vocab.BYLINE_PREFIXES) + ")")
TRAILING_NOISE = re.compile("|".join(f"(?:{p})" for p in vocab.TRAILING_NOISE))
# Zero-width and odd spaces that sites sprinkle through text; folded to plain spaces.
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ODD_SPACE_CHARS = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\f\v"
ODD_SPACES = re.compile(f"[{ODD_SPACE_CHARS}]+")
ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH_CHARS}]")
MULTI_SPACE = re.compile(r" {2,}")
# Any character the three folds above would change (a double space too); most lines have none and skip them.
FOLDED_CHARS = ZERO_WIDTH_CHARS + ODD_SPACE_CHARS
NEEDS_FOLDING = re.compile(f"[{FOLDED_CHARS}]")
# None of its characters is a word character: clean_lines counts on it.
LIST_BULLET = re.compile(r"[•·‧∙◦▪●○■□\-*\s]+")
# strip_line_furniture changes a stripped line only if it opens with one of these or holds "=", "@" or "|".
BYLINE_OPENERS = "[(【"
NON_WORD = re.compile(r"[\W_]+")
NON_WORD_BUT_NEWLINE = re.compile(r"[^\w\n]+")  # and not "_", a word character


def normalize_line(line: str) -> str:
    """Fold odd spaces and zero-width characters; strip the ends."""
    # A double space is found by `in` far faster than by a regex alternation, and every character the
    # folds change is unprintable: str.isprintable clears most lines several times faster than the search.
    if "  " not in line and (line.isprintable() or NEEDS_FOLDING.search(line) is None):
        return line.strip()
    line = ZERO_WIDTH.sub("", line)
    line = ODD_SPACES.sub(" ", line)
    return MULTI_SPACE.sub(" ", line).strip()


@cache
def boilerplate_lines() -> LinePatterns:
    """vocab.BOILERPLATE_LINES, prepared on first use (it reads every pattern's parse tree)."""
    return LinePatterns(vocab.BOILERPLATE_LINES)


def is_boilerplate_line(line: str, may_be_guarded: bool = True, holds_telling: bool = False) -> bool:
    """True when the whole (normalised) line is a known boilerplate pattern.

    `may_be_guarded=False`: the line holds no telling literal of the patterns (LinePatterns.lines_with_telling);
    `holds_telling=True`: it holds one.
    """
    if len(line) > MAX_BOILERPLATE_LINE:
        return False
    patterns = boilerplate_lines()
    if patterns.fullmatch_any(line, may_be_guarded, holds_telling):
        return True
    # Widget items often come as list bullets ("• 카카오톡 공유"); an article's "- point" lines do not
    # match any pattern once the bullet is gone, so they stay. The rest of a line holds no literal the
    # line does not.
    bullet = LIST_BULLET.match(line)
    return bullet is not None and patterns.fullmatch_any(line[bullet.end() :], may_be_guarded)


def strip_line_furniture(line: str) -> str:
    """Remove a leading bracket byline ("[... 기자]", "(서울=연합뉴스) ... =") and a trailing e-mail, share
    labels or place=name byline ("… 말했다. /수원=홍길동 기자")."""
    stripped = BYLINE_PREFIX.sub("", line, count=1) if line[:1] in BYLINE_OPENERS or "=" in line[:20] else line
    # Only strip a prefix when an article sentence follows it; a bare byline is dropped as a line.
    if stripped is not line and len(stripped) < 2:
        return line
    # Each TRAILING_NOISE pattern needs an "@", a "|" or a "="; without them the search is wasted.
    if "@" in stripped or "|" in stripped or "=" in stripped:
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


def normalize_lines(lines: list[str]) -> list[str]:
    """[normalize_line(line) for line in lines], with one test of the joined lines when none needs folding."""
    joined = "\n".join(lines)
    # A one-character `in` is a fast scan, several times faster than the regex or str.isprintable.
    if "  " not in joined and not any(char in joined for char in FOLDED_CHARS):
        return [line.strip() for line in lines]
    return [normalize_line(line) for line in lines]


def comparable_lines(joined: str, count: int) -> list[str] | None:
    """[comparable(line) for line in the `count` lines joined by newlines], when the joined text gives them."""
    squeezed = joined.replace(" ", "").replace(".", "").replace(",", "")
    # Each key is its line less the characters that are not word characters or are "_", lowercased. Most
    # lines squeeze to word characters only; otherwise one search of the squeezed text (few matches left)
    # removes the rest, but for the newlines between the lines.
    if not squeezed.replace("\n", "").isalnum():
        squeezed = NON_WORD_BUT_NEWLINE.sub("", squeezed).replace("_", "")
    # A newline is neither cased nor case-ignorable, so it ends a word for str.lower (final sigma) as a
    # string end does.
    keys = squeezed.lower().split("\n")
    return keys if len(keys) == count else None  # unless a line held a newline of its own


# Characters of text comparable_lines takes at a time (a longer line is a run of its own).
KEY_RUN_CHARS = 500


def line_keys(lines: list[str], run_chars: int = KEY_RUN_CHARS) -> list[str]:
    """[comparable(line) for line in lines], from comparable_lines over runs of lines of `run_chars` or so.

    One run for the whole text holds four or five copies of it at once (squeezed, cleaned, lowered, split):
    the cleaner's peak memory, which this doubled on a long page (bench/cleaner.py: 97 KiB against 51 in
    runs of 500, at the same speed). Keys do not depend on where a run ends: a newline ends a word for
    str.lower, as the string's end does.
    """
    keys: list[str] = []
    start = 0
    while start < len(lines):
        end, size = start + 1, len(lines[start])
        while end < len(lines) and size + len(lines[end]) < run_chars:
            size += len(lines[end]) + 1
            end += 1
        run = lines[start:end]
        keys += comparable_lines("\n".join(run), len(run)) or [comparable(line) for line in run]
        start = end
    return keys


def clean_lines(lines: Iterable[str], title: str = "", normalized: bool = False) -> list[str]:
    """Keep the article lines, in order: drop boilerplate, repeats and copies of the title.

    `normalized=True`: every line is already its normalize_line form (as paragraphs_of gives them).
    """
    seen: set[str] = set()
    title_key = comparable(title)
    kept: list[str] = []
    # Whole-text passes first: most lines hold no literal that the costly patterns need, none of the
    # furniture marks, and take their keys from a few string operations on the joined text.
    normal = list(lines) if normalized else normalize_lines(list(lines))
    joined = "\n".join(normal)
    patterns = boilerplate_lines()
    telling = patterns.lines_with_telling(joined, normal)
    keys = line_keys(normal)
    marks = "@" in joined or "|" in joined or "=" in joined
    # Most texts hold none of the marks that strip_line_furniture looks for: then no line needs the tests.
    furniture = marks or any(opener in joined for opener in BYLINE_OPENERS)
    # Without a telling literal, a line can only match an anchored pattern or start with a list bullet (no
    # bullet is a word character), and its first character says whether it can (regex_facts.could_start).
    starts = patterns.anchored_starts
    for index, line in enumerate(normal):
        if not line:
            continue
        holds_telling = index in telling
        first = line[0]
        if (
            holds_telling
            or starts is None
            or first in starts
            or not (first.isalnum() or first == "_")  # regex_facts.NON_WORD, for the bullets too
        ) and is_boilerplate_line(line, holds_telling, holds_telling):
            continue
        # A normalised line without the furniture marks is its own stripped form (strip_line_furniture).
        if furniture and (first in BYLINE_OPENERS or (marks and ("=" in line or "@" in line or "|" in line))):
            stripped = strip_line_furniture(line)
        else:
            stripped = line
        if stripped == line:
            key = keys[index]
        else:  # furniture came off: test what is left, as a line of its own
            if not stripped or is_boilerplate_line(stripped):
                continue
            line = stripped
            key = comparable(line)
        # A repeated line is a caption shown twice or a title echoed in the body; keep the first.
        if not key or key in seen or (title_key and key == title_key):
            continue
        if not kept and title_key and is_title_with_board_name(line, key, title_key):
            continue  # the title with its board's name ("제목 > 보도자료", "[보도자료] 제목") opening the body
        seen.add(key)
        kept.append(line)
    return kept


def is_title_with_board_name(line: str, key: str, title_key: str) -> bool:
    """Whether `line` (whose comparable form is `key`) is the title with its board's name around it."""
    if key.startswith(title_key):
        return comparable(without_board_parts(line)) == title_key
    # Only a line opening with a bracket can hold a bracketed label: the rest never reach the second test.
    return not line[:1].isalnum() and comparable(without_board_label(line)) == title_key


def clean_text(text: str) -> str:
    """Remove boilerplate lines from already-extracted text; paragraphs come back one blank line apart."""
    if not isinstance(text, str):
        return ""
    return "\n\n".join(clean_lines(text.splitlines()))
