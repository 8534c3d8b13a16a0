"""A store's commits reach the database file itself soon after, checkpointed by a thread, not by the writer."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from indexer.document import Document
from indexer.sqlite_store import SqliteStore


def documents_in_main_file(store_path: Path, copy_to: Path) -> int:
    """Documents the database file holds without its WAL: what a checkpoint has copied in so far."""
    shutil.copyfile(store_path, copy_to)  # the copy has no -wal beside it: SQLite reads the file alone
    try:
        with sqlite3.connect(copy_to) as db:
            if not db.execute("SELECT 1 FROM sqlite_schema WHERE name = 'documents'").fetchone():
                return 0  # not even the schema is in the file yet
            return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.DatabaseError:  # copied while a checkpoint was writing pages: look again
        return 0


def wait_for_documents_in_main_file(store_path: Path, wanted: int) -> int:
    deadline = time.monotonic() + 10
    while (found := documents_in_main_file(store_path, store_path.with_name("copy.sqlite3"))) < wanted:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return found


def release(number: int) -> Document:
    fetched = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
    return Document(
        id=f"d{number}", url=f"https://x.kr/{number}", source="s", title="t", text=f"본문 {number}", fetched_at=fetched
    )


def test_commits_are_checkpointed_into_the_database_file_while_the_store_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = SqliteStore(path)
    try:
        store.upsert([release(i) for i in range(3)])
        # A few pages of WAL, far below the writer's own autocheckpoint threshold: only the thread copies them.
        assert wait_for_documents_in_main_file(path, 3) == 3
        store.upsert([release(3)])  # a later commit, inside the thread's interval: checkpointed after it
        assert wait_for_documents_in_main_file(path, 4) == 4
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4
