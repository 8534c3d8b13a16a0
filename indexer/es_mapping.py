"""The Elasticsearch index, defined once: settings, mapping, and how a Document becomes a source and back.

Used by ElasticsearchStore, its migration and the tests alike, so no mapping is ever re-typed by hand.
Matching rests on `title_terms` / `body_terms`: terms analysed in Python (indexer.analysis) and split on
whitespace by the server, exactly what the SQLite store indexes, so both backends match the same words
on any cluster. The per-language fields use nori / the english analyser where the cluster has them.
The document history (indexer/versions.py) lives beside them in one unversioned index, PREFIX-versions.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from indexer.analysis import analyze_to_string
from indexer.attachment_text import searchable_body
from indexer.clustering import band_keys
from indexer.document import Document
from indexer.query_terms import BODY_FIELD, TITLE_FIELD
from indexer.versions import Version

DEFAULT_PREFIX = "pressroom-docs"
FACET_FIELD = {"region": "region_path", "language": "languages", "topic": "topics", "source": "source"}
LANGUAGE_FIELDS = {"ko": "text_ko", "en": "text_en"}
# Deep pages as far as the SQLite store serves them (the API caps offsets well below this).
MAX_RESULT_WINDOW = 100_000


def index_name(prefix: str, version: int) -> str:
    return f"{prefix}-v{version}"


def read_alias(prefix: str) -> str:
    return f"{prefix}-read"


def write_alias(prefix: str) -> str:
    return f"{prefix}-write"


def history_index(prefix: str) -> str:
    """The index of document versions: one row per distinct content of a document, as SQLite's table."""
    return f"{prefix}-versions"


def index_version(prefix: str, index: str) -> int:
    """Version number of a versioned index name such as pressroom-docs-v3 (0 if not one of ours)."""
    tail = index.removeprefix(f"{prefix}-v")
    return int(tail) if tail != index and tail.isdigit() else 0


def language_analyzers(installed: Collection[str]) -> dict[str, str]:
    """Analyser of each per-language field, given the plugins and modules the cluster has."""
    return {
        "text_ko": "nori" if "analysis-nori" in installed else "standard",
        "text_en": "english" if "analysis-common" in installed else "standard",
    }


def index_settings() -> dict[str, Any]:
    """Settings of a new index version."""
    return {
        "number_of_shards": 1,  # one shard: exact facet counts, and an archive of this size needs no more
        "auto_expand_replicas": "0-1",  # green on one node, one replica on a cluster
        # Loads refresh explicitly when they finish (ElasticsearchStore.upsert); no need to refresh often.
        "refresh_interval": "10s",
        "max_result_window": MAX_RESULT_WINDOW,
    }


def index_mappings(installed: Collection[str]) -> dict[str, Any]:
    """The mapping, `dynamic: false` as the issue asks: a field nobody mapped is kept in _source but never indexed.

    That would be a silent miss, so tests/indexer/test_es_mapping.py checks that document_source() sends only
    mapped fields, in every case a Document can take.
    """
    keyword = {"type": "keyword"}
    terms = {"type": "text", "analyzer": "whitespace"}
    analyzers = language_analyzers(installed)
    return {
        "dynamic": "false",
        "properties": {
            "id": keyword,
            "content_hash": {"type": "keyword", "index": False, "doc_values": False},
            "source": keyword,
            "region_path": keyword,
            "languages": keyword,
            "topics": keyword,
            "cluster_id": keyword,
            "cluster_key": keyword,  # cluster_id, or the id of a document in no cluster: what collapse groups by
            "lsh_bands": keyword,
            "has_attachment": {"type": "boolean"},
            "published_at": {"type": "date"},
            "published_date": {"type": "date", "format": "strict_date"},
            "fetched_at": {"type": "date"},
            TITLE_FIELD: terms,
            BODY_FIELD: terms,
            "text_ko": {"type": "text", "analyzer": analyzers["text_ko"]},
            "text_en": {"type": "text", "analyzer": analyzers["text_en"]},
            # The whole Document as stored, for get() and for rebuilding the next index version.
            "doc": {"type": "object", "enabled": False},
        },
    }


def history_mappings() -> dict[str, Any]:
    """The mapping of the history index (`dynamic: false` too); the Version itself is kept whole, not indexed."""
    return {
        "dynamic": "false",
        "properties": {
            "doc_id": {"type": "keyword"},
            # The ISO string SQLite orders its history by, so both backends list a history in the same order.
            "captured_at": {"type": "keyword"},
            "seq": {"type": "integer"},  # position in the document's history: ties keep the order recorded
            "content_hash": {"type": "keyword", "index": False, "doc_values": False},
            "version": {"type": "object", "enabled": False},
        },
    }


def version_id(document_id: str, seq: int) -> str:
    """The _id of a document's seq-th version: a retried load overwrites it instead of adding a copy."""
    return f"{document_id}#{seq}"


def version_source(document_id: str, seq: int, version: Version) -> dict[str, Any]:
    return {
        "doc_id": document_id,
        "captured_at": version.captured_at.isoformat(),
        "seq": seq,
        "content_hash": version.content_hash,
        "version": version.to_dict(),
    }


def version_from_source(source: dict[str, Any]) -> Version:
    return Version.from_dict(source["version"])


def _utc(moment: datetime) -> str:
    # .timestamp() reads a naive datetime as local time, as the SQLite store does.
    return datetime.fromtimestamp(moment.timestamp(), tz=UTC).isoformat(timespec="microseconds")


def document_source(document: Document, bands: list[str] | None = None) -> dict[str, Any]:
    """The _source of a document: searchable fields plus the Document itself.

    `bands`: the document's LSH band keys when the caller has them already (band_keys(document) otherwise).
    """
    source: dict[str, Any] = {
        "id": document.id,
        "content_hash": document.content_hash,
        "source": document.source,
        "region_path": document.region_path,
        "languages": document.languages or [document.language],
        "topics": document.topics,
        "cluster_id": document.cluster_id,
        "cluster_key": document.cluster_id or document.id,
        "lsh_bands": band_keys(document) if bands is None else bands,
        "has_attachment": document.has_attachment,
        "published_at": _utc(document.published_at) if document.published_at else None,
        "published_date": document.published_date.isoformat() if document.published_date else None,
        "fetched_at": _utc(document.fetched_at),
        TITLE_FIELD: analyze_to_string(document.title),
        BODY_FIELD: analyze_to_string(searchable_body(document)),  # attachments are searched too
        "doc": document.to_dict(),
    }
    for language, field in LANGUAGE_FIELDS.items():
        if document.texts_by_language.get(language):
            source[field] = document.texts_by_language[language]
    return source


def document_from_source(source: dict[str, Any]) -> Document:
    return Document.from_dict(source["doc"])
