"""Per-source status for operators (CLI, admin API, operators' page): job, last run and coverage health."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from scheduler.control import JobView, read_jobs
from scheduler.database import now_utc
from scheduler.health import Health, HealthPolicy, SourceHealth, evaluate_health, paused
from scheduler.history import RunHistory
from scheduler.lease import read_holder
from scheduler.run_record import FINISHED_OUTCOMES, Run
from scheduler.triggers import ScheduleError, usual_interval

# Enough history to count failures in a row and find the last new document for any sane policy.
RUNS_CONSIDERED = 200
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceStatus:
    source_id: str
    job: JobView | None
    last_run: Run | None
    health: SourceHealth

    def to_dict(self) -> dict[str, Any]:
        last = self.last_run
        return {
            "source": self.source_id,
            "schedule": self.job.schedule if self.job else None,
            "paused": self.job.paused if self.job else None,
            "next_run_at": self.job.next_run_at.isoformat() if self.job and self.job.next_run_at else None,
            "running_since": (self.job.running_since.isoformat() if self.job and self.job.running_since else None),
            "last_run": last.to_dict() if last else None,
            **self.health.to_dict(),
        }


def policy_of_service(engine: Engine) -> HealthPolicy:
    """The policy the (last) service ran with, so every reader flags alike; defaults otherwise."""
    holder = read_holder(engine)
    settings = holder.settings if holder else {}
    try:
        return HealthPolicy(
            float(settings.get("quiet_multiple", HealthPolicy.quiet_multiple)),
            int(settings.get("failing_after", HealthPolicy.failing_after)),
        )
    except (TypeError, ValueError):
        return HealthPolicy()


def source_statuses(
    engine: Engine, policy: HealthPolicy | None = None, now: datetime | None = None
) -> list[SourceStatus]:
    """Every scheduled source, plus any source with history, sorted by id."""
    policy = policy or policy_of_service(engine)
    now = now or now_utc()
    history = RunHistory(engine)
    jobs = {job.source_id: job for job in read_jobs(engine)}
    statuses: list[SourceStatus] = []
    for source_id in sorted(set(jobs) | set(history.source_ids())):
        job = jobs.get(source_id)
        runs = history.runs(source_id, limit=RUNS_CONSIDERED)
        interval = None
        if job is not None:
            try:
                interval = usual_interval(job.schedule, now)
            except ScheduleError:
                interval = None
        # The last finished run is what operators judge; a skipped or running one says little.
        last = next((r for r in runs if r.outcome in FINISHED_OUTCOMES), runs[0] if runs else None)
        health = evaluate_health(runs, interval, now, policy)
        statuses.append(SourceStatus(source_id, job, last, paused(health) if job and job.paused else health))
    return statuses


def warn_about_flags(statuses: list[SourceStatus], already_flagged: dict[str, tuple[str, ...]]) -> None:
    """Log a warning when a source gains a flag (or its flags change), once per change, not per check."""
    for status in statuses:
        if status.health.health is Health.PAUSED:
            already_flagged[status.source_id] = ()  # silent while paused; flagged again after a resume
            continue
        flags = tuple(f.value for f in status.health.flags)
        if flags and flags != already_flagged.get(status.source_id):
            logger.warning("source %s is %s: %s", status.source_id, " and ".join(flags), status.health.reason)
        if not flags and already_flagged.get(status.source_id):
            logger.info("source %s is healthy again", status.source_id)
        already_flagged[status.source_id] = flags
