"""Setting up a SQLite file that several processes may open at once (the capture index, the store)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable


def prepare_when_free(db: sqlite3.Connection, prepare: Callable[[sqlite3.Connection], None], timeout: float) -> None:
    """Run `prepare` (WAL mode, the schema), again while another process holds the file, for up to `timeout` s.

    Switching to WAL and creating tables can fail at once with "database is locked" instead of waiting on
    the busy timeout (SQLite's deadlock avoidance): a crawl, its indexing process and workers started
    together open the same new files. `prepare` must be idempotent, so that trying again is safe.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            prepare(db)
            return
        except sqlite3.OperationalError as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
