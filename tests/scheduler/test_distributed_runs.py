"""`pressroom schedule --redis`: scheduled crawls go to the workers through the shared frontier."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from pressroom.sample_site.server import SampleSiteServer
from scheduler.run_record import Outcome
from tests.conftest import REPO_ROOT, run_pressroom
from tests.crawler.test_distributed import stored_urls
from tests.scheduler.conftest import ScheduleService, sample_row, wait_for, write_sources

pytestmark = [pytest.mark.slow, pytest.mark.redis]
Service = Callable[..., ScheduleService]


def test_a_scheduled_run_is_crawled_by_the_workers(
    sample_site: SampleSiteServer, manifest: list[dict], tmp_path: Path, schedule_service: Service, redis_url: str
) -> None:
    sources = write_sources(tmp_path / "sources.yaml", [sample_row(sample_site, "daejeon-en", schedule="every 1h")])
    service = schedule_service(sources, "--redis", redis_url)
    worker_store = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "pressroom", "worker", "--redis", redis_url, "--store", worker_store,
         "--warc-dir", str(tmp_path / "warc"), "-s", "PRESSROOM_WORKER_POLL=0.2"],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
    )  # fmt: skip
    try:
        assert service.cli("jobs", "run", "daejeon-en").returncode == 0
        run = wait_for(lambda: service.finished("daejeon-en"), 60, "the distributed run to finish")[0]
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    expected = {a["path"] for a in manifest if a["source_id"] == "daejeon-en" and not a.get("robots_disallowed")}
    assert run.outcome is Outcome.OK, run.log_tail
    assert len(expected) >= 5
    assert run.report.new == len(expected) and run.report.pages_fetched > len(expected)
    # The worker stored them, in its own store; the scheduler's store was never written.
    assert {url.replace(sample_site.url, "") for url in stored_urls(worker_store)} == expected
    assert not (tmp_path / "store.sqlite3").exists()


def test_the_time_limit_cancels_a_distributed_crawl_no_worker_took(
    sample_site: SampleSiteServer, tmp_path: Path, schedule_service: Service, redis_url: str
) -> None:
    sources = write_sources(tmp_path / "sources.yaml", [sample_row(sample_site, "daejeon-en", schedule="every 1h")])
    service = schedule_service(sources, "--redis", redis_url, "--time-limit", "2")
    assert service.cli("jobs", "run", "daejeon-en").returncode == 0
    run = wait_for(lambda: service.finished("daejeon-en"), 30, "the run to time out")[0]
    assert run.outcome is Outcome.TIMED_OUT
    client = redis.Redis.from_url(redis_url)
    assert client.smembers("pressroom:crawls") == set()  # workers will not pick it up any more
    (crawl,) = client.keys("pressroom:crawl:*[0-9a-f]")
    assert client.hget(crawl, "state") == b"cancelled"
    assert not client.keys("pressroom:crawl:*:requests")  # its queued start requests are gone


def test_a_run_of_a_source_another_distributed_crawl_still_crawls_is_skipped(
    sample_site: SampleSiteServer, tmp_path: Path, schedule_service: Service, redis_url: str
) -> None:
    """A manual crawl (or one a killed scheduler left running) holds the source: the run is skipped, naming it."""
    row = sample_row(sample_site, "daejeon-en", schedule="every 1h")
    sources = write_sources(tmp_path / "sources.yaml", [row])
    manual = run_pressroom("crawl", "--sources", str(sources), "--redis", redis_url, "--json")  # no worker takes it
    assert manual.returncode == 0, manual.stderr
    crawl_id = json.loads(manual.stdout)["crawl_id"]
    service = schedule_service(sources, "--redis", redis_url)
    assert service.cli("jobs", "run", "daejeon-en").returncode == 0
    (run,) = wait_for(
        lambda: [r for r in service.runs("daejeon-en") if r.outcome is Outcome.SKIPPED], 30, "the run to be skipped"
    )
    assert run.exit_code == 3 and run.started_at is not None
    assert f"daejeon-en is already being crawled by crawl {crawl_id}" in run.log_tail
    status = json.loads(service.cli("sources", "status", "--json").stdout)
    assert status[0]["health"] != "failing"  # not the source's fault
