"""A three-node cluster with one replica loses no document when a node is SIGKILLed during a load."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from indexer.document import Document
from indexer.es_store import ElasticsearchStore
from indexer.search_model import SearchRequest, UpsertOutcome
from tests.es_server import es_test_store

pytestmark = pytest.mark.elasticsearch

DOCUMENTS = 20_000


def releases(count: int) -> list[Document]:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    return [
        Document(
            id=f"kill-{n:06d}",
            url=f"https://press.example.kr/kill/{n}",
            source=f"source-{n % 11}",
            title=f"보도자료 {n} 인공지능 정책",
            text=f"광주광역시는 {n}번째 보도자료에서 스마트시티 사업과 cloud migration 계획을 밝혔다.",
            fetched_at=start,
            published_at=start + timedelta(minutes=n),
            languages=["ko"],
            content_hash=f"k{n}",
        )
        for n in range(count)
    ]


def primary_node_pid(store: ElasticsearchStore) -> tuple[str, int]:
    """Name and process id of the node holding the primary shard of the store's index."""
    index = store.current_index()
    shards = store.client.cat.shards(index=index, format="json").body
    primary = next(s["node"] for s in shards if s["prirep"] == "p" and s["state"] == "STARTED")
    nodes = store.client.nodes.info(metric="process").body["nodes"].values()
    return primary, next(int(n["process"]["id"]) for n in nodes if n["name"] == primary)


def indexed_so_far(store: ElasticsearchStore) -> int:
    stats = store.client.indices.stats(index=store.current_index(), metric="indexing").body
    return int(stats["_all"]["primaries"]["indexing"]["index_total"])


def test_sigkill_of_a_node_during_a_load_loses_nothing(es_cluster_urls: list[str]) -> None:
    documents = releases(DOCUMENTS)
    with es_test_store(",".join(es_cluster_urls), max_retries=8, initial_backoff=0.5) as store:
        store.ensure_index()
        store.client.cluster.health(index=store.read_alias, wait_for_status="green", timeout="60s")
        victim, pid = primary_node_pid(store)
        outcome = UpsertOutcome()
        failures: list[BaseException] = []

        def load() -> None:
            try:
                outcome.add(store.upsert(documents))
            except BaseException as exc:
                failures.append(exc)

        loader = threading.Thread(target=load)
        loader.start()
        deadline = time.monotonic() + 120
        while indexed_so_far(store) < DOCUMENTS // 4 and time.monotonic() < deadline and loader.is_alive():
            time.sleep(0.05)
        assert loader.is_alive(), "the load finished before a node could be killed"
        os.kill(pid, signal.SIGKILL)
        loader.join(timeout=600)

        assert failures == []
        assert (outcome.new, outcome.failed, outcome.errors) == (DOCUMENTS, 0, [])
        store.refresh()
        assert store.count() == DOCUMENTS
        assert store.search(SearchRequest(query="보도자료")).total == DOCUMENTS
        live = {n["name"] for n in store.client.nodes.info().body["nodes"].values()}
        assert victim not in live and len(live) == 2
