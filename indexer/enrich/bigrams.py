"""A fixed set of two-character strings looked up at every position of a text at once (numpy)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class BigramTable:
    """Which of a set of bigrams starts at each position of a text, found by table lookups in numpy.

    A regex hands a text's bigrams over one match (or string) at a time; for an article of a few thousand
    characters, three lookups per position, each one numpy call over the whole text, cost a fraction.
    """

    def __init__(self, bigrams: Iterable[str]) -> None:
        import numpy as np

        self.bigrams: tuple[str, ...] = tuple(dict.fromkeys(bigrams))
        if any(len(pair) != 2 for pair in self.bigrams):
            raise ValueError("bigrams are two characters each")
        rows = {char: row for row, char in enumerate(dict.fromkeys(pair[0] for pair in self.bigrams))}
        columns = {char: column for column, char in enumerate(dict.fromkeys(pair[1] for pair in self.bigrams))}
        # The tables cover the `_span` code points from the lowest character of the bigrams to the highest
        # (the Hangul syllables, for Korean terms: small enough to stay in cache); any other character is
        # looked up as the one past them.
        self._lowest = min(map(ord, rows | columns), default=0)
        self._span = max(map(ord, rows | columns), default=0) - self._lowest + 1
        width = len(columns) + 1
        # The bigram at a position is the cell at its first character's row start plus its second
        # character's column in one flat matrix. A character that starts (ends) none has the extra last
        # row (column), whose cells, like those of pairs that are no bigram, hold len(bigrams): "none",
        # as a number, so that no lookup needs a mask.
        self._row_start = np.full(self._span + 1, len(rows) * width, dtype=np.intp)
        self._row_start[[ord(char) - self._lowest for char in rows]] = [row * width for row in rows.values()]
        self._column = np.full(self._span + 1, len(columns), dtype=np.intp)
        self._column[[ord(char) - self._lowest for char in columns]] = list(columns.values())
        self._number = np.full((len(rows) + 1) * width, len(self.bigrams), dtype=np.intp)
        for number, pair in enumerate(self.bigrams):
            self._number[rows[pair[0]] * width + columns[pair[1]]] = number

    def numbers(self, codes: Any) -> Any:
        """For each position of a text given as code points (numpy uint32), the number of the bigram that
        starts there (its index in `bigrams`), or len(bigrams) for none; one entry fewer than `codes`."""
        import numpy as np

        # Code points below the lowest wrap around to large numbers: unsigned subtraction puts them, too,
        # past the end.
        offsets = np.minimum(codes - np.uint32(self._lowest), self._span)
        return self._number.take(self._row_start.take(offsets[:-1]) + self._column.take(offsets[1:]))

    def counts(self, codes: Any) -> dict[str, int]:
        """How many positions of the text each bigram starts at (bigrams that start at none left out)."""
        import numpy as np

        per_number = np.bincount(self.numbers(codes), minlength=len(self.bigrams) + 1)[:-1]
        found = np.flatnonzero(per_number)
        return dict(zip([self.bigrams[number] for number in found.tolist()], per_number[found].tolist(), strict=True))


def non_ascii_at_least(text: str, count: int, codes: Any = None) -> bool:
    """Whether `text` has `count` or more non-ASCII characters (read from `codes`, its code_points, if given).

    What a regex over Hangul bigrams stops at, and so what decides between it and a BigramTable: the
    table costs the same for every character and a few microseconds for the numpy calls, the regex little
    for English and much for Korean.
    """
    if len(text) < count:
        return False
    if codes is not None:
        return int((codes > 127).sum()) >= count
    return len(text) - len(text.encode("ascii", "ignore")) >= count


def code_points(text: str) -> Any:
    """The code points of `text` as a numpy uint32 array (lone surrogates included)."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
