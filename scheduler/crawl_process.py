"""A crawl as a child process (`python -m pressroom crawl SOURCE --json`) with a time limit.

Scrapy's reactor runs once per process and a crawl can hang on a slow site, so the service never crawls
in-process: it starts a child in its own process group and kills the group when the limit is reached.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# After SIGTERM a crawl gets this long to close its spider and flush before SIGKILL.
TERMINATE_GRACE_SECONDS = 3.0


@dataclass(frozen=True)
class CrawlCommand:
    """Everything but the source needed to start a crawl child.

    With `redis_url` the child seeds a distributed crawl for `pressroom worker`s and waits for it
    (`crawl --redis URL --wait`); the time limit then cancels the distributed crawl.
    """

    store_url: str
    settings: Mapping[str, str]
    time_limit: float
    python: str = sys.executable
    redis_url: str | None = None

    def argv(self, source_id: str, sources_file: Path) -> list[str]:
        argv = [
            self.python,
            "-m",
            "pressroom",
            "crawl",
            source_id,
            "--sources",
            str(sources_file),
            "--store",
            self.store_url,
            "--json",
        ]
        if self.redis_url:
            argv += ["--redis", self.redis_url, "--wait"]
        for name, value in self.settings.items():
            argv += ["-s", f"{name}={value}"]
        return argv


@dataclass(frozen=True)
class FinishedProcess:
    exit_code: int | None
    timed_out: bool
    stdout: str
    stderr: str


class ActiveCrawls:
    """The crawl children now running, one per source at most (the guarantee behind max_instances=1)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._claimed: dict[str, datetime] = {}
        self._children: dict[str, subprocess.Popen[str]] = {}
        self._terminated: set[str] = set()

    def claim(self, source_id: str) -> bool:
        """Reserve the source for one run; False when a run of it is already going."""
        with self._lock:
            if source_id in self._claimed:
                return False
            self._claimed[source_id] = datetime.now(UTC)
            return True

    def release(self, source_id: str) -> None:
        with self._lock:
            self._claimed.pop(source_id, None)
            self._children.pop(source_id, None)
            self._terminated.discard(source_id)

    def attach(self, source_id: str, child: subprocess.Popen[str]) -> None:
        with self._lock:
            self._children[source_id] = child

    def running(self) -> dict[str, datetime]:
        """Source id -> when its run started."""
        with self._lock:
            return dict(self._claimed)

    def was_terminated(self, source_id: str) -> bool:
        with self._lock:
            return source_id in self._terminated

    def terminate_all(self) -> None:
        with self._lock:
            children = list(self._children.values())
            self._terminated.update(self._children)
        for child in children:
            stop_process_group(child)


def run_with_time_limit(
    argv: Sequence[str],
    time_limit: float,
    on_start: Callable[[subprocess.Popen[str]], None] | None = None,
) -> FinishedProcess:
    """Run a child to completion or until `time_limit` seconds, then stop its whole process group."""
    child = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    if on_start:
        on_start(child)
    try:
        stdout, stderr = child.communicate(timeout=time_limit)
        return FinishedProcess(child.returncode, False, stdout, stderr)
    except subprocess.TimeoutExpired:
        stop_process_group(child)
        stdout, stderr = child.communicate()
        return FinishedProcess(child.returncode, True, stdout, stderr)


def stop_process_group(child: subprocess.Popen[str], grace: float = TERMINATE_GRACE_SECONDS) -> None:
    """SIGTERM the child's group, then SIGKILL what is left after `grace` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
