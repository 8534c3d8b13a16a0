"""`pressroom schedule`: the APScheduler 3 adapter. Jobs from the sources file, a lease on the job store,
a main loop that renews the lease, applies operator commands and publishes the job snapshot."""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from crawler.sources import SourceError
from scheduler.control import Action, CommandResult, JobView, answer_command, pending_commands, publish_jobs
from scheduler.crawl_process import CrawlCommand
from scheduler.database import JOBS_TABLE, open_database
from scheduler.executor import ScheduledTimeExecutor
from scheduler.health import HealthPolicy
from scheduler.history import RunHistory
from scheduler.jobs import CHECK_COVERAGE, RUN_SOURCE, ServiceContext, install_context
from scheduler.lease import SchedulerLease
from scheduler.orphans import end_orphaned_runs, remove_stale_run_directories
from scheduler.source_rows import read_rows, schedulable_rows
from scheduler.sync_plan import plan_sync
from scheduler.triggers import SEOUL, build_trigger

CRAWL_PREFIX = "crawl:"
RUN_NOW_PREFIX = "run-now:"
COVERAGE_JOB_ID = "maintenance:coverage"
MAINTENANCE_EXECUTOR = "maintenance"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceOptions:
    sources_file: Path
    jobstore_url: str
    crawl: CrawlCommand
    policy: HealthPolicy = field(default_factory=HealthPolicy)
    misfire_grace_seconds: int = 3600
    max_concurrent_crawls: int = 4
    coverage_every_seconds: int = 300
    shutdown_grace_seconds: float = 30.0
    tick_seconds: float = 0.5


class SchedulerService:
    def __init__(self, options: ServiceOptions) -> None:
        self.options = options
        self.stop_requested = threading.Event()
        self.reload_requested = threading.Event()
        self.schedules: dict[str, str] = {}
        self._published: list[JobView] | None = None

    # --- lifecycle -------------------------------------------------------------------------------------

    def run(self) -> int:
        """Serve until SIGTERM or SIGINT; LeaseHeld, SourceError and DatabaseUnavailable propagate before anything
        starts."""
        read_rows(self.options.sources_file)  # an unreadable file stops us before we take the lease
        engine = open_database(self.options.jobstore_url)  # DatabaseUnavailable, before anything is changed
        self._install_signal_handlers()  # early: a SIGHUP during start-up must not kill the service
        lease = SchedulerLease(
            engine,
            settings={
                "quiet_multiple": self.options.policy.quiet_multiple,
                "failing_after": self.options.policy.failing_after,
                "sources_file": str(self.options.sources_file),
            },
        )
        lease.acquire()
        started_at = datetime.now(SEOUL)
        try:
            end_orphaned_runs(RunHistory(engine))
            remove_stale_run_directories()  # a kill -9 leaves them; TemporaryDirectory never got to clean up
            self.context = ServiceContext(engine, self.options.crawl, self.options.policy)
            install_context(self.context)
            self.scheduler = self._build_scheduler(engine)
            self.scheduler.start(paused=True)
            self.sync()
            self._expire_stale_commands(engine, started_at)
            self.scheduler.resume()
            logger.info(
                "scheduler running (pid %d); SIGHUP reloads %s, SIGTERM stops",
                lease.pid,
                self.options.sources_file,
            )
            return self._main_loop(engine, lease)
        finally:
            self._shutdown(engine)
            lease.release()
            install_context(None)

    def _build_scheduler(self, engine: Engine) -> BackgroundScheduler:
        scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE),
                # One-off "run now" jobs must not survive a crash and fire hours later.
                "memory": MemoryJobStore(),
            },
            executors={
                "default": ScheduledTimeExecutor(self.options.max_concurrent_crawls),
                # Its own thread: with every crawl slot busy, the coverage check would wait behind the crawls.
                MAINTENANCE_EXECUTOR: ThreadPoolExecutor(1),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": self.options.misfire_grace_seconds,
            },
            timezone=SEOUL,
        )
        scheduler.add_listener(self._on_skipped, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)
        scheduler.add_listener(self._on_error, EVENT_JOB_ERROR)
        return scheduler

    def _install_signal_handlers(self) -> None:
        def stop(signum: int, _: FrameType | None) -> None:
            logger.info("received %s: finishing", signal.Signals(signum).name)
            self.stop_requested.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, lambda *_: self.reload_requested.set())

    def _main_loop(self, engine: Engine, lease: SchedulerLease) -> int:
        while not self.stop_requested.wait(self.options.tick_seconds):
            try:
                if not lease.renew():
                    logger.error("lost the job store lease to another scheduler; stopping")
                    return 1
                if self.reload_requested.is_set():
                    self.reload_requested.clear()
                    self._reload()
                for command_id, source_id, action in pending_commands(engine):
                    answer_command(engine, command_id, self.apply(source_id, action))
                self._publish(engine)
            except SQLAlchemyError as exc:
                # A database hiccup (a locked SQLite file, a restarting server) is retried next tick;
                # a lasting outage ends in a lost lease above.
                logger.warning("scheduler database unavailable, retrying: %s", exc)
        return 0

    def _shutdown(self, engine: Engine) -> None:
        """Stop taking runs, give running crawls a grace period, then stop what is left."""
        context = getattr(self, "context", None)
        scheduler = getattr(self, "scheduler", None)
        if context is None or scheduler is None or not scheduler.running:
            return
        context.stopping.set()
        scheduler.pause()
        deadline = time.monotonic() + self.options.shutdown_grace_seconds
        while context.active.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        if context.active.running():
            logger.warning("stopping unfinished crawls: %s", ", ".join(context.active.running()))
            context.active.terminate_all()
        self._publish(engine, running=False)  # before shutdown: a stopped scheduler lists no stored jobs
        scheduler.shutdown(wait=True)
        logger.info("scheduler stopped")

    # --- jobs from the sources file --------------------------------------------------------------------

    def sync(self) -> None:
        """Make the job store match the sources file: add, reschedule and remove crawl jobs."""
        rows = schedulable_rows(self.options.sources_file)
        for problem in rows.problems:
            logger.error("%s", problem)
        self.context.rows = rows.rows
        self.schedules = {s.source_id: s.schedule for s in rows.scheduled}
        desired = {s.source_id: build_trigger(s.schedule) for s in rows.scheduled}
        existing = {
            job.id.removeprefix(CRAWL_PREFIX): job
            for job in self.scheduler.get_jobs("default")
            if job.id.startswith(CRAWL_PREFIX)
        }
        plan = plan_sync({k: str(t) for k, t in desired.items()}, {k: str(j.trigger) for k, j in existing.items()})
        for source_id in plan.remove:
            self.scheduler.remove_job(CRAWL_PREFIX + source_id, "default")
        for source_id in plan.add:
            self.scheduler.add_job(
                RUN_SOURCE,
                trigger=desired[source_id],
                id=CRAWL_PREFIX + source_id,
                name=f"crawl {source_id}",
                kwargs={"source_id": source_id},
                jobstore="default",
                replace_existing=True,
            )
        for source_id in plan.change:
            paused = existing[source_id].next_run_time is None
            self.scheduler.reschedule_job(CRAWL_PREFIX + source_id, "default", trigger=desired[source_id])
            if paused:
                self.scheduler.pause_job(CRAWL_PREFIX + source_id, "default")
        for source_id in plan.keep:  # options given at this start (grace time) apply to kept jobs too
            self.scheduler.modify_job(
                CRAWL_PREFIX + source_id, "default", misfire_grace_time=self.options.misfire_grace_seconds
            )
        self.scheduler.add_job(
            CHECK_COVERAGE,
            IntervalTrigger(seconds=self.options.coverage_every_seconds),
            id=COVERAGE_JOB_ID,
            name="coverage check",
            jobstore="default",
            executor=MAINTENANCE_EXECUTOR,
            replace_existing=True,
            next_run_time=datetime.now(SEOUL),
        )
        logger.info(
            "jobs from %s: %s; %d row(s) refused",
            self.options.sources_file,
            plan.summary(),
            len(rows.problems),
        )

    def _reload(self) -> None:
        try:
            self.sync()
        except SourceError as exc:
            logger.error("reload refused, jobs unchanged: %s", exc)
        except Exception:  # the service outlives a bad edit; docs/operations.md promises the jobs stay
            logger.exception("reload failed, jobs left as they were")

    # --- operator commands -----------------------------------------------------------------------------

    def apply(self, source_id: str, action: Action) -> CommandResult:
        job_id = CRAWL_PREFIX + source_id
        job = self.scheduler.get_job(job_id, "default")
        if action is Action.RUN:
            return self._run_now(source_id)
        if job is None:
            return CommandResult(False, f"{source_id!r} is not a scheduled source of {self.options.sources_file}")
        if action is Action.PAUSE:
            self.scheduler.pause_job(job_id, "default")
            return CommandResult(True, f"{source_id} paused")
        resumed = self.scheduler.resume_job(job_id, "default")
        next_run = resumed.next_run_time if isinstance(resumed, Job) else None
        return CommandResult(
            True,
            f"{source_id} resumed; next run {next_run:%Y-%m-%d %H:%M:%S %Z}" if next_run else f"{source_id} resumed",
        )

    def _run_now(self, source_id: str) -> CommandResult:
        if source_id not in self.context.rows:
            return CommandResult(False, f"{source_id!r} is not a source of {self.options.sources_file}")
        running = self.context.active.running()
        if source_id in running:
            return CommandResult(
                False, f"a run of {source_id} is already going (since {running[source_id]:%H:%M:%S} UTC)"
            )
        self.scheduler.add_job(
            RUN_SOURCE,
            trigger="date",
            run_date=datetime.now(SEOUL),
            jobstore="memory",
            id=RUN_NOW_PREFIX + source_id,
            name=f"run {source_id} now",
            kwargs={"source_id": source_id, "trigger": "manual"},
            replace_existing=True,
        )
        # Queued, not started: it waits for a free crawl slot (--max-concurrent), and `runs` shows it.
        return CommandResult(True, f"{source_id}: run queued; it starts when a crawl slot is free")

    def _expire_stale_commands(self, engine: Engine, started_at: datetime) -> None:
        for command_id, _, _ in pending_commands(engine, before=started_at):
            answer_command(engine, command_id, CommandResult(False, "expired: sent while no scheduler was running"))

    # --- events and snapshot ---------------------------------------------------------------------------

    def _on_skipped(self, event: JobEvent) -> None:
        source_id, trigger = _source_of(event.job_id)
        if source_id is None:
            return
        times: list[Any] = [
            t
            for t in getattr(event, "scheduled_run_times", None) or [getattr(event, "scheduled_run_time", None)]
            if t is not None
        ]
        reason = (
            "a run of this source is still going"
            if event.code == EVENT_JOB_MAX_INSTANCES
            else "missed: later than the misfire grace time"
        )
        RunHistory(self.context.engine).record_skipped(source_id, trigger, max(times, default=None), reason)

    def _on_error(self, event: JobEvent) -> None:
        logger.error("job %s raised: %r", event.job_id, getattr(event, "exception", None))

    def _publish(self, engine: Engine, running: bool = True) -> None:
        active = self.context.active.running() if running else {}
        jobs = [
            JobView(
                source_id,
                self.schedules.get(source_id, str(job.trigger)),
                job.next_run_time,
                job.next_run_time is None,
                active.get(source_id),
            )
            for job in self.scheduler.get_jobs("default")
            if job.id.startswith(CRAWL_PREFIX)
            for source_id in [job.id.removeprefix(CRAWL_PREFIX)]
        ]
        if jobs != self._published:
            publish_jobs(engine, jobs)
            self._published = jobs


def _source_of(job_id: str) -> tuple[str | None, str]:
    for prefix, trigger in ((CRAWL_PREFIX, "schedule"), (RUN_NOW_PREFIX, "manual")):
        if job_id.startswith(prefix):
            return job_id.removeprefix(prefix), trigger
    return None, ""
