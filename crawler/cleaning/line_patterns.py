"""LinePatterns: does a whole line match any of many patterns? The same answer as one big alternation, faster.

One alternation of ~50 patterns costs ~7 µs a line of prose, mostly for two reasons this avoids: capturing
groups (tracked even when only a yes/no is wanted) and patterns that may start anywhere (".{0,80}…",
"[가-힣 ]{0,30}…"), which backtrack through the whole line. Those run alone, and only on lines long or
short enough for them that hold the literals every match of theirs holds (see regex_facts).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from crawler.cleaning import regex_facts


@dataclass(frozen=True, slots=True)
class GuardedPattern:
    """A pattern that may start almost anywhere, with what a line needs before it is worth running."""

    regex: re.Pattern[str]
    shortest: int
    longest: int
    required: tuple[tuple[str, ...], ...]  # a match holds at least one string of each tuple

    def could_match(self, line: str) -> bool:
        return self.shortest <= len(line) <= self.longest and regex_facts.holds_required(line, self.required)


# First characters whose anchored alternation LinePatterns keeps (a text has a few hundred distinct ones).
MAX_FIRST_CHAR_CACHE = 4096


class LinePatterns:
    """Fullmatch a line against patterns: those that begin with a few known characters run together, only
    those that can begin with the line's first character; the others one by one behind their guards."""

    def __init__(self, patterns: Iterable[str]) -> None:
        anchored: list[str] = []
        anchored_starts: list[frozenset[str] | None] = []
        guarded: list[GuardedPattern] = []
        telling: set[str] = set()
        starts: set[str] | None = set()
        for pattern in patterns:
            tree = regex_facts.parse(pattern)
            required = regex_facts.required_literals(tree)
            fast = regex_facts.without_captures(pattern)
            if not required or regex_facts.first_chars(tree) is not None:
                anchored.append(fast)
                chars = regex_facts.start_chars(tree)
                anchored_starts.append(chars)
                starts = None if starts is None or chars is None else starts | chars
                continue
            shortest, longest = regex_facts.length_bounds(tree)
            # Cheapest test first: fewest literals to look for.
            checks = tuple(tuple(sorted(options)) for options in sorted(required, key=len))
            guarded.append(GuardedPattern(re.compile(fast), shortest, longest, checks))
            telling |= regex_facts.most_telling(required)
        self.anchored = re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        # A BRANCH skips an alternative cheaply only when it opens with a plain character or class; most open
        # with a group. So a line is matched against the alternation of just the anchored patterns that can
        # start with its first character (regex_facts.could_start), built on first use per character.
        self.anchored_parts = tuple(zip(anchored, anchored_starts, strict=True))
        self.anchored_by_first: dict[str, re.Pattern[str] | None] = {}
        self.anchored_by_choice: dict[tuple[int, ...], re.Pattern[str] | None] = {}
        # What a non-empty line must start with for an anchored pattern to match it (regex_facts.could_start);
        # None when some anchored pattern can start almost anywhere.
        self.anchored_starts = frozenset(starts) if starts is not None else None
        self.guarded = tuple(guarded)
        # Most lines hold none of the guarded patterns' telling literals: one search rules them all out. It
        # only asks whether a line holds one, so a literal that holds another ("기자입니다", "기자") is not needed.
        needed = {literal for literal in telling if not any(other in literal for other in telling - {literal})}
        by_length = sorted(needed, key=lambda literal: (-len(literal), literal))
        self.any_telling = re.compile("|".join(map(re.escape, by_length))) if telling else None
        # lines_with_telling joins lines with newlines: a literal holding one could straddle two lines.
        self.telling_spans_lines = any("\n" in literal for literal in telling)

    def fullmatch_any(self, line: str, may_be_guarded: bool = True, holds_telling: bool = False) -> bool:
        """True when some pattern matches the whole line.

        `may_be_guarded=False` says the caller knows the line holds none of the telling literals (see
        `lines_with_telling`), so only the anchored patterns can match it; `holds_telling=True` that it
        knows the line holds one, so the search for them is spared.
        """
        if self.anchored is not None:
            if line:
                try:
                    anchored = self.anchored_by_first[line[0]]
                except KeyError:
                    anchored = self.anchored_for(line[0])
            else:
                anchored = self.anchored
            if anchored is not None and anchored.fullmatch(line):
                return True
        if not may_be_guarded or self.any_telling is None:
            return False
        if not holds_telling and self.any_telling.search(line) is None:
            return False
        # GuardedPattern.could_match written out: this loop runs for most lines of prose (years are telling).
        size = len(line)
        for pattern in self.guarded:
            if (
                pattern.shortest <= size <= pattern.longest
                and regex_facts.holds_required(line, pattern.required)
                and pattern.regex.fullmatch(line)
            ):
                return True
        return False

    def anchored_for(self, char: str) -> re.Pattern[str] | None:
        """The alternation of the anchored patterns that a line starting with `char` can fullmatch (None: none)."""
        choice = tuple(
            index
            for index, (_, starts) in enumerate(self.anchored_parts)
            if starts is None or regex_facts.could_start(starts, char)
        )
        if choice not in self.anchored_by_choice:
            chosen = "|".join(f"(?:{self.anchored_parts[index][0]})" for index in choice)
            self.anchored_by_choice[choice] = re.compile(chosen) if choice else None
        regex = self.anchored_by_choice[choice]
        if len(self.anchored_by_first) < MAX_FIRST_CHAR_CACHE:
            self.anchored_by_first[char] = regex
        return regex

    def lines_with_telling(self, joined: str, lines: list[str]) -> set[int]:
        """Indices of the `lines` (`joined` by newlines) that hold a telling literal: the others can only
        match anchored patterns.

        One search through the joined lines costs less than one per line. No literal holds a newline, so
        every literal found lies inside one line, and every line that holds one has one found inside it.
        """
        if self.any_telling is None:
            return set()
        if self.telling_spans_lines:
            return set(range(len(lines)))
        found: set[int] = set()
        line_ends: list[int] | None = None
        for match in self.any_telling.finditer(joined):
            if line_ends is None:
                line_ends = list(accumulate(len(line) + 1 for line in lines))
            found.add(bisect_right(line_ends, match.start()))
        return found
