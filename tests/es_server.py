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
TEST_PORT = "9251"


def _es_local(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ES_LOCAL), *args, "--port", TEST_PORT],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _unavailable(reason: str) -> None:
    message = f"Elasticsearch is needed and could not be started: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    """URL of a real Elasticsearch for this test session."""
    if os.environ.get("PRESSROOM_TEST_ES_URL"):
        yield os.environ["PRESSROOM_TEST_ES_URL"]
        return
    already_running = _es_local("status", timeout=30).returncode == 0
    try:
        started = _es_local("start", timeout=900)
    except subprocess.TimeoutExpired:
        _unavailable("deploy/es-local start timed out")
    if started.returncode != 0:
        lines = (started.stderr or started.stdout).strip().splitlines()
        _unavailable(lines[-1] if lines else f"deploy/es-local exited {started.returncode}")
    url = started.stdout.strip().splitlines()[-1]
    try:
        yield url
    finally:
        if not already_running:
            _es_local("stop", timeout=120)


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
