"""DocumentStore on Elasticsearch: the same documents, matches, facets and snippets as the SQLite store.

Versioned indices (pressroom-docs-v1, -v2 …) behind a read alias and a write alias, and the history index
(pressroom-docs-versions), are managed by indexer.es_index; the index definitions live in indexer.es_mapping,
the query compiler in indexer.es_query, and the reading and writing of document versions in indexer.es_history.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from urllib.parse import parse_qs

from elasticsearch import ApiError, ConnectionError, ConnectionTimeout, Elasticsearch, NotFoundError, helpers

from indexer.attachment_text import hit_snippet
from indexer.clustering import band_keys, choose_cluster
from indexer.document import Document, same_content
from indexer.es_history import EsHistory
from indexer.es_index import BulkRetry, IndexVersions, MigrationSummary, bulk_items
from indexer.es_mapping import DEFAULT_PREFIX, document_from_source, document_source
from indexer.es_query import (
    auto_histogram_interval,
    empty_result,
    facet_counts,
    histogram_body,
    histogram_buckets,
    read_page,
    read_total,
    search_body,
)
from indexer.query import Node, parse_query
from indexer.search_model import HistogramInterval, SearchHit, SearchRequest, SearchResult, UpsertOutcome
from indexer.store import StoreError, StoreUnavailable
from indexer.versions import Version

UNAVAILABLE_STATUS = {502, 503, 504}
WRITE_TIMEOUT = 60.0  # seconds a bulk load, a refresh or a migration step may take before it counts as failed
CLUSTER_CANDIDATES = 200  # as many near-duplicate candidates as the SQLite store considers


@dataclass
class ChunkLoad:
    """What loading one chunk writes: an action per changed document, what it counts as, its new versions."""

    actions: dict[str, dict[str, Any]] = field(default_factory=dict)  # by id: a later copy supersedes
    states: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    urls: dict[str, str] = field(default_factory=dict)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


# What Elasticsearch accepts in an index name, kept to what is safe in a URL and a shell.
INDEX_PREFIX = re.compile(r"[a-z0-9][a-z0-9_-]{0,199}")


def parse_store_url(url: str) -> tuple[list[str], str | None]:
    """The node URLs of a store URL, and the index prefix its `?index=NAME` names (None when it names none).

    `http://a:9200,http://b:9200?index=city-archive`: the query, written once at the end, is the store's;
    several archives share one cluster under different prefixes.
    """
    nodes, _, query = url.partition("?")
    hosts = [host.strip() for host in nodes.split(",") if host.strip()]
    options = parse_qs(query, keep_blank_values=True)
    unknown = sorted(set(options) - {"index"})
    if unknown:
        raise StoreError(f"unknown option {unknown[0]!r} in the store URL {url!r} (known: index)")
    if "index" not in options:
        return hosts, None
    prefix = options["index"][-1]
    if not INDEX_PREFIX.fullmatch(prefix):
        raise StoreError(
            f"index={prefix!r} in the store URL {url!r} is not a usable index name: lowercase letters, digits,"
            " '-' and '_', starting with a letter or digit"
        )
    return hosts, prefix


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


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
        # "all shards failed" says nothing; the first root cause says which field or value it was.
        causes = [c for c in error.get("root_cause") or [] if isinstance(c, dict) and c.get("reason")]
        reason = str(causes[0]["reason"] if causes else error.get("reason") or error.get("type"))
        if causes and error.get("type") == "search_phase_execution_exception":
            reason += " (an index made by an older Pressroom? `pressroom index migrate` rebuilds it)"
        return reason
    return " ".join(str(body).split())[:200]


class ElasticsearchStore:
    """DocumentStore on an Elasticsearch 9 cluster; thread-safe (the client is)."""

    def __init__(
        self,
        url: str,
        index_prefix: str | None = None,
        *,
        chunk_size: int = 500,
        max_retries: int = 5,
        initial_backoff: float = 1.0,
        max_backoff: float = 30.0,
        refresh_on_upsert: bool = True,
        request_timeout: float = 10.0,
    ) -> None:
        self.url = url
        hosts, named_prefix = parse_store_url(url)
        index_prefix = index_prefix or named_prefix or DEFAULT_PREFIX
        self.prefix = index_prefix
        self.chunk_size = chunk_size
        self.retry = BulkRetry(max_retries, initial_backoff, max_backoff)
        self.refresh_on_upsert = refresh_on_upsert
        # Several URLs (comma-separated) let the client fail over between the nodes of a cluster. A node that
        # takes a request and never answers is not retried: three 30 s waits held every API request (and
        # /healthz) for 90 s. Writes and migrations, which may rightly take long, get a longer timeout.
        self._client = Elasticsearch(hosts, request_timeout=request_timeout, max_retries=2, retry_on_timeout=False)
        self._writer = self._client.options(request_timeout=max(request_timeout, WRITE_TIMEOUT))
        self._readable = False  # the read alias is known to exist (reads never create indices)
        # Named `indices`, not `versions`: versions(document_id) is the document history, as on SqliteStore.
        self.indices = IndexVersions(self._writer, index_prefix, chunk_size=chunk_size, retry=self.retry)
        self.read_alias = self.indices.read_alias
        self.write_alias = self.indices.write_alias
        self.history_index = self.indices.history_index
        self._history = EsHistory(self._writer, self.history_index, retry=self.retry)

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

    def ensure_index(self) -> None:
        """Create version 1 behind both aliases and the history index unless they exist; safe concurrently."""
        with self._errors():
            self.indices.ensure()
        self._readable = True

    def has_archive(self) -> bool:
        """Whether the archive's indices exist. Reads of a prefix that has none answer as an empty archive and
        create nothing: a mistyped ?index= must not leave indices behind, nor a search set them up."""
        if not self._readable:
            with self._errors():
                self._readable = bool(self._client.indices.exists_alias(name=self.read_alias))
        return self._readable

    def identity(self) -> str:
        """The cluster's UUID and the archive's index prefix: any node's URL, with or without credentials, is
        the same store."""
        with self._errors():
            state = self._client.cluster.state(metric="metadata", filter_path="metadata.cluster_uuid")
        return f"elasticsearch:{state['metadata']['cluster_uuid']}:{self.prefix}"

    def current_index(self) -> str:
        """The index the write alias points to."""
        with self._errors():
            return self.indices.current()

    def migrate(self) -> MigrationSummary:
        """Build the next index version from the current one and swap the aliases (see IndexVersions)."""
        with self._errors():
            return self.indices.migrate()

    # -- writing --------------------------------------------------------------------------------

    def upsert(self, documents: Iterable[Document]) -> UpsertOutcome:
        """Insert or update by id; unchanged documents are not rewritten; refreshes once at the end."""
        self.ensure_index()
        outcome = UpsertOutcome()
        loaded = False
        with self._errors():
            for chunk in _batches(documents, self.chunk_size):
                load = self._prepare(chunk, outcome)
                if load.actions or load.history:
                    written = self._load(load, outcome) if load.actions else set()
                    # Versions of older captures stand alone: no document write for them to wait on.
                    self._load_history(load, written | (load.history.keys() - load.actions.keys()), outcome)
                    loaded = True
                    if load.history or any(a["_source"]["lsh_bands"] for a in load.actions.values()):
                        self.refresh()  # the next chunk's clustering and history must see this one's
            if loaded and self.refresh_on_upsert:
                self.refresh()
        return outcome

    def _prepare(self, chunk: list[Document], outcome: UpsertOutcome) -> ChunkLoad:
        """Bulk actions for the documents that changed, what each one will count as, and their versions."""
        stored = self._stored({d.id for d in chunk})
        # Band keys once per document (~0.07 ms each): the candidate search, the chunk's own candidates and
        # the _source all need them. Keyed by object, as a chunk may hold two captures of one document.
        bands = {id(d): band_keys(d) for d in chunk}
        candidates = self._stored_candidates(chunk, bands)
        histories = self._history.read({d.id for d in chunk})
        pending: dict[str, tuple[Document, set[str]]] = {}
        load = ChunkLoad()
        for document in chunk:
            try:
                previous = pending[document.id][0] if document.id in pending else stored.get(document.id)
                if previous is not None:
                    document.cluster_id = previous.cluster_id
                    if same_content(previous, document):
                        outcome.unchanged += 1
                        continue
                    if document.fetched_at < previous.fetched_at:  # an older capture: history only, as on SQLite
                        self._history.record_capture(
                            histories.setdefault(document.id, []), previous, document, load.history
                        )
                        load.urls.setdefault(document.id, document.url)
                        outcome.unchanged += 1
                        continue
                if previous is None or not document.cluster_id:
                    found = candidates.get(document.id, []) + _pending_candidates(bands[id(document)], pending)
                    document.cluster_id = choose_cluster(document, found)
                source = document_source(document, bands[id(document)])
            except (ValueError, TypeError) as exc:
                outcome.failed += 1
                outcome.errors.append(f"{document.url}: {exc}")
                continue
            pending[document.id] = (document, set(source["lsh_bands"]))
            load.actions.pop(document.id, None)
            load.actions[document.id] = {"_index": self.write_alias, "_id": document.id, "_source": source}
            load.states[document.id].append("new" if previous is None else "updated")
            load.urls[document.id] = document.url
            self._history.record_capture(histories.setdefault(document.id, []), previous, document, load.history)
        return load

    def _stored(self, ids: set[str]) -> dict[str, Document]:
        """Stored versions of documents (real-time: sees writes not yet refreshed)."""
        response = self._client.mget(index=self.write_alias, ids=sorted(ids), source_includes=["doc"])
        return {d["_id"]: document_from_source(d["_source"]) for d in response["docs"] if d.get("found")}

    def _stored_candidates(
        self, chunk: list[Document], bands: dict[int, list[str]]
    ) -> dict[str, list[tuple[str, str, list[int]]]]:
        """Searchable near-duplicate candidates of each document in the chunk (one msearch)."""
        keyed = [(d.id, keys) for d in chunk if (keys := bands[id(d)])]
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

    def _load(self, load: ChunkLoad, outcome: UpsertOutcome) -> set[str]:
        """Bulk-load one chunk, returning the ids written: items retried on 429/5xx, the chunk on lost connections."""
        remaining = list(load.actions.values())
        states = load.states
        written: set[str] = set()
        for attempt in range(self.retry.max_retries + 1):
            answered: set[str] = set()
            try:
                for ok, item in bulk_items(self._writer, remaining, self.retry):
                    info = next(iter(item.values()))
                    document_id = str(info["_id"])
                    answered.add(document_id)
                    counted = states.pop(document_id, [])
                    if ok:
                        written.add(document_id)
                        for state in counted:
                            setattr(outcome, state, getattr(outcome, state) + 1)
                    else:
                        outcome.failed += len(counted)
                        outcome.errors.append(f"{load.urls[document_id]}: {_item_error(info)}")
                return written
            except (ConnectionError, ConnectionTimeout):
                if attempt == self.retry.max_retries:
                    raise
                remaining = [a for a in remaining if a["_id"] not in answered]
                time.sleep(min(self.retry.max_backoff, self.retry.initial_backoff * 2**attempt))
        return written

    def _load_history(self, load: ChunkLoad, written: set[str], outcome: UpsertOutcome) -> None:
        """Record the versions of the documents written; a version refused is reported, its document still counts."""
        for document_id, info in self._history.write(load.history, written):
            outcome.errors.append(f"{load.urls[document_id]}: version not recorded: {_item_error(info)}")

    def refresh(self) -> None:
        """Make everything loaded so far searchable, documents and versions."""
        with self._errors():
            self._client.indices.refresh(index=[self.read_alias, self.history_index])

    # -- reading --------------------------------------------------------------------------------

    def get(self, document_id: str) -> Document | None:
        if not self.has_archive():
            return None
        with self._errors():
            try:
                found = self._client.get(index=self.read_alias, id=document_id, source_includes=["doc"])
            except NotFoundError:
                return None
        return document_from_source(found["_source"])

    def contains(self, document_id: str) -> bool:
        if not self.has_archive():
            return False
        with self._errors():
            return bool(self._client.exists(index=self.read_alias, id=document_id))

    def count(self) -> int:
        if not self.has_archive():
            return 0
        with self._errors():
            return int(self._client.count(index=self.read_alias)["count"])

    def iter_documents(self) -> Iterator[Document]:
        """Every document, from one consistent snapshot (a scroll)."""
        if not self.has_archive():
            return
        with self._errors():
            for hit in helpers.scan(
                self._client, index=self.read_alias, query={"_source": ["doc"]}, size=500, scroll="5m"
            ):
                yield document_from_source(hit["_source"])

    def versions(self, document_id: str) -> list[Version]:
        """The document's history, oldest first (indexer/versions.py); [] for an unknown id."""
        if not self.has_archive():
            return []
        with self._errors():
            try:
                return self._history.read([document_id]).get(document_id, [])
            except NotFoundError:  # an archive set up before the history index existed, not yet written to
                return []

    def cluster_members(self, cluster_id: str) -> list[str]:
        """Ids of the documents in a near-duplicate cluster."""
        if not self.has_archive():
            return []
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
        body = search_body(request, node)  # query and cursor errors come before any request
        if not self.has_archive():
            return empty_result(request)
        response = self._search(body)
        rows, next_cursor = read_page(request, response)
        aggregations = response.get("aggregations", {})
        result = SearchResult(
            total=read_total(request, response),
            hits=[self._hit(row.source, node, row.score, row.cluster_size) for row in rows],
            facets=facet_counts(aggregations) if request.facets else {},
            next_cursor=next_cursor,
        )
        if request.histogram is HistogramInterval.AUTO:
            interval = auto_histogram_interval(aggregations)
            result.histogram_interval = interval
            result.histogram = histogram_buckets(self._search(histogram_body(request, node, interval))["aggregations"])
        elif request.histogram is not None:
            result.histogram_interval, result.histogram = request.histogram, histogram_buckets(aggregations)
        return result

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        arguments = {{"from": "from_", "_source": "source"}.get(key, key): value for key, value in body.items()}
        with self._errors():
            try:
                return self._client.search(index=self.read_alias, **arguments).body
            except NotFoundError:
                # The alias moved to a new index version while this search ran (migrate): ask again.
                return self._client.search(index=self.read_alias, **arguments).body

    @staticmethod
    def _hit(source: dict[str, Any], node: Node | None, score: float, cluster_size: int) -> SearchHit:
        document = document_from_source(source)
        return SearchHit(document, hit_snippet(document, node), score, cluster_size)

    def close(self) -> None:
        self._client.close()


def _pending_candidates(
    bands: list[str], pending: dict[str, tuple[Document, set[str]]]
) -> list[tuple[str, str, list[int]]]:
    """Candidates among documents of this chunk that are not searchable yet (`bands`: the document's keys)."""
    keys = set(bands)
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
