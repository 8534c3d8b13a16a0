"""Compile a query tree into SQL over the FTS5 table: one MATCH when FTS5 can say it, subqueries otherwise."""

from __future__ import annotations

from typing import Any

from indexer.query import Node, Not, Or, Phrase, Term
from indexer.query_terms import TITLE_FIELD, leaf_matches, require_searchable

# bm25 weights per FTS column: a word in the title counts ten times one in the body.
RANK = "bm25(documents_fts, 10.0, 1.0)"


class _Unsupported(Exception):
    """The tree needs more than one FTS5 expression (e.g. a query made only of exclusions)."""


def _leaf(leaf: Term | Phrase) -> str | None:
    matches = leaf_matches(leaf)
    if not matches:
        return None
    phrases = ['"' + " ".join(match.terms) + '"' + (" *" if match.prefix else "") for match in matches]
    either = phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"
    return f"{TITLE_FIELD} : {either}" if matches[0].title_only else either


def _fts(node: Node) -> str | None:
    """FTS5 expression for `node`; None if it holds nothing searchable; _Unsupported if FTS5 cannot say it."""
    if isinstance(node, Term | Phrase):
        return _leaf(node)
    if isinstance(node, Not):
        raise _Unsupported
    if isinstance(node, Or):
        parts = [p for p in (_fts(c) for c in node.children) if p]
        return "(" + " OR ".join(parts) + ")" if parts else None
    positives = [p for p in (_fts(c) for c in node.children if not isinstance(c, Not)) if p]
    negatives = [p for p in (_fts(c.child) for c in node.children if isinstance(c, Not)) if p]
    if not positives:
        if negatives:
            raise _Unsupported
        return None
    expression = "(" + " AND ".join(positives) + ")"
    for negative in negatives:
        expression += f" NOT {negative}"
    return expression


def _condition(node: Node, params: list[Any]) -> str | None:
    """General form: a boolean SQL condition on documents.rowid, one FTS subquery per leaf."""
    if isinstance(node, Term | Phrase):
        leaf = _leaf(node)
        if leaf is None:
            return None
        params.append(leaf)
        return "rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
    if isinstance(node, Not):
        inner = _condition(node.child, params)
        return f"NOT ({inner})" if inner else None
    parts = [p for p in (_condition(c, params) for c in node.children) if p]
    if not parts:
        return None
    joiner = " OR " if isinstance(node, Or) else " AND "
    return "(" + joiner.join(parts) + ")"


def compile_match(node: Node | None, query: str) -> tuple[str, list[Any]] | None:
    """SELECT of (doc, rank) rows matching the query; None means every document matches."""
    if node is None:
        return None
    try:
        expression = _fts(node)
    except _Unsupported:
        params: list[Any] = []
        condition = _condition(node, params)
        require_searchable(condition is not None, query)
        return f"SELECT rowid AS doc, 0.0 AS rank FROM documents WHERE {condition}", params
    require_searchable(expression is not None, query)
    return f"SELECT rowid AS doc, {RANK} AS rank FROM documents_fts WHERE documents_fts MATCH ?", [expression]
