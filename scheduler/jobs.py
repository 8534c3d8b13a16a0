"""The functions APScheduler jobs name by reference ("scheduler.jobs:run_source"), and what they need.

Persisted jobs carry only a source id; the store URL, crawl settings and time limit belong to the running
service, which installs them here with `install_context` before it starts taking runs.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from scheduler.crawl_process import ActiveCrawls, CrawlCommand, run_with_time_limit
from scheduler.health import HealthPolicy
from scheduler.history import RunHistory
from scheduler.orphans import run_directory_prefix
from scheduler.run_record import Outcome, classify_run, log_tail, parse_crawl_output
from scheduler.status import source_statuses, warn_about_flags

RUN_SOURCE = "scheduler.jobs:run_source"
CHECK_COVERAGE = "scheduler.jobs:check_coverage"
logger = logging.getLogger(__name__)


@dataclass
class ServiceContext:
    engine: Engine
    crawl: CrawlCommand
    policy: HealthPolicy
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # source id -> raw sources row
    active: ActiveCrawls = field(default_factory=ActiveCrawls)
    stopping: threading.Event = field(default_factory=threading.Event)
    flagged: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def history(self) -> RunHistory:
        return RunHistory(self.engine)


_context: ServiceContext | None = None
# APScheduler does not pass a run's scheduled time to the job; the service's executor puts it here.
_scheduled = threading.local()


def set_scheduled_time(moment: datetime | None) -> None:
    _scheduled.moment = moment


def scheduled_time() -> datetime | None:
    moment: datetime | None = getattr(_scheduled, "moment", None)
    return moment


def install_context(context: ServiceContext | None) -> None:
    global _context
    _context = context


def current_context() -> ServiceContext:
    if _context is None:
        raise RuntimeError("scheduler jobs run only inside `pressroom schedule`")
    return _context


def run_source(source_id: str, trigger: str = "schedule", scheduled_at: datetime | None = None) -> str:
    """One crawl run of one source, recorded in history; returns the outcome."""
    context = current_context()
    history = context.history
    scheduled_at = scheduled_at or scheduled_time()
    row = context.rows.get(source_id)
    if context.stopping.is_set() or row is None:
        reason = "the scheduler is shutting down" if row else "the source is no longer in the sources file"
        history.record_skipped(source_id, trigger, scheduled_at, reason)
        return Outcome.SKIPPED.value
    if not context.active.claim(source_id):
        history.record_skipped(source_id, trigger, scheduled_at, "a run of this source is still going")
        return Outcome.SKIPPED.value
    try:
        return _crawl(context, source_id, row, trigger, scheduled_at)
    finally:
        context.active.release(source_id)


def _crawl(
    context: ServiceContext, source_id: str, row: dict[str, Any], trigger: str, scheduled_at: datetime | None
) -> str:
    history = context.history
    run_id = history.start_run(source_id, trigger, scheduled_at)
    logger.info("run %d: crawling %s (%s)", run_id, source_id, trigger)
    with tempfile.TemporaryDirectory(prefix=run_directory_prefix()) as directory:
        # The child gets just its own row: another row of the file may be invalid, and the crawl
        # command refuses a whole file for one bad row.
        sources_file = Path(directory) / "source.yaml"
        sources_file.write_text(yaml.safe_dump({"sources": [row]}, allow_unicode=True), encoding="utf-8")

        def started(child: Any) -> None:
            context.active.attach(source_id, child)
            history.set_pid(run_id, child.pid)

        finished = run_with_time_limit(
            context.crawl.argv(source_id, sources_file), context.crawl.time_limit, on_start=started
        )
    report = parse_crawl_output(finished.stdout)
    outcome = classify_run(finished.exit_code, report, finished.timed_out)
    tail = log_tail(finished.stderr)
    if finished.timed_out:
        tail = f"{tail}\nstopped after the time limit of {context.crawl.time_limit:g} s".lstrip()
    elif context.active.was_terminated(source_id):
        tail = f"{tail}\nstopped by the scheduler shutting down".lstrip()
        outcome = Outcome.STOPPED  # not the source's fault: it does not count towards `failing`
    history.finish_run(run_id, outcome, report, finished.exit_code, tail)
    log = logger.info if outcome is Outcome.OK else logger.warning
    log("run %d: %s %s (exit %s)", run_id, source_id, outcome.value, finished.exit_code)
    return outcome.value


def check_coverage() -> None:
    """Maintenance job: evaluate every source's health and warn when one turns quiet or failing."""
    context = current_context()
    warn_about_flags(source_statuses(context.engine, context.policy), context.flagged)
