"""The query language, parsed into a small tree that each backend compiles to its own syntax.

Syntax (documented for users in docs/query-language.md and on the UI's help page):
  words            all must match            스마트시티 천안
  "exact phrase"   words next to each other  "smart city"
  a OR b           either                    드론 OR 무인기
  -word            must not match            cloud -google
  title:word       only in the title         title:"AI 포럼"
  prefix*          words starting with       metaverse*  인공*
  ( … )            grouping                  (드론 OR 무인기) 안전
  title:( … )      a group only in the title title:(드론 OR 무인기)
  AND, NOT         as typed in other engines: AND is the implicit AND, NOT is '-'

Lenient by design: an unclosed quote runs to the end of the query, a dangling OR or a lone '-' is
ignored, an unknown field prefix is read as plain text. Refused: unbalanced parentheses, because no
reading of them is obviously right; groups nested more than MAX_GROUP_DEPTH deep; and a query that is
not blank yet holds nothing to search for (`*`, `""`, `OR`), which would otherwise list everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

FIELDS = ("title", "text")
# Deeper groups are refused: SQLite's FTS5 parser overflows its stack at ~20 levels of our compiled
# expression, Python's recursion limit comes later, and no journalist nests ten groups.
MAX_GROUP_DEPTH = 10


class QuerySyntaxError(ValueError):
    """A query that cannot be read; the message tells the user what to fix."""


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Phrase | Not | And | Or

LEXEME = re.compile(
    r"""\s*(?:
        (?P<lparen>\() | (?P<rparen>\)) |
        (?P<fieldgroup>(?i:title|text)):\( |
        (?P<neg>-)(?=[^\s-]) |
        (?:(?P<field>[A-Za-z]+):(?=\S))? (?:
            "(?P<phrase>[^"]*)(?:"|$) |
            (?P<word>[^\s()"]+)
        ) |
        (?P<stray>["\-:]+)
    )""",
    re.VERBOSE,
)


def parse_query(text: str) -> Node | None:
    """Parse a query; None means 'match everything' (an empty query).

    OR binds tighter than the implicit AND, as in web search engines: ``a OR b c`` is ``(a OR b) c``.
    """
    tokens = _lex(text or "")
    _check_depth(tokens)
    node, position = _parse_and(tokens, 0)
    if position < len(tokens):
        raise QuerySyntaxError("unbalanced parentheses: a ')' has no matching '('")
    if node is None and text and not text.isspace():
        raise no_searchable_words(text)
    return node


def no_searchable_words(query: str) -> QuerySyntaxError:
    return QuerySyntaxError(f"the query {query!r} has no searchable words (letters or digits)")


def _check_depth(tokens: list[tuple[str, object]]) -> None:
    depth = 0
    for kind, _ in tokens:
        depth += {"(": 1, ")": -1}.get(kind, 0)
        if depth > MAX_GROUP_DEPTH:
            raise QuerySyntaxError(f"parentheses nested more than {MAX_GROUP_DEPTH} deep; write the query flatter")


def _lex(text: str) -> list[tuple[str, object]]:
    tokens: list[tuple[str, object]] = []
    for match in LEXEME.finditer(text):
        if match.group("lparen"):
            tokens.append(("(", None))
        elif match.group("fieldgroup"):
            field = match.group("fieldgroup").lower()
            tokens.append(("(", None if field == "text" else field))
        elif match.group("rparen"):
            tokens.append((")", None))
        elif match.group("neg"):
            tokens.append(("-", None))
        elif match.group("phrase") is not None or match.group("word") is not None:
            field = (match.group("field") or "").lower() or None
            phrase, word = match.group("phrase"), match.group("word")
            if field not in FIELDS and field is not None:
                # Unknown prefix such as "http:" — keep the text as typed.
                word = f"{match.group('field')}:{word if phrase is None else phrase}"
                phrase, field = None, None
            if field == "text":
                field = None
            if phrase is not None:
                if phrase.strip():
                    tokens.append(("atom", Phrase(phrase.strip(), field)))
            elif word == "OR":
                tokens.append(("OR", None))
            elif word == "NOT" and field is None:
                tokens.append(("-", None))
            elif word == "AND" and field is None:
                continue  # words are AND-ed anyway
            elif word:
                prefix = word.endswith("*") and len(word.rstrip("*")) > 0
                word = word.rstrip("*")
                if word:
                    tokens.append(("atom", Term(word, field, prefix)))
    return tokens


def _parse_and(tokens: list[tuple[str, object]], i: int) -> tuple[Node | None, int]:
    children: list[Node] = []
    while i < len(tokens) and tokens[i][0] != ")":
        if tokens[i][0] == "OR":  # dangling OR: nothing on its left
            i += 1
            continue
        node, i = _parse_or(tokens, i)
        if node is not None:
            children.append(node)
    if not children:
        return None, i
    return (children[0] if len(children) == 1 else And(tuple(children))), i


def _parse_or(tokens: list[tuple[str, object]], i: int) -> tuple[Node | None, int]:
    branches: list[Node] = []
    node, i = _parse_unary(tokens, i)
    if node is not None:
        branches.append(node)
    while i < len(tokens) and tokens[i][0] == "OR":
        node, i = _parse_unary(tokens, i + 1)
        if node is not None:
            branches.append(node)
    if not branches:
        return None, i
    return (branches[0] if len(branches) == 1 else Or(tuple(branches))), i


def _parse_unary(tokens: list[tuple[str, object]], i: int) -> tuple[Node | None, int]:
    negate = False
    while i < len(tokens) and tokens[i][0] == "-":
        negate, i = True, i + 1
    if i >= len(tokens) or tokens[i][0] in ("OR", ")"):
        return None, i
    kind, value = tokens[i]
    if kind == "(":
        inner, i = _parse_and(tokens, i + 1)
        if i >= len(tokens) or tokens[i][0] != ")":
            raise QuerySyntaxError("unbalanced parentheses: a '(' is never closed")
        node = _in_field(inner, value) if isinstance(value, str) and inner is not None else inner
        i += 1
    else:
        node = value  # type: ignore[assignment]
        i += 1
    if node is None:
        return None, i
    return (Not(node) if negate else node), i


def _in_field(node: Node, field: str) -> Node:
    """`node` with every leaf that names no field of its own limited to `field` (title:( … ))."""
    if isinstance(node, Term | Phrase):
        return node if node.field else replace(node, field=field)
    if isinstance(node, Not):
        return Not(_in_field(node.child, field))
    children = tuple(_in_field(child, field) for child in node.children)
    return And(children) if isinstance(node, And) else Or(children)


def positive_terms(node: Node | None) -> list[Term | Phrase]:
    """The terms and phrases a match can contain (for highlighting), excluding negated ones."""
    if node is None:
        return []
    if isinstance(node, Term | Phrase):
        return [node]
    if isinstance(node, Not):
        return []
    found: list[Term | Phrase] = []
    for child in node.children:
        found.extend(positive_terms(child))
    return found
