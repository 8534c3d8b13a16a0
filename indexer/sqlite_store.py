"""The embedded default store: one SQLite file with an FTS5 index over pre-analysed terms."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from crawler.sqlite_setup import prepare_when_free
from indexer.document import Document
from indexer.search_model import SearchRequest, SearchResult, UpsertOutcome
from indexer.sqlite_body import document_from_body
from indexer.sqlite_candidates import Members, band_number_or_none
from indexer.sqlite_checkpoints import BACKSTOP_PAGES, WalCheckpointer
from indexer.sqlite_search import run_search
from indexer.sqlite_upsert import is_store_level, upsert_documents
from indexer.store import StoreError, StoreUnavailable
from indexer.versions import Version

# Bump with every change to SCHEMA: a store at the current version is opened without running it.
SCHEMA_VERSION = 5
OPEN_TIMEOUT = 60.0  # seconds a store waits for other processes' locks

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    published_ts REAL,
    published_date TEXT,
    content_hash TEXT NOT NULL,
    cluster_id TEXT,
    has_attachment INTEGER NOT NULL DEFAULT 0
);
-- Bodies apart from the narrow table searches scan (FINDINGS.md: facet queries want a narrow table).
CREATE TABLE IF NOT EXISTS document_bodies (
    rowid INTEGER PRIMARY KEY REFERENCES documents (rowid) ON DELETE CASCADE,
    body TEXT NOT NULL,
    -- The MinHash signature as little-endian uint32s: near-duplicate checks read it without parsing bodies.
    minhash BLOB
);
CREATE INDEX IF NOT EXISTS documents_published ON documents (published_ts);
CREATE INDEX IF NOT EXISTS documents_cluster ON documents (cluster_id);
-- One row per facet value of a document (languages, topics and region paths are multi-valued).
CREATE TABLE IF NOT EXISTS facet_values (
    doc INTEGER NOT NULL REFERENCES documents (rowid) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS facet_values_lookup ON facet_values (facet, value, doc);
-- Covering: a search's facet counts look up (doc, facet) for each matching document.
CREATE INDEX IF NOT EXISTS facet_values_doc ON facet_values (doc, facet, value);
-- A row per LSH band key of a document (indexer/sqlite_candidates.py), the key as an integer. One B-tree
-- keyed as it is read: a text key with a rowid table, an index by key and one by doc made every row three
-- random inserts, ~40% of a new document's store time. A rewritten document's rows are found by its
-- stored signature's keys, so nothing indexes them by doc, and nothing deletes documents to cascade.
CREATE TABLE IF NOT EXISTS lsh_band_docs (
    band INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (band, doc)
) WITHOUT ROWID;
-- Document history (indexer/versions.py): one row per distinct content, oldest first by captured_at.
CREATE TABLE IF NOT EXISTS document_versions (
    doc_id TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS document_versions_doc ON document_versions (doc_id, captured_at);
-- Which store this is, whatever path, host or container opens the file (SqliteStore.identity): the workers of a
-- distributed crawl compare it. A copy of the file keeps it.
CREATE TABLE IF NOT EXISTS store_identity (id TEXT NOT NULL);
INSERT INTO store_identity (id) SELECT lower(hex(randomblob(16))) WHERE NOT EXISTS (SELECT 1 FROM store_identity);
-- Terms come analysed from Python (indexer.analysis); FTS5 only splits them on spaces.
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5 (
    title_terms, body_terms, tokenize = 'unicode61 remove_diacritics 0'
);
"""


def _prepare(db: sqlite3.Connection) -> None:
    """WAL mode, and the schema when the file is new or older (idempotent: see prepare_when_free)."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    # Opening a current store writes nothing, so it never waits on another process's write lock.
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        upgrade_schema(db)
        db.executescript(SCHEMA)
        _move_band_rows(db)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def upgrade_schema(db: sqlite3.Connection) -> None:
    """Bring a store written by an older Pressroom to the current schema, keeping every document."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    if "body" in {row[1] for row in db.execute("PRAGMA table_info(documents)")}:
        _upgrade_from_version_1(db)
    bodies = {row[1] for row in db.execute("PRAGMA table_info(document_bodies)")}
    if bodies and "minhash" not in bodies:
        # Version 2: signatures only inside the body JSON. Rows keep NULL, read from the JSON, until rewritten.
        try:
            db.execute("ALTER TABLE document_bodies ADD COLUMN minhash BLOB")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc):  # another process opening the store upgraded it first
                raise


def _upgrade_from_version_1(db: sqlite3.Connection) -> None:
    # Version 1 kept bodies inside the documents table, which made every search read them.
    db.executescript(
        """
        BEGIN;
        CREATE TABLE document_bodies (
            rowid INTEGER PRIMARY KEY REFERENCES documents (rowid) ON DELETE CASCADE, body TEXT NOT NULL
        );
        INSERT INTO document_bodies (rowid, body) SELECT rowid, body FROM documents;
        ALTER TABLE documents ADD COLUMN has_attachment INTEGER NOT NULL DEFAULT 0;
        UPDATE documents SET has_attachment = COALESCE(json_extract(body, '$.has_attachment'), 0);
        ALTER TABLE documents DROP COLUMN body;
        DROP INDEX IF EXISTS facet_values_doc;
        COMMIT;
        """
    )


def _move_band_rows(db: sqlite3.Connection) -> None:
    """Versions 1-3 kept text band keys in lsh_bands: move the rows to lsh_band_docs (SCHEMA made it) as numbers.

    In one transaction, which another process opening the store at the same time waits for.
    """
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'lsh_bands'").fetchone():
        return
    db.create_function("band_number", 1, band_number_or_none, deterministic=True)
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'lsh_bands'").fetchone():  # not moved meanwhile
            db.execute(
                "INSERT OR IGNORE INTO lsh_band_docs (band, doc)"
                " SELECT band_number(band), doc FROM lsh_bands WHERE band_number(band) IS NOT NULL"
            )
            db.execute("DROP TABLE lsh_bands")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


class SqliteStore:
    """DocumentStore on SQLite + FTS5; safe to share between threads (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Several processes (crawl workers, the API) may share one file: wait for a writer, do not fail.
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=OPEN_TIMEOUT)
            prepare_when_free(self._db, _prepare, OPEN_TIMEOUT)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the SQLite store at {path}: {exc}") from None
        self._lock = threading.RLock()
        self._members = Members()  # stored documents' signatures, kept for clustering the next loads
        # Commits do not checkpoint (and fsync) themselves unless the thread falls behind: sqlite_checkpoints.py.
        self._db.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
        self._checkpointer = WalCheckpointer(path)

    # -- writing -------------------------------------------------------------------------------

    def upsert(self, documents: Iterable[Document]) -> UpsertOutcome:
        """Store the documents in one transaction; StoreUnavailable, with none stored, when the file takes no writes."""
        with self._lock:
            try:
                outcome = upsert_documents(self._db, documents, self._members)
            except sqlite3.Error as error:
                if not is_store_level(error):
                    raise
                raise StoreUnavailable(f"cannot write to the SQLite store at {self.path}: {error}") from None
        self._checkpointer.request()
        return outcome

    def _versions(self, document_id: str) -> list[Version]:
        rows = self._db.execute(
            "SELECT body FROM document_versions WHERE doc_id = ? ORDER BY captured_at, rowid", (document_id,)
        ).fetchall()
        return [Version.from_dict(json.loads(r[0])) for r in rows]

    # -- reading -------------------------------------------------------------------------------

    def get(self, document_id: str) -> Document | None:
        with self._lock:
            row = self._db.execute(
                "SELECT b.body, b.minhash FROM documents d JOIN document_bodies b ON b.rowid = d.rowid WHERE d.id = ?",
                (document_id,),
            ).fetchone()
        return document_from_body(*row) if row else None

    def contains(self, document_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is not None

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def iter_documents(self) -> Iterator[Document]:
        last = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT rowid, body, minhash FROM document_bodies WHERE rowid > ? ORDER BY rowid LIMIT 500", (last,)
                ).fetchall()
            if not rows:
                return
            for rowid, body, signature in rows:
                last = rowid
                yield document_from_body(body, signature)

    def versions(self, document_id: str) -> list[Version]:
        """The document's history, oldest first (indexer/versions.py)."""
        with self._lock:
            return self._versions(document_id)

    def cluster_members(self, cluster_id: str) -> list[str]:
        """Ids of the documents in a near-duplicate cluster."""
        with self._lock:
            rows = self._db.execute("SELECT id FROM documents WHERE cluster_id = ? ORDER BY id", (cluster_id,))
            return [r[0] for r in rows.fetchall()]

    def search(self, request: SearchRequest) -> SearchResult:
        with self._lock:
            return run_search(self._db, request)

    def identity(self) -> str:
        """`sqlite:` and the random id the file was given when it was made (or upgraded to schema 5)."""
        with self._lock:
            return "sqlite:" + self._db.execute("SELECT id FROM store_identity").fetchone()[0]

    def close(self) -> None:
        self._checkpointer.close()
        with self._lock:
            self._db.close()
