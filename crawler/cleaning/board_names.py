"""Board and section names ("보도자료", "Press Releases") in headings and declared titles, and titles without them."""

from __future__ import annotations

import re

from crawler.cleaning import vocabulary as vocab

NON_WORD = re.compile(r"[\W_]+")
# A vocabulary name written with spaces and marks between its letters ("보도 / 해명 자료") is at most this long.
MAX_BOARD_NAME_CHARS = 2 * max(map(len, vocab.BOARD_NAMES))
# The letters a board name opens and ends with: most titles end with another, and are passed over at once.
FIRST_LETTERS = frozenset(name[0] for name in vocab.BOARD_NAMES)
LAST_LETTERS = frozenset(name[-1] for name in vocab.BOARD_NAMES)
# Keeps the separators: split() gives [part, separator, part, ...].
SEPARATOR = re.compile("(" + "|".join(map(re.escape, vocab.TITLE_SEPARATORS)) + ")")


def is_board_name(text: str) -> bool:
    """True when `text` is only the name of a board or site section (vocab.BOARD_NAMES)."""
    if len(text) > MAX_BOARD_NAME_CHARS or not may_end_board_name(text):
        return False
    return NON_WORD.sub("", text).lower() in vocab.BOARD_NAMES


def may_end_board_name(text: str) -> bool:
    """False when `text` ends with a letter that no board name ends with (a mark may follow a name)."""
    last = text[-1:].lower()
    return not last.isalnum() or last in LAST_LETTERS


def may_open_board_name(text: str) -> bool:
    """False when `text` opens with a letter that no board name opens with."""
    first = text[:1].lower()
    return not first.isalnum() or first in FIRST_LETTERS


# A label in brackets opening a title: "[보도자료] 제목", "【보도자료】제목", "(해명자료) 제목".
BRACKETED_LABEL = re.compile(r"\s*[\[【〔(（<［]([^\]】〕)）>］]{1,20})[\]】〕)）>］]\s*")


def without_board_label(text: str) -> str:
    """`text` less an opening board name in brackets ("[보도자료] 제목" -> "제목"); `text` itself otherwise.

    Boards stamp their name on every title they list; it says where the release was posted, not what it is
    about, as "제목 > 보도자료" does. A label that names no board ("[속보]", "[2보]") stays: it is the title's.
    """
    label = BRACKETED_LABEL.match(text)
    if label is None or not is_board_name(label.group(1)):
        return text
    rest = text[label.end() :]
    return rest if rest.strip() else text


def without_board_parts(text: str) -> str:
    """`text` less the board names that open or end it ("제목 > 보도자료" -> "제목"); `text` itself when none does."""
    if not (may_end_board_name(text) or may_open_board_name(text)):
        return text
    parts = SEPARATOR.split(text)
    if len(parts) == 1:
        return text
    count = len(parts)
    while len(parts) > 1 and is_board_name(parts[-1]):
        del parts[-2:]
    while len(parts) > 1 and is_board_name(parts[0]):
        del parts[:2]
    return "".join(parts).strip() if len(parts) < count else text
