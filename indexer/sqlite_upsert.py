"""SqliteStore.upsert: a batch of documents decided together, then written table by table with executemany.

A batch reads what its documents need in one query each (their stored rows, their version histories, the band
rows of their near-duplicate candidates: indexer.sqlite_candidates), decides each document in turn with those
kept current in memory, and queues the statements a document-at-a-time load ran, in its order. The writes then
go table by table, each table receiving the same statements in the same order as before, and new documents
get the rowids SQLite gave them then: the store ends up row for row as it did.

A document that cannot be decided or written (ValueError, TypeError, sqlite3.Error) sends the whole load back
to one document at a time, where it fails alone, and what it wrote before failing stays, as it always did.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import chain, groupby, repeat
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from indexer.analysis import analyze_to_string
from indexer.attachment_text import searchable_body
from indexer.clustering import band_keys, choose_cluster, signature_bytes
from indexer.document import Document, same_content
from indexer.search_model import UpsertOutcome
from indexer.sqlite_body import body_json, document_from_body
from indexer.sqlite_candidates import JSON_TEXT_LIST, BandRows, Members, band_numbers, stored_signature
from indexer.versions import should_record, version_of

CHUNK_SIZE = 1000  # documents decided together at most: bounds what a batch holds in memory
FAILURES = (sqlite3.Error, ValueError, TypeError)  # what counts a document failed instead of ending the load
# Errors of the store as a whole, not of one document: no document of the load can be written (a full disk, a
# read-only file, a lock held past the busy timeout). The load stops and is rolled back, so its caller can keep
# every document for later (the crawl's spool) rather than count each one failed and lose it.
STORE_LEVEL = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN",
               "SQLITE_NOMEM", "SQLITE_CORRUPT", "SQLITE_NOTADB")  # fmt: skip


def is_store_level(error: BaseException) -> bool:
    """Whether an error stops every write to the store (STORE_LEVEL), not just one document's."""
    return isinstance(error, sqlite3.Error) and getattr(error, "sqlite_errorname", "").startswith(STORE_LEVEL)


class Statement(NamedTuple):
    """A write statement and the rank of its table: a batch writes the tables in rank order (documents before
    the rows that reference them), and each table's statements in the order the documents queued them."""

    rank: int
    sql: str


INSERT_VERSION = Statement(
    0, "INSERT INTO document_versions (doc_id, captured_at, content_hash, body) VALUES (?, ?, ?, ?)"
)
INSERT_DOCUMENT = Statement(
    1,
    "INSERT INTO documents (rowid, id, source, published_ts, published_date, content_hash, cluster_id,"
    " has_attachment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
)
UPDATE_DOCUMENT = Statement(
    1,
    "UPDATE documents SET source=?, published_ts=?, published_date=?, content_hash=?, cluster_id=?,"
    " has_attachment=? WHERE rowid=?",
)
INSERT_BODY = Statement(2, "INSERT INTO document_bodies (rowid, body, minhash) VALUES (?, ?, ?)")
UPDATE_BODY = Statement(2, "UPDATE document_bodies SET body = ?, minhash = ? WHERE rowid = ?")
DELETE_FACETS = Statement(3, "DELETE FROM facet_values WHERE doc = ?")
INSERT_FACET = Statement(3, "INSERT INTO facet_values (doc, facet, value) VALUES (?, ?, ?)")
# A rewritten document's rows are found by the band numbers of its stored signature: the table has no index by
# doc, which every row written would update as well.
DELETE_BAND = Statement(4, "DELETE FROM lsh_band_docs WHERE band = ? AND doc = ?")
# OR IGNORE: a row the delete missed (its body's signature changed by hand) stays, and is no conflict.
INSERT_BAND = Statement(4, "INSERT OR IGNORE INTO lsh_band_docs (band, doc) VALUES (?, ?)")
DELETE_TERMS = Statement(5, "DELETE FROM documents_fts WHERE rowid = ?")
INSERT_TERMS = Statement(5, "INSERT INTO documents_fts (rowid, title_terms, body_terms) VALUES (?, ?, ?)")


def facet_values(document: Document) -> dict[str, list[str]]:
    """The values a document is counted under in each facet."""
    return {
        "region": document.region_path,
        "language": document.languages or [document.language],
        "topic": document.topics,
        "source": [document.source],
    }


def upsert_documents(db: sqlite3.Connection, documents: Iterable[Document], members: Members) -> UpsertOutcome:
    """Insert or update by id in one transaction; unchanged documents are not rewritten.

    `members`: what the connection knows of stored documents for clustering, kept across calls.
    """
    documents = list(documents)
    # IMMEDIATE: the write lock is taken (or waited for, up to the busy timeout) before the load reads. A
    # deferred BEGIN reads first, and when another process commits before this one's first write, SQLite
    # refuses the write at once ("database is locked", no waiting): two crawls into one store lost documents.
    db.execute("BEGIN IMMEDIATE")
    try:
        try:
            members.begin(db)
            outcome = UpsertOutcome()
            for chunk in _chunks(documents):
                outcome.add(_Batch(db, chunk, members).write_all())
        except FAILURES as error:
            if is_store_level(error):
                raise
            members.forget()
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.execute("BEGIN IMMEDIATE")
            outcome = UpsertOutcome()
            for document in documents:
                outcome.add(_write_alone(db, document))
        db.execute("COMMIT")
    except BaseException:
        members.forget()
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return outcome


def _chunks(documents: list[Document]) -> Iterator[list[Document]]:
    """Runs of documents with distinct ids: a repeated id starts a batch that reads what the last one wrote."""
    chunk: list[Document] = []
    ids: set[str] = set()
    for document in documents:
        if document.id in ids or len(chunk) == CHUNK_SIZE:
            yield chunk
            chunk, ids = [], set()
        chunk.append(document)
        ids.add(document.id)
    if chunk:
        yield chunk


def _write_alone(db: sqlite3.Connection, document: Document) -> UpsertOutcome:
    """One document as a batch of its own, its failure counted and whatever it wrote before failing undone.

    Undone, because a half-written document (its row without its terms, say) would read as stored: the next
    load of it would find its content_hash and call it unchanged.
    """
    outcome = UpsertOutcome()
    db.execute("SAVEPOINT one_document")
    try:
        batch = _Batch(db, [document], Members())  # not kept: a failure leaves some of it unwritten
        try:
            state = batch.decide_all()[0]
        finally:
            batch.flush(by_table=False)
    except FAILURES as exc:
        if is_store_level(exc):
            raise
        db.execute("ROLLBACK TO one_document")
        db.execute("RELEASE one_document")
        outcome.failed += 1
        outcome.errors.append(f"{document.url}: {exc}")
        return outcome
    db.execute("RELEASE one_document")
    setattr(outcome, state, getattr(outcome, state) + 1)
    return outcome


class _Captured(NamedTuple):
    """A stored version as the recording rule reads it, and its time as stored (the table's order)."""

    captured_at: datetime
    content_hash: str
    stored_at: str


class _Planned(NamedTuple):
    """A document to write: its rowid, its band numbers (and a rewritten one's former ones), and its candidates'
    rowids when it needs a cluster."""

    document: Document
    rowid: int
    new: bool
    bands: list[int]
    former_bands: list[int]
    candidates: list[int] | None


class _Batch:
    """Documents with distinct ids, decided together from one read of each table."""

    def __init__(self, db: sqlite3.Connection, documents: list[Document], members: Members) -> None:
        self._db = db
        self._members = members
        self._documents = documents
        self._writes: list[tuple[Statement, Iterable[tuple[Any, ...]]]] = []  # rows of each statement queued
        ids = [document.id for document in documents]
        if len(ids) > 1 and not all(type(i) is str for i in ids):
            raise TypeError("document ids must be strings")  # rows are matched back to documents by id
        self._stored = self._read_stored(ids)
        self._history = self._read_history(ids)
        self._former_bands: dict[str, list[int]] = {}  # stored documents' band numbers, by id
        self._first_new = (db.execute("SELECT max(rowid) FROM documents").fetchone()[0] or 0) + 1
        self._next_new = self._first_new  # SQLite's choice of rowid: one more than the largest

    def write_all(self) -> UpsertOutcome:
        """Decide and write every document; raises on the first that cannot be (the caller starts over)."""
        states = self.decide_all()
        self.flush(by_table=True)
        outcome = UpsertOutcome()
        outcome.new, outcome.updated = states.count("new"), states.count("updated")
        outcome.unchanged = states.count("unchanged")
        return outcome

    def decide_all(self) -> list[str]:
        """Queue the writes of every document; its state: "new", "updated" or "unchanged"."""
        states = [self._decide(document) for document in self._documents]
        changed = [document for document, state in zip(self._documents, states, strict=True) if state != "unchanged"]
        bands = [band_numbers(band_keys(document)) for document in changed]
        rows = BandRows(self._db, bands, self._members)
        planned = []
        for document, keys in zip(changed, bands, strict=True):
            stored = self._stored.get(document.id)
            rowid = stored[0] if stored else self._new_rowid()
            # Its stored cluster, if it has one, stays; else the candidates its turn would have found.
            candidates = rows.candidates(keys) if stored is None or not document.cluster_id else None
            former = self._former_bands.get(document.id, [])
            rows.replace(rowid, keys, former)
            planned.append(_Planned(document, rowid, stored is None, keys, former, candidates))
        for plan in planned:
            self._queue_document(plan)
        return states

    def flush(self, *, by_table: bool) -> None:
        """Run the queued statements: table by table, or in the order queued; consecutive equal ones at once."""
        writes, self._writes = self._writes, []
        if by_table:
            writes.sort(key=_table_rank)  # stable: each table keeps its order
        for statement, group in groupby(writes, key=itemgetter(0)):
            self._db.executemany(statement.sql, chain.from_iterable(rows for _, rows in group))

    # -- deciding ------------------------------------------------------------------------------

    def _decide(self, document: Document) -> str:
        """Record the document's versions; its state, where only "unchanged" is not written."""
        stored_row = self._stored.get(document.id)
        if stored_row is not None:
            stored = document_from_body(stored_row[1], stored_row[2])
            document.cluster_id = stored.cluster_id
            # Content hashes differ: changed, without comparing the fields.
            if stored.content_hash == document.content_hash and same_content(stored, document):
                return "unchanged"
            self._former_bands[document.id] = band_numbers(band_keys(stored))  # its rows, should it be rewritten
            self._record_version(stored)  # a store older than the history table: keep what it had
            if document.fetched_at < stored.fetched_at:
                # An older capture (a spool loaded late, old WARC files) never replaces newer content: it only
                # joins the history if it was a new version at its time. Equal times: the later load wins.
                self._record_version(document)
                return "unchanged"
        self._record_version(document)
        return "new" if stored_row is None else "updated"

    def _record_version(self, document: Document) -> None:
        history = self._history.setdefault(document.id, [])
        if should_record(history, document):
            version = version_of(document)
            stored_at = version.captured_at.isoformat()
            body = json.dumps(version.to_dict(), ensure_ascii=False)
            self._queue(INSERT_VERSION, (document.id, stored_at, version.content_hash, body))
            bisect.insort(history, _Captured(version.captured_at, version.content_hash, stored_at), key=_STORED_AT)

    def _new_rowid(self) -> int:
        rowid, self._next_new = self._next_new, self._next_new + 1
        return rowid

    # -- writing -------------------------------------------------------------------------------

    def _queue_document(self, plan: _Planned) -> None:
        document, rowid = plan.document, plan.rowid
        if plan.candidates is not None:
            document.cluster_id = choose_cluster(document, self._members.all_of(plan.candidates))
        values = (
            document.source,
            document.published_at.timestamp() if document.published_at else None,
            document.published_date.isoformat() if document.published_date else None,
            document.content_hash,
            document.cluster_id,
            1 if document.has_attachment else 0,
        )
        signature = signature_bytes(document.minhash)
        body = body_json(document, signature)
        if plan.new:
            self._queue(INSERT_DOCUMENT, (rowid, document.id, *values))
            self._queue(INSERT_BODY, (rowid, body, signature))
        else:
            self._queue(UPDATE_DOCUMENT, (*values, rowid))
            self._queue(UPDATE_BODY, (body, signature, rowid))
            self._queue(DELETE_FACETS, (rowid,))
            self._queue_rows(DELETE_BAND, zip(plan.former_bands, repeat(rowid)))
            self._queue(DELETE_TERMS, (rowid,))
        terms = (rowid, analyze_to_string(document.title), analyze_to_string(searchable_body(document)))
        self._queue(INSERT_TERMS, terms)
        facets = [(rowid, facet, value) for facet, values in facet_values(document).items() for value in set(values)]
        self._queue_rows(INSERT_FACET, facets)
        self._queue_rows(INSERT_BAND, zip(plan.bands, repeat(rowid)))  # a row at a time as they are written
        # What a later document of the batch reads back for it (a body's JSON holds [] when there is no BLOB).
        self._members[rowid] = (document.id, document.cluster_id, stored_signature(signature, "[]"))

    def _queue(self, statement: Statement, params: tuple[Any, ...]) -> None:
        self._writes.append((statement, [params]))

    def _queue_rows(self, statement: Statement, rows: Iterable[tuple[Any, ...]]) -> None:
        self._writes.append((statement, rows))

    # -- reading -------------------------------------------------------------------------------

    def _read_stored(self, ids: list[str]) -> dict[str, tuple[int, str, bytes | None]]:
        """Rowid, body JSON and minhash BLOB of the stored documents among `ids`."""
        found = {}
        rows = self._db.execute(
            "SELECT d.id, d.rowid, b.body, b.minhash FROM documents d JOIN document_bodies b ON b.rowid = d.rowid"
            f" WHERE d.id IN {JSON_TEXT_LIST}",
            (json.dumps(ids),),
        )
        for document_id, rowid, body, signature in rows:
            # Alone, the document is matched whatever type its id has (SQLite compares it as text).
            found[document_id if len(ids) > 1 else ids[0]] = (rowid, body, signature)
        return found

    def _read_history(self, ids: list[str]) -> dict[str, list[_Captured]]:
        """The stored versions of `ids`, as the recording rule reads them, in the table's order.

        From the columns, not the body JSON (its text is not needed): both hold the version's time and hash.
        """
        history: dict[str, list[_Captured]] = {}
        rows = self._db.execute(
            "SELECT doc_id, captured_at, content_hash FROM document_versions"
            f" WHERE doc_id IN {JSON_TEXT_LIST} ORDER BY doc_id, captured_at, rowid",
            (json.dumps(ids),),
        )
        for document_id, stored_at, content_hash in rows:
            captured = _Captured(datetime.fromisoformat(stored_at), content_hash, stored_at)
            history.setdefault(document_id if len(ids) > 1 else ids[0], []).append(captured)
        return history


_STORED_AT = attrgetter("stored_at")


def _table_rank(write: tuple[Statement, Iterable[tuple[Any, ...]]]) -> int:
    return write[0].rank
