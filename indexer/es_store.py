"""DocumentStore on Elasticsearch: the same documents, matches, facets and snippets as the SQLite store.

Versioned indices (pressroom-docs-v1, -v2 …) sit behind a read alias and a write alias; the index
definition lives in indexer.es_mapping and the query compiler in indexer.es_query.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from elasticsearch import ApiError, ConnectionError, ConnectionTimeout, Elasticsearch, NotFoundError, helpers

from indexer.clustering import band_keys, choose_cluster
from indexer.document import Document
from indexer.es_mapping import (
    DEFAULT_PREFIX,
    document_from_source,
    document_source,
    index_mappings,
    index_name,
    index_settings,
    index_version,
    read_alias,
    write_alias,
)
from indexer.es_query import facet_counts, search_body
from indexer.highlight import make_snippet
from indexer.query import parse_query
from indexer.search_model import SearchHit, SearchRequest, SearchResult, UpsertOutcome
from indexer.store import StoreError, StoreUnavailable

# Statuses a bulk item (or a whole bulk request) is retried on: overload and a node going away.
RETRY_STATUS = (429, 502, 503, 504)
UNAVAILABLE_STATUS = {502, 503, 504}
CLUSTER_CANDIDATES = 200  # as many near-duplicate candidates as the SQLite store considers
# After an alias swap, searches already resolved to the old index get this long to finish.
MIGRATION_GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class MigrationSummary:
    old_index: str
    new_index: str
    documents: int


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _same_content(stored: Document, fresh: Document) -> bool:
    """Unchanged when everything but the fetch time and the cluster is equal (as in the SQLite store)."""
    a, b = stored.to_dict(), fresh.to_dict()
    for key in ("fetched_at", "cluster_id"):
        a.pop(key, None)
        b.pop(key, None)
    return a == b


def _reason(exc: Exception) -> str:
    """One line that says why a request failed, without the transport's nested reprs."""
    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] ([^)'\"]+)", text)
    if errno:
        return errno.group(1).strip()
    if isinstance(exc, ApiError):
        return f"{exc.status_code} {exc.error}: {_error_reason(exc.body)}"
    return " ".join(text.split())[:200]


def _error_reason(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        return str(error.get("reason") or error.get("type"))
    return " ".join(str(body).split())[:200]


class ElasticsearchStore:
    """DocumentStore on an Elasticsearch 9 cluster; thread-safe (the client is)."""

    def __init__(
        self,
        url: str,
        index_prefix: str = DEFAULT_PREFIX,
        *,
        chunk_size: int = 500,
        max_retries: int = 5,
        initial_backoff: float = 1.0,
        max_backoff: float = 30.0,
        refresh_on_upsert: bool = True,
        request_timeout: float = 30.0,
    ) -> None:
        self.url = url
        self.prefix = index_prefix
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.refresh_on_upsert = refresh_on_upsert
        self.read_alias = read_alias(index_prefix)
        self.write_alias = write_alias(index_prefix)
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        # Several URLs (comma-separated) let the client fail over between the nodes of a cluster.
        self._client = Elasticsearch(hosts, request_timeout=request_timeout, max_retries=2, retry_on_timeout=True)
        self._ready = False
        self._lock = threading.Lock()

    @property
    def client(self) -> Elasticsearch:
        """The underlying client, for tools and tests that need more than the store interface."""
        return self._client

    # -- errors and setup -----------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn client exceptions into StoreUnavailable / StoreError with a one-line message."""
        try:
            yield
        except (ConnectionError, ConnectionTimeout) as exc:
            raise StoreUnavailable(f"Elasticsearch at {self.url} is not reachable: {_reason(exc)}") from None
        except ApiError as exc:
            if exc.status_code in UNAVAILABLE_STATUS:
                raise StoreUnavailable(f"Elasticsearch at {self.url} refuses: {_reason(exc)}") from None
            raise StoreError(f"Elasticsearch at {self.url} failed: {_reason(exc)}") from None

    def _installed(self) -> set[str]:
        """Plugins and modules every node has (analysis-nori on production clusters, none on CI's)."""
        info = self._client.nodes.info(metric="plugins")
        per_node = [
            {p["name"] for p in node.get("plugins", []) + node.get("modules", [])} for node in info["nodes"].values()
        ]
        return set.intersection(*per_node) if per_node else set()

    def _create_index(self, name: str, aliases: bool, **settings: Any) -> None:
        installed = self._installed()
        body_aliases: dict[str, Any] | None = {self.read_alias: {}, self.write_alias: {}} if aliases else None
        self._client.indices.create(
            index=name,
            settings={**index_settings(), **settings},
            mappings=index_mappings(installed),
            aliases=body_aliases,
        )

    def ensure_index(self) -> None:
        """Create version 1 behind both aliases unless they exist; safe to call twice or concurrently."""
        with self._lock, self._errors():
            if self._ready:
                return
            if not self._client.indices.exists_alias(name=self.read_alias):
                first = index_name(self.prefix, 1)
                try:
                    self._create_index(first, aliases=True)
                except ApiError as exc:
                    if exc.error != "resource_already_exists_exception":
                        raise
                    self._restore_aliases(first)
            self._ready = True

    def _restore_aliases(self, index: str) -> None:
        """Another process created `index` concurrently; make sure the aliases point somewhere."""
        if self._client.indices.exists_alias(name=self.read_alias):
            return
        actions = [{"add": {"index": index, "alias": alias}} for alias in (self.read_alias, self.write_alias)]
        self._client.indices.update_aliases(actions=actions)

    def current_index(self) -> str:
        """The index the write alias points to."""
        with self._errors():
            found = self._client.indices.get_alias(name=self.write_alias)
        return max(found.body, key=lambda index: index_version(self.prefix, index))

    # -- writing --------------------------------------------------------------------------------

    def upsert(self, documents: Iterable[Document]) -> UpsertOutcome:
        """Insert or update by id; unchanged documents are not rewritten; refreshes once at the end."""
        self.ensure_index()
        outcome = UpsertOutcome()
        loaded = False
        with self._errors():
            for chunk in _batches(documents, self.chunk_size):
                actions, states, urls = self._prepare(chunk, outcome)
                if actions:
                    self._load(actions, states, urls, outcome)
                    loaded = True
                    if any(a["_source"]["lsh_bands"] for a in actions):
                        self.refresh()  # the next chunk's clustering must see this one's documents
            if loaded and self.refresh_on_upsert:
                self.refresh()
        return outcome

    def _prepare(
        self, chunk: list[Document], outcome: UpsertOutcome
    ) -> tuple[list[dict[str, Any]], dict[str, list[str]], dict[str, str]]:
        """Bulk actions for the documents that changed, and what each one will count as."""
        stored = self._stored({d.id for d in chunk})
        candidates = self._stored_candidates(chunk)
        pending: dict[str, tuple[Document, set[str]]] = {}
        actions: dict[str, dict[str, Any]] = {}  # one action per id: a later copy supersedes
        states: dict[str, list[str]] = defaultdict(list)
        urls: dict[str, str] = {}
        for document in chunk:
            try:
                previous = pending[document.id][0] if document.id in pending else stored.get(document.id)
                if previous is not None:
                    document.cluster_id = previous.cluster_id
                    if _same_content(previous, document):
                        outcome.unchanged += 1
                        continue
                if previous is None or not document.cluster_id:
                    found = candidates.get(document.id, []) + _pending_candidates(document, pending)
                    document.cluster_id = choose_cluster(document, found)
                source = document_source(document)
            except (ValueError, TypeError) as exc:
                outcome.failed += 1
                outcome.errors.append(f"{document.url}: {exc}")
                continue
            pending[document.id] = (document, set(source["lsh_bands"]))
            actions.pop(document.id, None)
            actions[document.id] = {"_index": self.write_alias, "_id": document.id, "_source": source}
            states[document.id].append("new" if previous is None else "updated")
            urls[document.id] = document.url
        return list(actions.values()), states, urls

    def _stored(self, ids: set[str]) -> dict[str, Document]:
        """Stored versions of documents (real-time: sees writes not yet refreshed)."""
        response = self._client.mget(index=self.write_alias, ids=sorted(ids), source_includes=["doc"])
        return {d["_id"]: document_from_source(d["_source"]) for d in response["docs"] if d.get("found")}

    def _stored_candidates(self, chunk: list[Document]) -> dict[str, list[tuple[str, str, list[int]]]]:
        """Searchable near-duplicate candidates of each document in the chunk (one msearch)."""
        keyed = [(d.id, keys) for d in chunk if (keys := band_keys(d))]
        if not keyed:
            return {}
        searches: list[dict[str, Any]] = []
        for _, keys in keyed:
            searches.append({"index": self.read_alias})
            searches.append(
                {
                    "query": {"terms": {"lsh_bands": keys}},
                    "size": CLUSTER_CANDIDATES,
                    "_source": ["id", "cluster_id", "doc.minhash"],
                }
            )
        responses = self._client.msearch(searches=searches)["responses"]
        found: dict[str, list[tuple[str, str, list[int]]]] = {}
        for (document_id, _), response in zip(keyed, responses, strict=True):
            hits = response.get("hits", {}).get("hits", [])
            found[document_id] = [
                (
                    h["_source"]["id"],
                    h["_source"].get("cluster_id") or "",
                    h["_source"]["doc"].get("minhash") or [],
                )
                for h in hits
            ]
        return found

    def _load(
        self,
        actions: list[dict[str, Any]],
        states: dict[str, list[str]],
        urls: dict[str, str],
        outcome: UpsertOutcome,
    ) -> None:
        """Bulk-load one chunk: items retried on 429/5xx by streaming_bulk, the chunk on lost connections."""
        remaining = actions
        for attempt in range(self.max_retries + 1):
            answered: set[str] = set()
            try:
                for ok, item in helpers.streaming_bulk(
                    self._client,
                    remaining,
                    chunk_size=len(remaining),
                    max_chunk_bytes=50 * 1024 * 1024,
                    raise_on_error=False,
                    raise_on_exception=False,
                    max_retries=self.max_retries,
                    initial_backoff=self.initial_backoff,
                    max_backoff=self.max_backoff,
                    retry_on_status=RETRY_STATUS,
                ):
                    info = next(iter(item.values()))
                    document_id = str(info["_id"])
                    answered.add(document_id)
                    counted = states.pop(document_id, [])
                    if ok:
                        for state in counted:
                            setattr(outcome, state, getattr(outcome, state) + 1)
                    else:
                        outcome.failed += len(counted)
                        outcome.errors.append(f"{urls[document_id]}: {_item_error(info)}")
                return
            except (ConnectionError, ConnectionTimeout):
                if attempt == self.max_retries:
                    raise
                remaining = [a for a in remaining if a["_id"] not in answered]
                time.sleep(min(self.max_backoff, self.initial_backoff * 2**attempt))

    def refresh(self) -> None:
        """Make everything loaded so far searchable."""
        with self._errors():
            self._client.indices.refresh(index=self.read_alias)

    # -- reading --------------------------------------------------------------------------------

    def get(self, document_id: str) -> Document | None:
        self.ensure_index()
        with self._errors():
            try:
                found = self._client.get(index=self.read_alias, id=document_id, source_includes=["doc"])
            except NotFoundError:
                return None
        return document_from_source(found["_source"])

    def count(self) -> int:
        self.ensure_index()
        with self._errors():
            return int(self._client.count(index=self.read_alias)["count"])

    def iter_documents(self) -> Iterator[Document]:
        """Every document, from one consistent snapshot (a scroll)."""
        self.ensure_index()
        with self._errors():
            for hit in helpers.scan(
                self._client, index=self.read_alias, query={"_source": ["doc"]}, size=500, scroll="5m"
            ):
                yield document_from_source(hit["_source"])

    def cluster_members(self, cluster_id: str) -> list[str]:
        """Ids of the documents in a near-duplicate cluster."""
        self.ensure_index()
        members: list[str] = []
        after: list[Any] | None = None
        with self._errors():
            while True:
                page = self._client.search(
                    index=self.read_alias,
                    query={"term": {"cluster_id": cluster_id}},
                    sort=[{"id": "asc"}],
                    size=1000,
                    source=False,
                    search_after=after,
                )["hits"]["hits"]
                if not page:
                    return members
                members.extend(str(hit["_id"]) for hit in page)
                after = page[-1]["sort"]

    def search(self, request: SearchRequest) -> SearchResult:
        node = parse_query(request.query)
        body = search_body(request, node)
        self.ensure_index()
        arguments = {{"from": "from_", "_source": "source"}.get(key, key): value for key, value in body.items()}
        with self._errors():
            try:
                response = self._client.search(index=self.read_alias, **arguments)
            except NotFoundError:
                # The alias moved to a new index version while this search ran (migrate): ask again.
                response = self._client.search(index=self.read_alias, **arguments)
        hits = [
            SearchHit(doc, make_snippet(doc.text, node), float(hit.get("_score") or 0.0))
            for hit in response["hits"]["hits"]
            for doc in [document_from_source(hit["_source"])]
        ]
        return SearchResult(
            total=int(response["hits"]["total"]["value"]),
            hits=hits,
            facets=facet_counts(response["aggregations"]),
        )

    # -- index versions -------------------------------------------------------------------------

    def migrate(self) -> MigrationSummary:
        """Build the next index version from the current one, swap both aliases at once, drop the old.

        Client-side (scan + bulk): the server may lack the reindex module. Searches keep answering from
        the old version until the swap; writes to it are blocked meanwhile so none is silently lost.
        """
        self.ensure_index()
        old = self.current_index()
        new = index_name(self.prefix, index_version(self.prefix, old) + 1)
        with self._errors():
            self._client.indices.delete(index=new, ignore_unavailable=True)  # left by a failed migration
            # No replicas and no refresh while copying; both come back before the swap.
            copying = {"refresh_interval": "-1", "auto_expand_replicas": False, "number_of_replicas": 0}
            self._create_index(new, aliases=False, **copying)
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
            max_retries=self.max_retries,
            initial_backoff=self.initial_backoff,
            max_backoff=self.max_backoff,
            retry_on_status=RETRY_STATUS,
            raise_on_error=False,
            stats_only=True,
        )
        if errors:
            raise StoreError(f"migration could not copy {errors} document(s) into {new}; aliases kept")
        return int(copied)

    def close(self) -> None:
        self._client.close()


def _pending_candidates(
    document: Document, pending: dict[str, tuple[Document, set[str]]]
) -> list[tuple[str, str, list[int]]]:
    """Candidates among documents of this chunk that are not searchable yet."""
    keys = set(band_keys(document))
    if not keys:
        return []
    return [
        (other.id, other.cluster_id or "", other.minhash)
        for other, other_keys in pending.values()
        if not keys.isdisjoint(other_keys)
    ]


def _item_error(info: dict[str, Any]) -> str:
    error = info.get("error")
    if isinstance(error, dict):
        return f"{info.get('status')} {error.get('type')}: {error.get('reason')}"
    return f"{info.get('status')} {' '.join(str(error).split())[:200]}"
