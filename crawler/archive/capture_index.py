"""The CDX-style lookup next to the WARC files: (url, time) -> (file, offset, length), in one SQLite file.

Each row is one response or revisit record. A revisit row also names where its payload is (the earlier
response it repeats), so serving a capture never needs to follow references. The last capture of a URL
also carries its ETag and Last-Modified, which the conditional-GET middleware sends back.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from crawler.archive.timestamps import to_iso
from crawler.sqlite_setup import prepare_when_free

INDEX_FILE = "captures.sqlite3"
BUSY_TIMEOUT = 10.0  # seconds a write (or opening a new index) waits for other processes

SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    record_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    captured_at TEXT NOT NULL,       -- ISO 8601 UTC with microseconds: sorts as text
    record_type TEXT NOT NULL,       -- response | revisit
    status INTEGER NOT NULL,
    mime TEXT NOT NULL,
    digest TEXT NOT NULL,            -- WARC-Payload-Digest of the payload (sha1:BASE32)
    etag TEXT,
    last_modified TEXT,
    file TEXT NOT NULL,              -- WARC file name, relative to the index's directory
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    payload_file TEXT NOT NULL,      -- where the payload is: this record, or the response a revisit repeats
    payload_offset INTEGER NOT NULL,
    payload_length INTEGER NOT NULL,
    document_id TEXT,
    source_id TEXT
);
CREATE INDEX IF NOT EXISTS captures_url ON captures (url, captured_at);
CREATE INDEX IF NOT EXISTS captures_document ON captures (document_id, captured_at);
"""


@dataclass(frozen=True)
class Capture:
    """One archived response (or revisit of an unchanged one) and where its bytes are."""

    record_id: str
    url: str
    captured_at: str
    record_type: str
    status: int
    mime: str
    digest: str
    etag: str | None
    last_modified: str | None
    file: str
    offset: int
    length: int
    payload_file: str
    payload_offset: int
    payload_length: int
    document_id: str | None = None
    source_id: str | None = None

    @property
    def time(self) -> datetime:
        return datetime.fromisoformat(self.captured_at.replace("Z", "+00:00"))


COLUMN_NAMES = tuple(f.name for f in fields(Capture))
COLUMNS = ", ".join(COLUMN_NAMES)
# One statement text, so sqlite3's statement cache prepares it once per connection.
INSERT = f"INSERT OR REPLACE INTO captures ({COLUMNS}) VALUES ({','.join('?' * len(COLUMN_NAMES))})"


def _prepare(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    # Every statement still commits on its own (other connections, such as the conditional-GET middleware's,
    # see each capture at once). In WAL mode NORMAL skips the fsync per commit: a committed capture survives
    # a crash of the crawler process (the WAL is in the OS's hands), only an OS crash or power loss may drop
    # the last commits - as it may the WARC bytes, which are flushed, never fsynced. FULL cost ~1 ms of
    # waiting per page for a guarantee nothing had.
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)


class CaptureIndexError(Exception):
    """A capture index that cannot be opened (not a directory, not a SQLite database); names the path."""


class CaptureIndex:
    """Open (or create) the index of a WARC directory; safe to share between threads."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        path = self.directory / INDEX_FILE
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CaptureIndexError(
                f"cannot use {self.directory} as the WARC directory ({exc.strerror or exc})"
            ) from None
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        try:
            self._db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")  # crawls and workers share a directory
            # Workers started together on one directory open a new index at once: see prepare_when_free.
            prepare_when_free(self._db, _prepare, BUSY_TIMEOUT)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            raise CaptureIndexError(
                f"the capture index {path} is damaged ({exc}); `pressroom archive rebuild` recreates it"
            ) from None
        self._lock = threading.Lock()

    def add(self, capture: Capture) -> None:
        # Not dataclasses.astuple: it deep-copies every field, and the fields are plain scalars.
        row = tuple(getattr(capture, name) for name in COLUMN_NAMES)
        with self._lock:
            self._db.execute(INSERT, row)

    def link_document(self, record_id: str, document_id: str | None, source_id: str | None) -> None:
        """Mark a capture as the page of a stored document (from the crawl's metadata record)."""
        with self._lock:
            self._db.execute(
                "UPDATE captures SET document_id = ?, source_id = ? WHERE record_id = ?",
                (document_id, source_id, record_id),
            )

    def latest(self, url: str) -> Capture | None:
        """The newest successful capture of a URL (what a conditional GET compares against)."""
        return self._one(
            "SELECT {} FROM captures WHERE url = ? AND status = 200 ORDER BY captured_at DESC LIMIT 1", (url,)
        )

    def at(self, url: str, moment: datetime | None = None) -> Capture | None:
        """The capture of a URL closest at or before a moment (the newest when no moment is given)."""
        bound = to_iso(moment) if moment else "9999"
        return self._one(
            "SELECT {} FROM captures WHERE url = ? AND status = 200 AND captured_at <= ?"
            " ORDER BY captured_at DESC LIMIT 1",
            (url, bound),
        )

    def history(self, url: str) -> list[Capture]:
        """Every capture of a URL, oldest first."""
        return self._all("SELECT {} FROM captures WHERE url = ? ORDER BY captured_at", (url,))

    def by_record_id(self, record_id: str) -> Capture | None:
        return self._one("SELECT {} FROM captures WHERE record_id = ?", (record_id,))

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM captures").fetchone()[0])

    def clear(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM captures")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _one(self, sql: str, params: tuple[object, ...]) -> Capture | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _all(self, sql: str, params: tuple[object, ...]) -> list[Capture]:
        with self._lock:
            rows = self._db.execute(sql.format(COLUMNS), params).fetchall()
        return [Capture(*row) for row in rows]
