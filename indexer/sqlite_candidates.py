"""Near-duplicate candidates for a batch of documents written to the SQLite store, read once per batch.

The store keeps a row (band, doc) in `lsh_band_docs` for each LSH band key of a document, the key as an
integer (`band_numbers`). A document's candidates are the stored documents sharing one of its keys: distinct,
at most CANDIDATE_LIMIT, keys in ascending order, then each key's documents in rowid order (the table's
primary key order). `BandRows` reads the rows of every key of a batch in one query and answers each document
from memory, applying the batch's own rows as they are written, so each document gets the candidates a query
of its own would have found at its turn.
"""

from __future__ import annotations

import bisect
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
    """The lsh_band_docs rows of a batch's keys, as the batch's writes change them."""

    def __init__(self, db: sqlite3.Connection, bands: Sequence[Sequence[int]], members: Members) -> None:
        """Read the rows of the keys in `bands` (each written document's band numbers), and `members` of their
        documents."""
        keys = Counter(key for keys in bands for key in keys)
        # A row the batch adds matters only under a key a later document of the batch has as well.
        self._shared = {key for key, count in keys.items() if count > 1}
        rows = db.execute(
            f"SELECT band, doc FROM lsh_band_docs WHERE band IN {JSON_LIST} ORDER BY band, doc",
            (json.dumps(list(keys)),),
        )
        # Rows come grouped by key: each key's docs are taken at once, not row by row.
        self._docs: dict[int, list[int]] = {key: list(map(_DOC, group)) for key, group in groupby(rows, _KEY)}
        listed = set(chain.from_iterable(self._docs.values()))
        members.read(db, listed)
        # A row whose document is gone (written by hand, or by a store that deleted documents) counts only once a
        # document is written under its rowid.
        self._absent = members.unknown(listed)

    def candidates(self, keys: Sequence[int]) -> list[int]:
        """Rowids of the documents sharing a key with `keys`: distinct, first seen first, at most the limit."""
        listed = chain.from_iterable(map(self._docs.get, sorted(set(keys)), repeat(())))
        found = dict.fromkeys(listed)  # keeps the first of repeats
        if self._absent:
            return list(islice((doc for doc in found if doc not in self._absent), CANDIDATE_LIMIT))
        return list(islice(found, CANDIDATE_LIMIT))

    def replace(self, doc: int, keys: Sequence[int], former: Sequence[int] = ()) -> None:
        """A document's rows under its `former` keys deleted (a rewritten one's) and rows for `keys` added."""
        for key in former:
            docs = self._docs.get(key)
            if docs and doc in docs:
                docs.remove(doc)
        self._absent.discard(doc)
        for key in self._shared.intersection(keys):
            bisect.insort(self._docs.setdefault(key, []), doc)  # in rowid order, as the table lists them


def band_numbers(keys: Iterable[str]) -> list[int]:
    """LSH band keys ("b07:" and 16 hex digits: indexer.enrich.lsh_band_keys) as lsh_band_docs holds them.

    The band in the top bits, then the key's first 58 hash bits: a signed 64-bit integer while bands are fewer
    than 32 (BANDS; a larger number would not fit, and sqlite3 refuses it), stored in at most 8 bytes where the
    text took 20, and ordered as the texts are. Two keys of a band share a number only when
    their first 58 bits agree, as likely as two texts sharing the key by chance.
    """
    return [int(key[1:3]) << 58 | int(key[4:], 16) >> 6 for key in keys]


def band_number_or_none(key: object) -> int | None:
    """`band_numbers` of one key, or None for anything that is not one (rows of a store being upgraded)."""
    if not isinstance(key, str) or len(key) != 20 or key[0] != "b" or key[3] != ":":
        return None
    try:
        return band_numbers([key])[0]
    except ValueError:
        return None


_KEY, _DOC = itemgetter(0), itemgetter(1)


def stored_signature(blob: bytes | None, listed: str | None) -> Signature:
    """The signature a document row holds: its minhash BLOB, else the list in its body JSON, else none."""
    if type(blob) is bytes and len(blob) % 4 == 0:
        return blob  # as it is: choose_cluster compares the BLOBs of all candidates at once
    if blob is not None:
        return signature_from_bytes(blob)  # type: ignore[no-any-return]  # a BLOB it cannot read raises here
    return json.loads(listed) if listed else []
