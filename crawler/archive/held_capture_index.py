"""A capture index whose writes wait in memory until `flush()`, then go in as one transaction.

Each statement of CaptureIndex commits on its own: ~60-90 us of WAL writing per statement, two a page. The
indexing process acknowledges a batch only once everything in it is stored, so committing once per batch,
just before the acknowledgement, keeps the same guarantee at ~10 us a page.

Why not simply hold a transaction open: crawls and workers may share one WARC directory, and an open write
transaction would lock the others out for the length of a batch. Here the lock is held only while the rows
are written. Until then this process still sees its own captures (`latest` overlays them), and the other
processes see them once flushed - a batch later, as the crawl process already sees them a batch or more
after it handed them over.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from crawler.archive.capture_index import COLUMN_NAMES, COLUMNS, INSERT, Capture, CaptureIndex

UPDATE_LINK = "UPDATE captures SET document_id = ?, source_id = ? WHERE record_id = ?"
# A caller that never flushes still gets its captures committed (and `latest` stays quick): flush past this.
MAX_HELD_ROWS = 1000
ROW_VALUES = operator.attrgetter(*COLUMN_NAMES)  # a Capture as the row tuple INSERT takes


class HeldCaptureIndex(CaptureIndex):
    """A CaptureIndex that commits what was added and linked at `flush()` (and at `close()`).

    `before_commit` runs first at every flush: the archive writes its held WARC records there, so that no
    committed row ever points at bytes not yet written.
    """

    def __init__(self, directory: Path, before_commit: Callable[[], None] = lambda: None) -> None:
        super().__init__(directory)
        self.before_commit = before_commit
        self._rows: dict[str, Capture] = {}  # added, by record id, in the order they were last added
        self._by_url: dict[str, dict[str, None]] = {}  # the record ids of `_rows` by URL, in the same order
        self._links: dict[str, tuple[str | None, str | None]] = {}  # links to rows committed earlier

    def add(self, capture: Capture) -> None:
        with self._lock:
            # INSERT OR REPLACE: a row added again replaces the old one, links included, and moves to the end.
            replaced = self._rows.pop(capture.record_id, None)
            if replaced is not None:
                del self._by_url[replaced.url][capture.record_id]
            self._links.pop(capture.record_id, None)
            self._rows[capture.record_id] = capture
            self._by_url.setdefault(capture.url, {})[capture.record_id] = None
            full = len(self._rows) >= MAX_HELD_ROWS
        if full:
            self.flush()

    def link_document(self, record_id: str, document_id: str | None, source_id: str | None) -> None:
        with self._lock:
            held = self._rows.get(record_id)
            if held is not None:
                self._rows[record_id] = dataclasses.replace(held, document_id=document_id, source_id=source_id)
            else:
                self._links[record_id] = (document_id, source_id)  # a no-op if no such row exists, as UPDATE is

    def flush(self) -> None:
        """Run `before_commit`, then write every held row and link in one transaction."""
        self.before_commit()
        with self._lock:
            if not self._rows and not self._links:
                return
            links = [(document, source, record_id) for record_id, (document, source) in self._links.items()]
            rows = [ROW_VALUES(capture) for capture in self._rows.values()]
            # IMMEDIATE: take the write lock at once (waiting on busy_timeout), rather than fail to upgrade later.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(UPDATE_LINK, links)  # links only name rows committed before: order is free
                self._db.executemany(INSERT, rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._rows.clear()
            self._by_url.clear()
            self._links.clear()

    def latest(self, url: str) -> Capture | None:
        committed = super().latest(url)
        with self._lock:
            held = [self._rows[record_id] for record_id in self._by_url.get(url, ())]
            if committed is not None and committed.record_id in self._rows:
                # A held row will replace it: ask again without the rows held ones replace (rare).
                committed = self._committed_latest(url, list(self._rows))
            if committed is not None and committed.record_id in self._links:
                document, source = self._links[committed.record_id]
                committed = dataclasses.replace(committed, document_id=document, source_id=source)
        # As SQLite orders them: the newest capture; of two at the same time, the one added last.
        best = committed
        for capture in held:
            if capture.status == 200 and (best is None or capture.captured_at >= best.captured_at):
                best = capture
        return best

    def by_record_id(self, record_id: str) -> Capture | None:
        self.flush()
        return super().by_record_id(record_id)

    def at(self, url: str, moment: datetime | None = None) -> Capture | None:
        self.flush()
        return super().at(url, moment)

    def history(self, url: str) -> list[Capture]:
        self.flush()
        return super().history(url)

    def count(self) -> int:
        self.flush()
        return super().count()

    def clear(self) -> None:
        self.flush()
        super().clear()

    def close(self) -> None:
        self.flush()
        super().close()

    def _committed_latest(self, url: str, replaced: list[str]) -> Capture | None:
        """CaptureIndex.latest among committed rows, leaving out those held rows will replace (lock held)."""
        marks = ",".join("?" * len(replaced))
        sql = (
            f"SELECT {{}} FROM captures WHERE url = ? AND status = 200 AND record_id NOT IN ({marks})"
            " ORDER BY captured_at DESC LIMIT 1"
        )
        row = self._db.execute(sql.format(COLUMNS), (url, *replaced)).fetchone()
        return Capture(*row) if row else None
