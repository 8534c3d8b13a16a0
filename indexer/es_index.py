"""The life of the Elasticsearch index: versions behind a read and a write alias, setup, and migration.

Setup is idempotent and safe under concurrency; migration builds the next version client-side (scan +
bulk, since the server may lack the reindex module) and swaps both aliases at once. The index definition
itself lives in indexer.es_mapping.

The history index (PREFIX-versions) is created by the same setup and left in place by migration: it holds
what earlier captures said, which no document source can rebuild, and it keeps no analysed field a new
index version would change; copying it would only put the one record of that past at risk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, helpers

from indexer.es_mapping import (
    document_from_source,
    document_source,
    history_index,
    history_mappings,
    index_mappings,
    index_name,
    index_settings,
    index_version,
    read_alias,
    write_alias,
)
from indexer.store import StoreError

# Statuses a bulk item (or a whole bulk request) is retried on: overload and a node going away.
RETRY_STATUS = (429, 502, 503, 504)
# After an alias swap, searches already resolved to the old index get this long to finish.
MIGRATION_GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class BulkRetry:
    """How bulk requests retry refused items: exponential backoff on RETRY_STATUS."""

    max_retries: int = 5
    initial_backoff: float = 1.0
    max_backoff: float = 30.0

    def options(self) -> dict[str, Any]:
        """Keyword arguments for helpers.bulk / helpers.streaming_bulk."""
        return {
            "max_retries": self.max_retries,
            "initial_backoff": self.initial_backoff,
            "max_backoff": self.max_backoff,
            "retry_on_status": RETRY_STATUS,
        }


def bulk_items(client: Elasticsearch, actions: list[dict[str, Any]], retry: BulkRetry) -> Iterable[tuple[bool, Any]]:
    """(ok, item) per action of one bulk request, refused items retried per `retry`; errors are answered, not raised.

    Every action goes in one request (chunk_size), under a 50 MiB cap, so a caller's chunk is one unit.
    """
    return helpers.streaming_bulk(
        client,
        actions,
        chunk_size=len(actions),
        max_chunk_bytes=50 * 1024 * 1024,
        raise_on_error=False,
        raise_on_exception=False,
        **retry.options(),
    )


@dataclass(frozen=True)
class MigrationSummary:
    old_index: str
    new_index: str
    documents: int

    def __str__(self) -> str:
        return f"migrated {self.documents} documents from {self.old_index} to {self.new_index}; aliases swapped"


class IndexVersions:
    """Versioned indices (PREFIX-v1, -v2 …) behind PREFIX-read and PREFIX-write; thread-safe.

    Raises the client's exceptions (the store turns them into StoreError / StoreUnavailable).
    """

    def __init__(self, client: Elasticsearch, prefix: str, *, chunk_size: int = 500, retry: BulkRetry) -> None:
        self._client = client
        self.prefix = prefix
        self.read_alias = read_alias(prefix)
        self.write_alias = write_alias(prefix)
        self.history_index = history_index(prefix)
        self.chunk_size = chunk_size
        self.retry = retry
        self._ready = False
        self._lock = threading.Lock()

    def installed(self) -> set[str]:
        """Plugins and modules every node has (analysis-nori on production clusters, none on CI's)."""
        info = self._client.nodes.info(metric="plugins")
        per_node = [
            {p["name"] for p in node.get("plugins", []) + node.get("modules", [])} for node in info["nodes"].values()
        ]
        return set.intersection(*per_node) if per_node else set()

    def create(self, name: str, aliases: bool, **settings: Any) -> None:
        body_aliases: dict[str, Any] | None = {self.read_alias: {}, self.write_alias: {}} if aliases else None
        self._client.indices.create(
            index=name,
            settings={**index_settings(), **settings},
            mappings=index_mappings(self.installed()),
            aliases=body_aliases,
        )

    def ensure(self) -> None:
        """Create version 1 behind both aliases and the history index unless they exist; safe concurrently."""
        with self._lock:
            if self._ready:
                return
            if not self._client.indices.exists_alias(name=self.read_alias):
                first = index_name(self.prefix, 1)
                try:
                    self.create(first, aliases=True)
                except ApiError as exc:
                    if exc.error != "resource_already_exists_exception":
                        raise
                    self._restore_aliases(first)
            self._ensure_history()  # also on clusters set up before the history index existed
            self._ready = True

    def _ensure_history(self) -> None:
        if self._client.indices.exists(index=self.history_index):
            return
        try:
            self._client.indices.create(
                index=self.history_index, settings=index_settings(), mappings=history_mappings()
            )
        except ApiError as exc:
            if exc.error != "resource_already_exists_exception":
                raise

    def _restore_aliases(self, index: str) -> None:
        """Another process created `index` concurrently; make sure the aliases point somewhere."""
        if self._client.indices.exists_alias(name=self.read_alias):
            return
        actions = [{"add": {"index": index, "alias": alias}} for alias in (self.read_alias, self.write_alias)]
        self._client.indices.update_aliases(actions=actions)

    def current(self) -> str:
        """The index the write alias points to."""
        found = self._client.indices.get_alias(name=self.write_alias)
        return max(found.body, key=lambda index: index_version(self.prefix, index))

    def migrate(self) -> MigrationSummary:
        """Build the next version from the current one, swap both aliases at once, drop the old one.

        Searches keep answering from the old version until the swap; writes to it are blocked meanwhile
        so none is silently lost (they are refused and counted as failed). The history index stays as it is.
        """
        self.ensure()
        old = self.current()
        new = index_name(self.prefix, index_version(self.prefix, old) + 1)
        self._client.indices.delete(index=new, ignore_unavailable=True)  # left by a failed migration
        # No replicas and no refresh while copying; both come back before the swap.
        self.create(new, aliases=False, refresh_interval="-1", auto_expand_replicas=False, number_of_replicas=0)
        self._block_writes(old, True)
        try:
            copied = self._copy(old, new)
            self._make_ready(old, new)
            self._client.indices.update_aliases(
                actions=[
                    {"remove": {"index": old, "alias": self.read_alias}},
                    {"remove": {"index": old, "alias": self.write_alias}},
                    {"add": {"index": new, "alias": self.read_alias}},
                    {"add": {"index": new, "alias": self.write_alias}},
                ]
            )
        except BaseException:
            self._block_writes(old, False)
            raise
        time.sleep(MIGRATION_GRACE_SECONDS)
        self._client.indices.delete(index=old)
        return MigrationSummary(old, new, copied)

    def _block_writes(self, index: str, blocked: bool) -> None:
        self._client.indices.put_settings(index=index, settings={"index.blocks.write": blocked})

    def _make_ready(self, old: str, new: str) -> None:
        """Give the copy its serving settings and check it holds every document of the old version."""
        serving = index_settings()
        self._client.indices.put_settings(
            index=new,
            settings={key: serving[key] for key in ("refresh_interval", "auto_expand_replicas")},
        )
        self._client.indices.refresh(index=new)
        self._client.cluster.health(index=new, wait_for_status="yellow", timeout="60s")
        expected = int(self._client.count(index=old)["count"])
        found = int(self._client.count(index=new)["count"])
        if found != expected:
            raise StoreError(f"migration copied {found} of {expected} documents into {new}; aliases kept")

    def _copy(self, old: str, new: str) -> int:
        """Every document of `old` into `new`, sources rebuilt by the current code (new fields, analysis)."""
        scanned = helpers.scan(self._client, index=old, query={"_source": ["doc"]}, size=500, scroll="5m")
        actions = (
            {
                "_index": new,
                "_id": hit["_id"],
                "_source": document_source(document_from_source(hit["_source"])),
            }
            for hit in scanned
        )
        copied, errors = helpers.bulk(
            self._client,
            actions,
            chunk_size=self.chunk_size,
            raise_on_error=False,
            stats_only=True,
            **self.retry.options(),
        )
        if errors:
            raise StoreError(f"migration could not copy {errors} document(s) into {new}; aliases kept")
        return int(copied)
