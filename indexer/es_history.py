"""Document history on Elasticsearch: reading each document's versions and writing the new ones.

The versions live in the history index (PREFIX-versions), which indexer.es_index creates and keeps across
migrations. They are recorded by the rules of indexer.versions, as the SQLite store records them, so both
stores list the same versions.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from elasticsearch import Elasticsearch

from indexer.document import Document
from indexer.es_index import BulkRetry, bulk_items
from indexer.es_mapping import version_from_source, version_id, version_source
from indexer.versions import Version, should_record, version_of

# Bulk actions for versions not yet written, by the id of the document they belong to.
PendingVersions = dict[str, list[dict[str, Any]]]


class EsHistory:
    """The versions of documents in one history index; raises the client's exceptions (the store maps them)."""

    def __init__(self, client: Elasticsearch, index: str, *, retry: BulkRetry) -> None:
        self._client = client
        self.index = index
        self.retry = retry

    def record(self, history: list[Version], document: Document, pending: PendingVersions) -> None:
        """The same rule as the SQLite store (sqlite_upsert.py): a version only when should_record says so."""
        if should_record(history, document):
            version = version_of(document)
            seq = len(history)
            source = version_source(document.id, seq, version)
            pending.setdefault(document.id, []).append(
                {"_index": self.index, "_id": version_id(document.id, seq), "_source": source}
            )
            history.append(version)
            history.sort(key=lambda v: v.captured_at.isoformat())  # as read() reads it back (stable: seq)

    def record_capture(
        self, history: list[Version], previous: Document | None, document: Document, pending: PendingVersions
    ) -> None:
        """Record a capture's version, after the stored document's (a store older than the history keeps it)."""
        if previous is not None:
            self.record(history, previous, pending)
        self.record(history, document, pending)

    def read(self, ids: Collection[str]) -> dict[str, list[Version]]:
        """Each document's versions, oldest first as SQLite orders them (searchable ones: as of the last refresh)."""
        found: dict[str, list[Version]] = {}
        after: list[Any] | None = None
        while ids:
            page = self._client.search(
                index=self.index,
                query={"terms": {"doc_id": sorted(ids)}},
                sort=[{"doc_id": "asc"}, {"captured_at": "asc"}, {"seq": "asc"}],
                size=1000,
                source_includes=["doc_id", "version"],
                search_after=after,
            )["hits"]["hits"]
            if not page:
                break
            for hit in page:
                found.setdefault(hit["_source"]["doc_id"], []).append(version_from_source(hit["_source"]))
            after = page[-1]["sort"]
        return found

    def write(self, pending: PendingVersions, written: Collection[str]) -> list[tuple[str, dict[str, Any]]]:
        """Write the versions of the documents written, after them; returns (document id, item) per version refused.

        Only written documents add versions, so a document refused leaves no version behind. A version refused
        does not undo its document: the next change of it records the stored content first, as on SQLite, so
        the history catches up.
        """
        actions = [a for document_id in written for a in pending.get(document_id, [])]
        if not actions:
            return []
        refused: list[tuple[str, dict[str, Any]]] = []
        owners = {a["_id"]: a["_source"]["doc_id"] for a in actions}
        for ok, item in bulk_items(self._client, actions, self.retry):
            if not ok:
                info = next(iter(item.values()))
                refused.append((owners[str(info["_id"])], info))
        return refused
