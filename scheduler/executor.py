"""A thread-pool executor that tells each run its scheduled time (APScheduler 3 passes only args)."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any

from apscheduler.executors.pool import BasePoolExecutor

from scheduler.jobs import set_scheduled_time


class _ScheduledTimePool(concurrent.futures.ThreadPoolExecutor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        # BasePoolExecutor submits run_job(job, jobstore_alias, run_times, logger_name).
        run_times = args[2] if len(args) > 2 else []

        def with_scheduled_time() -> Any:
            set_scheduled_time(max(run_times) if run_times else None)
            try:
                return fn(*args, **kwargs)
            finally:
                set_scheduled_time(None)

        try:
            return super().submit(with_scheduled_time)
        except RuntimeError:
            # Shut down: APScheduler's thread still hands over the jobs that fell due during the shutdown
            # grace (its loop processes once more after shutdown()). Run them here instead of raising: the
            # service is stopping, so run_source only records each as skipped, in a moment.
            done: concurrent.futures.Future[Any] = concurrent.futures.Future()
            try:
                done.set_result(with_scheduled_time())
            except Exception as exc:
                done.set_exception(exc)
            return done


class ScheduledTimeExecutor(BasePoolExecutor):
    """Runs jobs in threads (each waits on a crawl child), `max_workers` at once."""

    def __init__(self, max_workers: int = 4) -> None:
        super().__init__(_ScheduledTimePool(int(max_workers), thread_name_prefix="crawl-run"))
