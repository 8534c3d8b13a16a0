"""Facts about a regex read from its parse tree, for cheap tests that tell when running it is pointless.

Every fact is derived from what `re` itself parses, never guessed per pattern: the lengths of string the
pattern can fullmatch, literals that every match contains, the characters a match can start with, and the
same pattern without capturing groups (which are slow to track when only a yes/no answer is wanted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as sre  # type: ignore[attr-defined]  # typeshed has no stubs for re's own parser
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# A pattern that can start with more characters than this (a Hangul range, \w, ".") starts almost anywhere.
MAX_FIRST_CHARS = 64
# A class of at most this many plain characters ("[:：=]") is a set of required one-character literals.
MAX_CLASS_LITERALS = 8
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# Stands in a set of first characters for "any character that is not a word character" ([^\w], \W).
NON_WORD = "\\W"
NON_WORD_CLASSES = ([(sre.NEGATE, None), (sre.CATEGORY, sre.CATEGORY_WORD)], [(sre.CATEGORY, sre.CATEGORY_NOT_WORD)])

Tree = Any  # re._parser.SubPattern: a list of (opcode, argument) items, arguments nesting further lists


def parse(pattern: str) -> Tree:
    return _parser.parse(pattern)


def length_bounds(tree: Tree) -> tuple[int, int]:
    """The shortest and longest string the pattern can fullmatch."""
    shortest, longest = tree.getwidth()
    first = tree.data[0] if tree.data else None
    # "(?=.{0,60}$)…" bounds the whole string, though lookaheads count as zero width.
    if first is not None and first[0] is sre.ASSERT and first[1][0] == 1 and first[1][1].data:
        body = first[1][1]
        end = body.data[-1]
        if end == (sre.AT, sre.AT_END_STRING):
            longest = min(longest, body.getwidth()[1])
        elif end == (sre.AT, sre.AT_END) and not tree.state.flags & re.MULTILINE:
            longest = min(longest, body.getwidth()[1] + 1)  # "$" also matches before a final newline
    return shortest, longest


def required_literals(tree: Tree) -> list[frozenset[str]]:
    """Sets of strings such that every match holds at least one string of each set ([] when none is known)."""
    if tree.state.flags & re.IGNORECASE:
        return []
    return sequence_literals(tree.data)


def holds_required(text: str, required: Iterable[Iterable[str]]) -> bool:
    """True when `text` holds a string of each set of `required`: only then can it hold a match."""
    for options in required:
        for literal in options:
            if literal in text:
                break
        else:
            return False
    return True


def sequence_literals(items: list) -> list[frozenset[str]]:
    found: list[frozenset[str]] = []
    run: list[str] = []  # consecutive literal characters make one longer, more telling literal
    for op, argument in items:
        if op is sre.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            found.append(frozenset({"".join(run)}))
            run = []
        found.extend(item_literals(op, argument))
    if run:
        found.append(frozenset({"".join(run)}))
    return found


def item_literals(op: object, argument: Any) -> list[frozenset[str]]:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = argument
        return [] if add_flags or del_flags else sequence_literals(body.data)
    if op in REPEATS:
        least, _most, body = argument
        return sequence_literals(body.data) if least >= 1 else []
    if op is sre.BRANCH:
        options = [most_telling(sequence_literals(branch.data)) for branch in argument[1]]
        if not all(options):
            return []
        return [frozenset().union(*options)]
    if op is sre.IN and len(argument) <= MAX_CLASS_LITERALS and all(kind is sre.LITERAL for kind, _ in argument):
        return [frozenset(chr(code) for _, code in argument)]
    return []  # lookarounds, backreferences, wide classes: nothing required that is cheap to state


def most_telling(sets: list[frozenset[str]]) -> frozenset[str]:
    """The set least likely to be found in ordinary text: longest shortest string, then fewest strings."""
    return max(sets, key=lambda found: (min(map(len, found)), -len(found)), default=frozenset())


def first_chars(tree: Tree) -> frozenset[str] | None:
    """The characters a match can start with; None when that is almost any character (or none: "" matches).

    NON_WORD in the set stands for every character that is not a word character.
    """
    chars = start_chars(tree)
    return None if chars is None or sequence_first_chars(tree.data)[1] else chars


def start_chars(tree: Tree) -> frozenset[str] | None:
    """The characters a non-empty match can start with (NON_WORD as in first_chars); None when almost any."""
    if tree.state.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):  # NON_WORD means Unicode's \W
        return None
    return sequence_first_chars(tree.data)[0]


def could_start(chars: frozenset[str], char: str) -> bool:
    """True when `char` is one of `chars`, as start_chars gives them."""
    return char in chars or (NON_WORD in chars and not (char.isalnum() or char == "_"))


def sequence_first_chars(items: list) -> tuple[frozenset[str] | None, bool]:
    """(first characters, whether the sequence can match the empty string)."""
    found: set[str] = set()
    for op, argument in items:
        chars, can_be_empty = item_first_chars(op, argument)
        if chars is None:
            return None, False
        found |= chars
        if not can_be_empty:
            return frozenset(found), False
    return frozenset(found), True


def item_first_chars(op: object, argument: Any) -> tuple[frozenset[str] | None, bool]:
    if op is sre.LITERAL:
        return frozenset(chr(argument)), False
    if op is sre.AT:
        return frozenset(), True
    if op is sre.IN:
        return class_chars(argument), False
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = argument
        return (None, False) if add_flags or del_flags else sequence_first_chars(body.data)
    if op in REPEATS:
        least, _most, body = argument
        chars, can_be_empty = sequence_first_chars(body.data)
        return chars, can_be_empty or least == 0
    if op is sre.BRANCH:
        branches = [sequence_first_chars(branch.data) for branch in argument[1]]
        if any(chars is None for chars, _ in branches):
            return None, False
        return frozenset().union(*(chars for chars, _ in branches if chars)), any(empty for _, empty in branches)
    return None, False


def class_chars(items: list) -> frozenset[str] | None:
    if items in NON_WORD_CLASSES:
        return frozenset({NON_WORD})
    chars: set[str] = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < MAX_FIRST_CHARS:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return frozenset(chars) if len(chars) <= MAX_FIRST_CHARS else None


def without_captures(pattern: str) -> str:
    """The pattern with its groups made non-capturing; the pattern itself if that would change what it matches."""
    out: list[str] = []
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            out.append(pattern[at : at + 2])
            at += 2
        elif char == "[":
            end = class_end(pattern, at)
            out.append(pattern[at:end])
            at = end
        else:
            out.append("(?:" if char == "(" and not pattern.startswith("?", at + 1) else char)
            at += 1
    rewritten = "".join(out)
    try:
        unchanged = shape(parse(rewritten)) == shape(parse(pattern))
    except re.error:  # a backreference to a group that is gone
        unchanged = False
    return rewritten if unchanged else pattern


def class_end(pattern: str, start: int) -> int:
    """Index just past the character class opening at `start` ("]" first in a class is a literal)."""
    at = start + 1
    if pattern.startswith("^", at):
        at += 1
    if pattern.startswith("]", at):
        at += 1
    while at < len(pattern) and pattern[at] != "]":
        at += 2 if pattern[at] == "\\" else 1
    return at + 1


def shape(node: Any) -> Any:
    """A parse tree as plain data with groups dissolved into their content: equal shapes match alike."""
    if isinstance(node, _parser.SubPattern):
        return (node.state.flags, shape_items(node.data))
    if isinstance(node, list | tuple):
        return tuple(shape(part) for part in node)
    return node


def shape_items(items: list) -> tuple:
    flat: list = []
    for op, argument in items:
        if op is sre.SUBPATTERN and not argument[1] and not argument[2]:
            flat.extend(shape_items(argument[3].data))  # a plain group only scopes its content
        else:
            flat.append((op, shape(argument)))
    return tuple(flat)
