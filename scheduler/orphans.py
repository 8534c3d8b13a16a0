"""At start-up, close the runs a killed service left `running`, and stop their crawls if still alive.

A crawl child runs in its own session, so it outlives a service killed with SIGKILL; left alone it would
race the restarted service's next run of the same source.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import tempfile
import time
from pathlib import Path

from scheduler.history import RunHistory
from scheduler.lease import pid_exists
from scheduler.run_record import Outcome

logger = logging.getLogger(__name__)

RUN_DIRECTORY_PREFIX = "pressroom-run-"
# A directory this young may belong to a run another scheduler is starting (made, child not yet started).
RUN_DIRECTORY_MIN_AGE_SECONDS = 60.0


def is_our_crawl(pid: int) -> bool:
    """True when `pid` is alive and is a `pressroom crawl` (pids are reused)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"pressroom" in command and b"crawl" in command


def end_orphaned_runs(history: RunHistory) -> None:
    host = socket.gethostname()
    for run in history.unfinished_runs():
        note = "the scheduler stopped during this run"
        pid = run["pid"]
        if pid and run["host"] == host and is_our_crawl(pid):
            try:
                os.killpg(pid, signal.SIGKILL)
                note += f"; its crawl (pid {pid}) was stopped at restart"
            except ProcessLookupError:
                pass
        history.finish_run(run["id"], Outcome.STOPPED, None, None, note)
        logger.warning("run %d of %s: %s", run["id"], run["source_id"], note)


def run_directory_prefix() -> str:
    """The prefix of a run's temporary directory: it names the scheduler's pid, so a restart can tell."""
    return f"{RUN_DIRECTORY_PREFIX}{os.getpid()}-"


def remove_stale_run_directories(root: Path | None = None) -> list[Path]:
    """Delete the run directories a killed scheduler left behind: only those of a scheduler that is gone,
    older than a minute, that no live process names in its command line (a crawl child still running)."""
    root = Path(root or tempfile.gettempdir())
    in_use = _command_lines()
    removed: list[Path] = []
    for directory in root.glob(f"{RUN_DIRECTORY_PREFIX}*"):
        try:
            info = directory.lstat()
        except OSError:
            continue
        if not directory.is_dir() or directory.is_symlink() or info.st_uid != os.getuid():
            continue
        owner = directory.name.removeprefix(RUN_DIRECTORY_PREFIX).split("-", 1)[0]
        if owner.isdigit() and pid_exists(int(owner)):
            continue
        if time.time() - info.st_mtime < RUN_DIRECTORY_MIN_AGE_SECONDS or any(str(directory) in c for c in in_use):
            continue
        shutil.rmtree(directory, ignore_errors=True)
        removed.append(directory)
    if removed:
        logger.info("removed %d run directories left by a stopped scheduler", len(removed))
    return removed


def _command_lines() -> list[str]:
    lines: list[str] = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except OSError:
            continue
    return lines
