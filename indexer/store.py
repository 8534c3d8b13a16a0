"""The one store interface both backends implement, and the URL that picks a backend."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from indexer.document import Document
from indexer.search_model import SearchRequest, SearchResult, UpsertOutcome
from indexer.versions import Version

DEFAULT_STORE_URL = "sqlite:///var/pressroom.sqlite3"


class StoreError(RuntimeError):
    """A store that cannot do what was asked (bad URL, corrupt file)."""


class StoreUnavailable(StoreError):
    """The backing server is down or refuses; the message says which and where."""


class DocumentStore(Protocol):
    """Keeps documents and answers searches. Implemented by SqliteStore and ElasticsearchStore."""

    def upsert(self, documents: Iterable[Document]) -> UpsertOutcome:
        """Insert or update by id; a document whose content_hash is unchanged is not rewritten."""
        ...

    def get(self, document_id: str) -> Document | None: ...

    def contains(self, document_id: str) -> bool:
        """Whether a document is stored, without reading it (a crawl asks for every URL it schedules)."""
        ...

    def search(self, request: SearchRequest) -> SearchResult: ...

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document (for export, migration and rebuilds)."""
        ...

    def count(self) -> int: ...

    def cluster_members(self, cluster_id: str) -> list[str]:
        """Ids of the documents in a near-duplicate cluster."""
        ...

    def versions(self, document_id: str) -> list[Version]:
        """The document's history, oldest first; [] for an unknown id (indexer/versions.py)."""
        ...

    def identity(self) -> str:
        """What tells this store from any other: the same for every process, host and URL that reaches it.
        The workers of a distributed crawl compare it, so that its documents go into one store."""
        ...

    def close(self) -> None: ...


def shown_url(url: str) -> str:
    """A store URL fit to print: any password in it (`http://user:secret@host:9200`) replaced by `***`."""
    return re.sub(r"(?<=://)([^/@:,?]*):[^/@,?]*@", r"\1:***@", url)


def sqlite_path(url: str) -> Path:
    """Path of a ``sqlite:///relative`` or ``sqlite:////absolute`` URL."""
    if not url.startswith("sqlite:///"):
        raise StoreError(f"not a SQLite store URL: {url!r} (expected sqlite:///PATH)")
    rest = url[len("sqlite:///") :]
    if not rest:
        raise StoreError(f"the SQLite store URL {url!r} names no file")
    return Path(rest)


def open_store(url: str) -> DocumentStore:
    """Open the store a URL names: ``sqlite:///PATH`` (embedded) or ``http(s)://HOST:PORT`` (Elasticsearch)."""
    url = url.strip()
    if url.startswith("sqlite:"):
        from indexer.sqlite_store import SqliteStore

        return SqliteStore(sqlite_path(url))
    if url.startswith(("http://", "https://")):
        from indexer.es_store import ElasticsearchStore

        return ElasticsearchStore(url)
    raise StoreError(f"unknown store URL {url!r}: use sqlite:///PATH or http://HOST:9200")
