"""Shared fixtures: the sample site and a store crawled from it (built once per test session)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pressroom.sample_site.server import SampleSiteServer, start_sample_site

# Real servers for integration tests: Elasticsearch (deploy/es-local) and Redis (Debian's redis-server).
pytest_plugins = ["tests.es_server", "tests.redis_server"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SOURCES = REPO_ROOT / "sources" / "sample.yaml"
# Politeness off against our own loopback site, so the suite stays fast.
FAST_CRAWL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@functools.cache
def scratch_directory() -> Path:
    """Working directory of CLI runs: relative defaults (var/warc, var/spool) land here, not in the checkout."""
    return Path(tempfile.mkdtemp(prefix="pressroom-tests-"))


def run_pressroom(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `pressroom` command in a child process (Scrapy's reactor runs once per process)."""
    return subprocess.run(
        [sys.executable, "-m", "pressroom", *args],
        capture_output=True,
        text=True,
        cwd=cwd or scratch_directory(),
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def sources_for(site: SampleSiteServer, directory: Path) -> Path:
    """sources/sample.yaml pointed at a sample site on another port."""
    text = SAMPLE_SOURCES.read_text(encoding="utf-8").replace("http://127.0.0.1:8765", site.url)
    path = directory / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class CrawledSample:
    site: SampleSiteServer
    sources: Path
    store_url: str
    first_crawl: subprocess.CompletedProcess[str]
    manifest: list[dict[str, Any]]


@pytest.fixture(scope="session")
def sample_site() -> Iterator[SampleSiteServer]:
    with start_sample_site("127.0.0.1", 0) as site:
        yield site


@pytest.fixture(scope="session")
def manifest() -> list[dict[str, Any]]:
    data = json.loads((REPO_ROOT / "pressroom" / "sample_site" / "site" / "manifest.json").read_text("utf-8"))
    return data["articles"] if isinstance(data, dict) else data


@pytest.fixture(scope="session")
def crawled_sample(
    sample_site: SampleSiteServer, manifest: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> CrawledSample:
    """The whole sample site crawled once into a fresh SQLite store through the real CLI."""
    directory = tmp_path_factory.mktemp("crawl")
    sources = sources_for(sample_site, directory)
    store_url = f"sqlite:///{directory / 'store.sqlite3'}"
    result = run_pressroom("crawl", "--sources", str(sources), "--store", store_url, "--json", *FAST_CRAWL)
    return CrawledSample(sample_site, sources, store_url, result, manifest)
