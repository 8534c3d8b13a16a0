"""Fixtures for scheduler tests: sources files against the sample site, and a `pressroom schedule` child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from pressroom.sample_site.server import SampleSiteServer
from scheduler.database import open_database
from scheduler.history import RunHistory
from scheduler.run_record import Outcome, Run
from tests.conftest import FAST_CRAWL, REPO_ROOT, SAMPLE_SOURCES

# Crawl settings the service passes to every crawl: politeness off against our own loopback site.
FAST_CRAWL_SETTINGS = ["--crawl-setting" if flag == "-s" else flag for flag in FAST_CRAWL]


def sample_row(site: SampleSiteServer, source_id: str, **changes: Any) -> dict[str, Any]:
    """A row of sources/sample.yaml pointed at the running sample site, with fields changed."""
    text = SAMPLE_SOURCES.read_text(encoding="utf-8").replace("http://127.0.0.1:8765", site.url)
    row = next(r for r in yaml.safe_load(text)["sources"] if r["id"] == source_id)
    row.pop("notes", None)
    return {**row, **changes}


def board_row(site: SampleSiteServer, source_id: str, path: str, schedule: str) -> dict[str, Any]:
    """A tiny board whose only start page is one of the sample site's named behaviours."""
    return {
        "id": source_id,
        "name_ko": source_id,
        "name_en": source_id,
        "kind": "board",
        "start_urls": [f"{site.url}{path}"],
        "article_url": r"/never/\d+",
        "schedule": schedule,
    }


def write_sources(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"sources": rows}, allow_unicode=True), encoding="utf-8")
    return path


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll until `condition()` is truthy (an event happened), or fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class ScheduleService:
    """A `pressroom schedule` child process with its log in a file."""

    def __init__(self, directory: Path, sources: Path, extra: list[str], name: str = "schedule") -> None:
        self.directory = directory
        self.jobstore = f"sqlite:///{directory / 'jobs.sqlite3'}"
        self.store = f"sqlite:///{directory / 'store.sqlite3'}"
        self.sources = sources
        self.extra = extra
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = directory / f"{name}.log"
        self._history: RunHistory | None = None

    def start(self) -> ScheduleService:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pressroom",
                "schedule",
                "--sources",
                str(self.sources),
                "--store",
                self.store,
                "--jobstore",
                self.jobstore,
                *FAST_CRAWL_SETTINGS,
                *self.extra,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
            env={**os.environ},
        )
        log.close()
        wait_for(
            lambda: "scheduler running" in self.log() or self.process.poll() is not None, 30, "the scheduler to start"
        )
        assert self.process.poll() is None, self.log()
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def signal(self, sig: int) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM and wait for a clean exit; the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    @property
    def history(self) -> RunHistory:
        if self._history is None:
            self._history = RunHistory(open_database(self.jobstore))
        return self._history

    def runs(self, source_id: str | None = None) -> list[Run]:
        return self.history.runs(source_id, limit=500)

    def finished(self, source_id: str, outcome: Outcome | None = None) -> list[Run]:
        return [
            r
            for r in self.runs(source_id)
            if r.outcome not in (Outcome.RUNNING, Outcome.SKIPPED) and (outcome is None or r.outcome is outcome)
        ]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pressroom", *args, "--jobstore", self.jobstore],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            timeout=60,
            check=False,
        )


@pytest.fixture
def schedule_service(tmp_path: Path) -> Iterator[Callable[..., ScheduleService]]:
    """Build (and always clean up) scheduler services sharing this test's directory and job store."""
    started: list[ScheduleService] = []

    def make(sources: Path, *extra: str) -> ScheduleService:
        service = ScheduleService(tmp_path, sources, list(extra), name=f"schedule-{len(started) + 1}")
        started.append(service)
        return service.start()

    yield make
    for service in started:
        service.kill()
        if service._history is not None:
            service._history.engine.dispose()


def assert_never_concurrent(runs: list[Run]) -> None:
    """No two runs of one source that really ran (not skipped) overlap in time."""
    by_source: dict[str, list[Run]] = {}
    for run in runs:
        if run.outcome is not Outcome.SKIPPED and run.started_at:
            by_source.setdefault(run.source_id, []).append(run)
    for source_runs in by_source.values():
        ordered = sorted(source_runs, key=lambda r: r.started_at)  # type: ignore[arg-type, return-value]
        for earlier, later in pairwise(ordered):
            assert earlier.finished_at is not None and earlier.finished_at <= later.started_at, (earlier, later)
