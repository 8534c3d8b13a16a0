"""Pytest plugin: a real Elasticsearch for the tests, started once per session with deploy/es-local.

PRESSROOM_TEST_ES_URL points the tests at a running cluster instead. Without one, deploy/es-local
starts a node on port 9251 (clear of a developer's 9200) and stops it at the end if it started it.
If Elasticsearch cannot be had, the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.es_store import ElasticsearchStore

REPO_ROOT = Path(__file__).resolve().parent.parent
ES_LOCAL = REPO_ROOT / "deploy" / "es-local"
# Ports of the test node and the test cluster (transport ports +100); separate test sessions running at
# the same time on one machine must use other ports (or PRESSROOM_TEST_ES_URL), or they share nodes.
TEST_PORT = int(os.environ.get("PRESSROOM_TEST_ES_PORT", "9251"))
CLUSTER_PORT = int(os.environ.get("PRESSROOM_TEST_ES_CLUSTER_PORT", "9271"))


def _es_local(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ES_LOCAL), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _unavailable(reason: str) -> None:
    message = f"Elasticsearch is needed and could not be started: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@contextmanager
def local_elasticsearch(port: int, nodes: int = 1, fresh: bool = False) -> Iterator[list[str]]:
    """URLs of the nodes deploy/es-local runs on `port`, started if needed and then stopped again."""
    where = ["--port", str(port)]
    already_running = _es_local("status", *where, timeout=30).returncode == 0
    start = ["start", *where, "--nodes", str(nodes), *(["--fresh"] if fresh else [])]
    try:
        started = _es_local(*start, timeout=900)
    except subprocess.TimeoutExpired:
        _unavailable("deploy/es-local start timed out")
    if started.returncode != 0:
        lines = (started.stderr or started.stdout).strip().splitlines()
        _unavailable(lines[-1] if lines else f"deploy/es-local exited {started.returncode}")
    try:
        yield [f"http://127.0.0.1:{port + i}" for i in range(nodes)]
    finally:
        if not already_running:
            _es_local("stop", *where, timeout=120)


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    """URL of a real Elasticsearch for this test session."""
    if os.environ.get("PRESSROOM_TEST_ES_URL"):
        yield os.environ["PRESSROOM_TEST_ES_URL"]
        return
    with local_elasticsearch(TEST_PORT) as urls:
        yield urls[0]


@pytest.fixture(scope="module")
def es_cluster_urls() -> Iterator[list[str]]:
    """URLs of a fresh three-node cluster on one host (for tests that kill a node)."""
    with local_elasticsearch(CLUSTER_PORT, nodes=3, fresh=True) as urls:
        yield urls


def delete_test_indices(url: str, prefix: str) -> None:
    """Delete a test's indices by name (clusters may refuse wildcard deletes)."""
    store = ElasticsearchStore(url, index_prefix=prefix)
    try:
        client = store.client
        names = list(client.indices.get(index=f"{prefix}-*", expand_wildcards="all").body)
        if names:
            client.indices.delete(index=",".join(names))
    finally:
        store.close()


@contextmanager
def es_test_store(url: str, **options: object) -> Iterator[ElasticsearchStore]:
    """An ElasticsearchStore on indices of its own, deleted afterwards."""
    prefix = f"pressroom-test-{uuid.uuid4().hex[:10]}"
    store = ElasticsearchStore(url, index_prefix=prefix, **options)  # type: ignore[arg-type]
    try:
        yield store
    finally:
        store.close()
        delete_test_indices(url, prefix)


@pytest.fixture
def es_store(es_url: str) -> Iterator[ElasticsearchStore]:
    """A fresh ElasticsearchStore with its own index prefix."""
    with es_test_store(es_url) as store:
        yield store
