"""Document history: the versions a page had across captures, which one stood at a time, and their diff.

Backend-independent: a store keeps `Version` rows (SQLite: the document_versions table) and calls
`should_record` before adding one, in whatever time order captures arrive; the API and the UI use
`select_version` and `text_diff`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from indexer.document import Document


@dataclass(frozen=True)
class Version:
    """What a document said as of one capture (the capture that first showed this content)."""

    captured_at: datetime
    content_hash: str
    title: str
    text: str

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"captured_at": self.captured_at.isoformat(), "content_hash": self.content_hash}
        data["title"] = self.title
        if with_text:
            data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Version:
        return cls(datetime.fromisoformat(data["captured_at"]), data["content_hash"], data["title"], data["text"])


class Captured(Protocol):
    """What the recording rule reads of a version: when it was captured and what it said (its hash)."""

    @property
    def captured_at(self) -> datetime: ...

    @property
    def content_hash(self) -> str: ...


AnyCaptured = TypeVar("AnyCaptured", bound=Captured)


def version_of(document: Document) -> Version:
    return Version(document.fetched_at, document.content_hash, document.title, document.text)


def should_record(history: Sequence[Captured], document: Document) -> bool:
    """A new version only when what a reader saw changed at the capture's time (title or text), not on every re-crawl.

    The capture is compared with the version standing at its time (`select_version`), not with the newest one:
    captures arrive out of time order (a spool loaded after newer crawls, old WARC files re-indexed, several
    workers), and an older capture of the content that stood then is no change.
    """
    at = document.fetched_at
    standing = select_version(history, at)
    if standing is not None and standing.content_hash == document.content_hash:
        return False
    later = [v for v in sorted(history, key=lambda v: v.captured_at) if v.captured_at > at]
    # An earlier capture of the content the next version holds: that content was simply first seen earlier than
    # recorded. Its first-seen time is deliberately not moved earlier (a simplification: rewriting a version in
    # place on both stores is not worth it), so that content is dated from the capture that recorded it.
    return not later or later[0].content_hash != document.content_hash


def select_version(history: Sequence[AnyCaptured], at: datetime | None) -> AnyCaptured | None:
    """The version that stood at `at`: the newest captured at or before it (the latest when at is None)."""
    ordered = sorted(history, key=lambda v: v.captured_at)
    if at is None:
        return ordered[-1] if ordered else None
    earlier = [v for v in ordered if v.captured_at <= at]
    return earlier[-1] if earlier else None


def text_diff(older: Version, newer: Version, context: int = 1) -> list[str]:
    """A unified diff of two versions, line by line (paragraphs are lines), title first."""
    before = [f"# {older.title}", *older.text.split("\n\n")]
    after = [f"# {newer.title}", *newer.text.split("\n\n")]
    lines = difflib.unified_diff(
        before,
        after,
        fromfile=older.captured_at.isoformat(),
        tofile=newer.captured_at.isoformat(),
        n=context,
        lineterm="",
    )
    return list(lines)


def history_json(history: Sequence[Version]) -> list[dict[str, Any]]:
    """Versions oldest first, each with the diff from the one before it."""
    out: list[dict[str, Any]] = []
    for position, version in enumerate(history):
        entry = version.to_dict()
        entry["diff"] = text_diff(history[position - 1], version) if position else []
        out.append(entry)
    return out
