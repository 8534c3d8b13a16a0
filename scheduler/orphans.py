"""At start-up, close the runs a killed service left `running`, and stop their crawls if still alive.

A crawl child runs in its own session, so it outlives a service killed with SIGKILL; left alone it would
race the restarted service's next run of the same source.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
from pathlib import Path

from scheduler.history import RunHistory
from scheduler.run_record import Outcome

logger = logging.getLogger(__name__)


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
