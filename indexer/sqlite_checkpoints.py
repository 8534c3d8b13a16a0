"""Checkpoint a writer's WAL from a thread of its own, so that commits do not wait on the disk.

In WAL mode with synchronous=NORMAL, SQLite syncs only when it checkpoints: the connection whose commit
takes the log past `wal_autocheckpoint` pages copies the log into the database file and fsyncs both, inside
that commit. A crawl's indexing process stalled there ~25 ms a time, ~0.7 s over 5,000 pages, while the
crawl waited on its queue. `WalCheckpointer` runs PASSIVE checkpoints (they never block writers or readers)
on a second connection in a thread, at most once every `interval` seconds after a commit asked for one:
sqlite3 releases the GIL for the whole call, so the writer goes on meanwhile.

The interval also bounds what a power cut can take: commits not yet synced are at most a checkpoint old,
where with the page threshold a store written to rarely could keep hours of commits unsynced. The writer
keeps a high `wal_autocheckpoint` as a backstop (BACKSTOP_PAGES): should this thread fall behind, the log
is still checkpointed, by the writer, before it grows without bound.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0
BACKSTOP_PAGES = 16_384  # 64 MiB of 4 KiB pages: the writer's own wal_autocheckpoint


class WalCheckpointer:
    """Checkpoints the database at `path` in a daemon thread, started by the first `request()`."""

    def __init__(self, path: Path, interval: float = INTERVAL_SECONDS) -> None:
        self.path, self.interval = path, interval
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def request(self) -> None:
        """Ask for a checkpoint (call after a commit); it runs within `interval` seconds."""
        if self._thread is None:
            with self._start_lock:
                if self._thread is None and not self._stopping.is_set():
                    self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
                    self._thread.start()
        self._wanted.set()

    def close(self) -> None:
        """Stop the thread; what it did not copy, the last connection to close copies (SQLite does that)."""
        with self._start_lock:
            self._stopping.set()
            thread = self._thread
        self._wanted.set()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:  # the writer still checkpoints itself at BACKSTOP_PAGES
            logger.warning("no background checkpoints for %s: %s", self.path, exc)
            return
        try:
            while True:
                self._wanted.wait()
                if self._stopping.is_set():
                    return
                self._wanted.clear()
                started = time.monotonic()
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as exc:  # e.g. disk full: the writer's commits report it too
                    logger.warning("background checkpoint of %s failed: %s", self.path, exc)
                # Waiting after, not before: the first checkpoint of a burst runs at once. close() ends the wait.
                self._stopping.wait(max(0.0, self.interval - (time.monotonic() - started)))
        finally:
            db.close()
