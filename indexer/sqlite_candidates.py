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
from collections.abc import Collection, Iterable, Sequence
from itertools import chain, groupby, islice, repeat
from operator import itemgetter

from indexer.clustering import Signature, signature_from_bytes

CANDIDATE_LIMIT = 200  # candidates compared per document: a document of a large cluster has this many
MEMBER_LIMIT = 20_000  # documents Members keeps (~0.85 KiB each: the signature, the id)

# A candidate as choose_cluster takes it: (id, cluster_id, signature).
Member = tuple[str, str | None, Signature]


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
        missing = self.unknown(rowids)
        if missing and len(self._known) + len(missing) > MEMBER_LIMIT:
            self._known.clear()
            missing = set(rowids)
        if not missing:
            return
        rows = db.execute(
            "SELECT d.rowid, d.id, d.cluster_id, t.minhash,"
            " CASE WHEN t.minhash IS NULL THEN json_extract(t.body, '$.minhash') END"
            " FROM documents d CROSS JOIN document_bodies t ON t.rowid = d.rowid"
            f" WHERE d.rowid IN {JSON_LIST}",
            (json.dumps(list(missing)),),
        )
        for rowid, document_id, cluster_id, blob, listed in rows:
            self._known[rowid] = (document_id, cluster_id, stored_signature(blob, listed))

    def unknown(self, rowids: Collection[int]) -> set[int]:
        """Those of `rowids` not known."""
        return set(rowids).difference(self._known)  # for a dict, set.difference looks each of `rowids` up

    def __getitem__(self, rowid: int) -> Member:
        return self._known[rowid]

    def all_of(self, rowids: Iterable[int]) -> list[Member]:
        """Those of `rowids`, in order (KeyError for one not known)."""
        return list(map(self._known.__getitem__, rowids))

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
        rows = db.execute(
            f"SELECT band, doc FROM lsh_bands WHERE band IN {JSON_TEXT_LIST} ORDER BY band, rowid",
            (json.dumps(list(keys)),),
        )
        # Rows come grouped by key: each key's docs are taken at once, not row by row.
        self._docs: dict[str, list[int]] = {key: list(map(_DOC, group)) for key, group in groupby(rows, _KEY)}
        self._keys_of: dict[int, list[str]] = {doc: [] for doc in rewritten}  # where their rows are listed
        rewritten_docs = self._keys_of.keys()
        for key, docs in self._docs.items() if rewritten_docs else ():
            if not rewritten_docs.isdisjoint(docs):
                for doc in docs:
                    if doc in rewritten_docs:
                        self._keys_of[doc].append(key)
        listed = set(chain.from_iterable(self._docs.values()))
        members.read(db, listed)
        # The per-document query joined rows to their document and body: a rowid without them (rows left behind
        # with foreign keys off) counts only once a document is written under it.
        self._absent = members.unknown(listed)

    def candidates(self, keys: Sequence[str]) -> list[int]:
        """Rowids of the documents sharing a key with `keys`: distinct, first seen first, at most the limit."""
        # str order is UTF-8 byte order, SQLite's BINARY collation; dict.fromkeys keeps the first of repeats.
        listed = chain.from_iterable(map(self._docs.get, sorted(set(keys)), repeat(())))
        found = dict.fromkeys(listed)
        if self._absent:
            return list(islice((doc for doc in found if doc not in self._absent), CANDIDATE_LIMIT))
        return list(islice(found, CANDIDATE_LIMIT))

    def replace(self, doc: int, keys: Sequence[str]) -> None:
        """A document's band rows deleted (those of a rewritten one) and rows for `keys` added after all."""
        for key in self._keys_of.pop(doc, ()):
            self._docs[key] = [other for other in self._docs[key] if other != doc]
        self._absent.discard(doc)
        for key in self._shared.intersection(keys):
            self._docs.setdefault(key, []).append(doc)


_KEY, _DOC = itemgetter(0), itemgetter(1)


def stored_signature(blob: bytes | None, listed: str | None) -> Signature:
    """The signature a document row holds: its minhash BLOB, else the list in its body JSON, else none."""
    if type(blob) is bytes and len(blob) % 4 == 0:
        return blob  # as it is: choose_cluster compares the BLOBs of all candidates at once
    if blob is not None:
        return signature_from_bytes(blob)  # type: ignore[no-any-return]  # a BLOB it cannot read raises here
    return json.loads(listed) if listed else []
