"""Board and section names ("보도자료", "Press Releases") in headings and declared titles, and titles without them."""

from __future__ import annotations

import re

from crawler.cleaning import vocabulary as vocab

NON_WORD = re.compile(r"[\W_]+")
# A vocabulary name written with spaces and marks between its letters ("보도 / 해명 자료") is at most this long.
MAX_BOARD_NAME_CHARS = 2 * max(map(len, vocab.BOARD_NAMES))
# Keeps the separators: split() gives [part, separator, part, ...].
SEPARATOR = re.compile("(" + "|".join(map(re.escape, vocab.TITLE_SEPARATORS)) + ")")


def is_board_name(text: str) -> bool:
    """True when `text` is only the name of a board or site section (vocab.BOARD_NAMES)."""
    return len(text) <= MAX_BOARD_NAME_CHARS and NON_WORD.sub("", text).lower() in vocab.BOARD_NAMES


def without_board_parts(text: str) -> str:
    """`text` less the board names that open or end it ("제목 > 보도자료" -> "제목"); `text` itself when none does."""
    parts = SEPARATOR.split(text)
    if len(parts) == 1:
        return text
    count = len(parts)
    while len(parts) > 1 and is_board_name(parts[-1]):
        del parts[-2:]
    while len(parts) > 1 and is_board_name(parts[0]):
        del parts[:2]
    return "".join(parts).strip() if len(parts) < count else text


def without_board_names(text: str) -> str:
    """`text` less every part between separators that is a board name: "보도자료 상세보기 | 경기도청" -> "경기도청"."""
    parts = SEPARATOR.split(text)[::2]
    kept = [part.strip() for part in parts if not is_board_name(part)]
    return " | ".join(part for part in kept if part) if len(kept) < len(parts) else text
