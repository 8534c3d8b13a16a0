"""Near-duplicate candidates for a batch of documents written to the SQLite store, read once per batch.

A document's candidates are the stored documents sharing one of its LSH band keys: distinct, at most
CANDIDATE_LIMIT, in the order SQLite's plan for the store's former per-document query listed them — keys in
ascending (byte) order, then each key's band rows in the order they were inserted (rowid order). `BandRows`
reads the band rows of every key of a batch in one query and answers each document from memory in that order,
applying the batch's own band rows as they are written, so each document gets the candidates the per-document
query would have found at its turn.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Sequence

from indexer.clustering import signature_from_bytes

CANDIDATE_LIMIT = 200  # candidates compared per document: a document of a large cluster has this many
MEMBER_LIMIT = 20_000  # documents Members keeps (~0.85 KiB each: the signature, the id)

# A candidate as choose_cluster takes it: (id, cluster_id, signature).
Member = tuple[str, str | None, Sequence[int]]


# A batch's values as one JSON parameter, not one `?` each: every distinct number of `?`s is another statement
# in sqlite3's cache (128 per connection), and ones with thousands of parameters hold megabytes each, which
# grew the indexing process by ~6 MB per 1,000 documents. Text columns compare as the `?` list did, by
# the column's affinity (CAST), so an id given as a number still matches its text.
JSON_LIST = "(SELECT value FROM json_each(?))"
JSON_TEXT_LIST = "(SELECT CAST(value AS TEXT) FROM json_each(?))"


class Members:
    """Id, cluster and signature of stored documents by rowid, read as batches need them.

    Kept across one connection's transactions while no other connection writes (PRAGMA data_version), so the
    documents a load compares with again and again are read once; about MEMBER_LIMIT of them at most.
    """

    def __init__(self) -> None:
        self._known: dict[int, Member] = {}
        self._data_version: int | None = None

    def begin(self, db: sqlite3.Connection) -> None:
        """At the start of a transaction: forget everything if another connection has written since."""
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self.forget()
            self._data_version = version

    def forget(self) -> None:
        """Drop what is known (a transaction that wrote some of it was rolled back)."""
        self._known.clear()
        self._data_version = None

    def read(self, db: sqlite3.Connection, rowids: Collection[int]) -> None:
        """Read those of `rowids` not known yet; a rowid without a document (and body) stays unknown."""
        missing = [rowid for rowid in rowids if rowid not in self._known]
        if missing and len(self._known) + len(missing) > MEMBER_LIMIT:
            self._known.clear()
            missing = list(rowids)
        if not missing:
            return
        rows = db.execute(
            "SELECT d.rowid, d.id, d.cluster_id, t.minhash,"
            " CASE WHEN t.minhash IS NULL THEN json_extract(t.body, '$.minhash') END"
            " FROM documents d CROSS JOIN document_bodies t ON t.rowid = d.rowid"
            f" WHERE d.rowid IN {JSON_LIST}",
            (json.dumps(missing),),
        )
        for rowid, document_id, cluster_id, blob, listed in rows:
            self._known[rowid] = (document_id, cluster_id, stored_signature(blob, listed))

    def __contains__(self, rowid: int) -> bool:
        return rowid in self._known

    def __getitem__(self, rowid: int) -> Member:
        return self._known[rowid]

    def __setitem__(self, rowid: int, member: Member) -> None:
        self._known[rowid] = member


class BandRows:
    """The lsh_bands rows of a batch's keys, as the batch's writes change them."""

    def __init__(
        self, db: sqlite3.Connection, bands: Sequence[Sequence[str]], rewritten: Collection[int], members: Members
    ) -> None:
        """Read the rows of the keys in `bands` (each written document's keys), and `members` of their documents;
        `rewritten`: rowids of stored documents whose rows the batch replaces."""
        keys = Counter(key for keys in bands for key in keys)
        # A row the batch adds matters only under a key a later document of the batch has as well.
        self._shared = {key for key, count in keys.items() if count > 1}
        self._docs: dict[str, list[int]] = {}  # key -> doc rowids in band-row order, for keys with rows
        self._keys_of: dict[int, list[str]] = {doc: [] for doc in rewritten}  # where their rows are listed
        rows = db.execute(
            f"SELECT band, doc FROM lsh_bands WHERE band IN {JSON_TEXT_LIST} ORDER BY band, rowid",
            (json.dumps(list(keys)),),
        )
        for key, doc in rows:
            self._docs.setdefault(key, []).append(doc)
            if doc in self._keys_of:
                self._keys_of[doc].append(key)
        listed = {doc for docs in self._docs.values() for doc in docs}
        members.read(db, listed)
        # The per-document query joined rows to their document and body: a rowid without them (rows left behind
        # with foreign keys off) counts only once a document is written under it.
        self._absent = {doc for doc in listed if doc not in members}

    def candidates(self, keys: Sequence[str]) -> list[int]:
        """Rowids of the documents sharing a key with `keys`: distinct, first seen first, at most the limit."""
        found: dict[int, None] = {}
        for key in sorted(set(keys)):  # str order is UTF-8 byte order, SQLite's BINARY collation
            for doc in self._docs.get(key, ()):
                if doc not in found and doc not in self._absent:
                    found[doc] = None
                    if len(found) == CANDIDATE_LIMIT:
                        return list(found)
        return list(found)

    def replace(self, doc: int, keys: Sequence[str]) -> None:
        """A document's band rows deleted (those of a rewritten one) and rows for `keys` added after all."""
        for key in self._keys_of.pop(doc, ()):
            self._docs[key] = [other for other in self._docs[key] if other != doc]
        self._absent.discard(doc)
        for key in keys:
            if key in self._shared:
                self._docs.setdefault(key, []).append(doc)


def stored_signature(blob: bytes | None, listed: str | None) -> Sequence[int]:
    """The signature a document row holds: its minhash BLOB, else the list in its body JSON, else none."""
    if blob is not None:
        return signature_from_bytes(blob)  # type: ignore[no-any-return]
    return json.loads(listed) if listed else []
