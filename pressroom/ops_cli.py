"""Operator commands (schedule, runs, jobs, sources status): parsers and handlers, kept apart from cli.py."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pressroom.cli import (
    DEFAULT_SOURCES,
    CommandFailed,
    UsageError,
    add_store_option,
    checked_redis_url,
    parse_overrides,
    positive,
    print_json,
    store_url,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from scheduler.health import HealthPolicy

HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}
DEFAULT_TIME_LIMIT = 3600.0


def jobstore_url(args: argparse.Namespace) -> str:
    """--jobstore, else PRESSROOM_JOBSTORE, else SQLite under var/."""
    from scheduler.database import DEFAULT_JOBSTORE_URL

    return args.jobstore or os.environ.get("PRESSROOM_JOBSTORE") or DEFAULT_JOBSTORE_URL


def open_jobstore(args: argparse.Namespace) -> Engine:
    """The operations database of --jobstore; one line (CommandFailed) when it cannot be opened."""
    from scheduler.database import DatabaseUnavailable, open_database

    try:
        return open_database(jobstore_url(args))
    except DatabaseUnavailable as exc:
        raise CommandFailed(str(exc)) from None


def add_jobstore_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobstore",
        metavar="URL",
        help="SQLAlchemy URL of the scheduler's database: jobs, run history, lease "
        "(env PRESSROOM_JOBSTORE; default sqlite:///var/jobs.sqlite3)",
    )


def add_policy_options(parser: argparse.ArgumentParser, defaults_from_service: bool) -> None:
    note = " (default: the running scheduler's, else {})" if defaults_from_service else " (default {})"
    parser.add_argument(
        "--quiet-multiple",
        type=positive(float),
        metavar="X",
        help="flag a source quiet after X times its usual interval without a new document" + note.format(3),
    )
    parser.add_argument(
        "--failing-after",
        type=positive(int),
        metavar="K",
        help="flag a source failing after K failed runs in a row" + note.format(3),
    )


def add_parsers(commands: argparse._SubParsersAction, sources_commands: argparse._SubParsersAction) -> None:
    """Register the operator subcommands on the main parser and under `pressroom sources`."""
    schedule = commands.add_parser("schedule", help="run the crawl scheduler service (one per job store)")
    schedule.add_argument(
        "--sources",
        default=DEFAULT_SOURCES,
        metavar="FILE",
        help=f"sources YAML whose rows' `schedule` make the jobs (default {DEFAULT_SOURCES})",
    )
    add_store_option(schedule)
    add_jobstore_option(schedule)
    schedule.add_argument(
        "--redis",
        metavar="URL",
        help="hand each crawl to `pressroom worker`s through this Redis frontier instead of crawling here",
    )
    schedule.add_argument(
        "--crawl-setting",
        "-s",
        dest="crawl_settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Scrapy setting passed to every crawl (repeatable)",
    )
    schedule.add_argument(
        "--time-limit",
        type=positive(float),
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"stop a crawl after this long; it is recorded timed_out (default {DEFAULT_TIME_LIMIT:g})",
    )
    schedule.add_argument(
        "--misfire-grace",
        type=positive(int),
        default=3600,
        metavar="SECONDS",
        help="run a late crawl (e.g. due while the service was down) if at most this late",
    )
    schedule.add_argument(
        "--max-concurrent",
        type=positive(int),
        default=4,
        metavar="N",
        help="crawls of different sources running at once (default 4)",
    )
    schedule.add_argument(
        "--coverage-every",
        type=positive(int),
        default=300,
        metavar="SECONDS",
        help="how often to check for quiet and failing sources (default 300)",
    )
    schedule.add_argument(
        "--shutdown-grace",
        type=positive(float, zero=True),
        default=30.0,
        metavar="SECONDS",
        help="on SIGTERM, wait this long for running crawls before stopping them (default 30)",
    )
    add_policy_options(schedule, defaults_from_service=False)

    runs = commands.add_parser("runs", help="the scheduler's run history, newest first")
    runs.add_argument("--source", metavar="ID", help="only this source")
    runs.add_argument("--failed", action="store_true", help="only failed and timed-out runs")
    runs.add_argument("--limit", type=positive(int), default=20, metavar="N", help="at most N runs (default 20)")
    runs.add_argument("--json", action="store_true")
    add_jobstore_option(runs)

    jobs = commands.add_parser("jobs", help="list, pause, resume or run the running scheduler's jobs")
    jobs_commands = jobs.add_subparsers(dest="jobs_command", required=True, metavar="SUBCOMMAND")
    listing = jobs_commands.add_parser("list", help="scheduled sources, next run, paused or running")
    listing.add_argument("--json", action="store_true")
    add_jobstore_option(listing)
    for action, text in (
        ("pause", "stop scheduling a source (kept across restarts)"),
        ("resume", "schedule a paused source again"),
        ("run", "crawl a source now"),
    ):
        command = jobs_commands.add_parser(action, help=text)
        command.add_argument("source_id", metavar="SOURCE")
        command.add_argument(
            "--wait",
            type=positive(float, zero=True),
            default=10.0,
            metavar="SECONDS",
            help="how long to wait for the scheduler's answer (default 10)",
        )
        add_jobstore_option(command)

    status = sources_commands.add_parser("status", help="last run, next run and coverage health per source")
    status.add_argument("--json", action="store_true")
    add_jobstore_option(status)
    add_policy_options(status, defaults_from_service=True)

    HANDLERS.update({"schedule": schedule_command, "runs": runs_command, "jobs": jobs_command})


def sources_subcommand(args: argparse.Namespace) -> int:
    """`pressroom sources SUBCOMMAND` other than `list`."""
    if args.sources_command != "status":
        raise UsageError(f"unknown sources subcommand {args.sources_command!r}")
    from scheduler.status import policy_of_service, source_statuses

    engine = open_jobstore(args)
    statuses = source_statuses(engine, policy_from_args(args, policy_of_service(engine)))
    if args.json:
        print_json([s.to_dict() for s in statuses])
        return 0
    if not statuses:
        print("no scheduled source and no run yet (start `pressroom schedule`)")
    for s in statuses:
        last = s.last_run
        last_text = f"{last.outcome.value} {local_time(last.finished_at or last.started_at)}" if last else "never run"
        next_text = "paused" if s.job and s.job.paused else local_time(s.job.next_run_at) if s.job else "unscheduled"
        print(
            f"{s.source_id:<22} {s.health.health.value:<8} last: {last_text:<28} next: {next_text:<20} "
            f"{s.health.reason}"
        )
    return 0


def policy_from_args(args: argparse.Namespace, base: HealthPolicy | None = None) -> HealthPolicy:
    """The policy from --quiet-multiple / --failing-after, the rest from `base` (or the defaults)."""
    from scheduler.health import HealthPolicy

    base = base or HealthPolicy()
    try:
        return HealthPolicy(
            args.quiet_multiple if args.quiet_multiple is not None else base.quiet_multiple,
            args.failing_after if args.failing_after is not None else base.failing_after,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def schedule_command(args: argparse.Namespace) -> int:
    from pressroom.commands import resolve_sources_path
    from scheduler.crawl_process import CrawlCommand
    from scheduler.database import DatabaseUnavailable
    from scheduler.lease import LeaseHeld
    from scheduler.service import SchedulerService, ServiceOptions

    if args.redis:  # every run would fail later, each with the same complaint
        checked_redis_url(args.redis)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler logs every job start and end at INFO; our own run log says the same with outcomes.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    options = ServiceOptions(
        sources_file=Path(resolve_sources_path(args.sources)).resolve(),
        jobstore_url=jobstore_url(args),
        crawl=CrawlCommand(
            store_url(args), parse_overrides(args.crawl_settings), args.time_limit, redis_url=args.redis
        ),
        policy=policy_from_args(args),
        misfire_grace_seconds=args.misfire_grace,
        max_concurrent_crawls=args.max_concurrent,
        coverage_every_seconds=args.coverage_every,
        shutdown_grace_seconds=args.shutdown_grace,
    )
    try:
        return SchedulerService(options).run()
    except DatabaseUnavailable as exc:
        raise CommandFailed(str(exc)) from None
    except LeaseHeld as exc:
        print(f"pressroom schedule: {exc}", file=sys.stderr)
        return 3


def runs_command(args: argparse.Namespace) -> int:
    from scheduler.history import RunHistory

    runs = RunHistory(open_jobstore(args)).runs(args.source, args.failed, args.limit)
    if args.json:
        print_json([run.to_dict() for run in runs])
        return 0
    if not runs:
        print("no runs")
    for run in runs:
        moment = run.started_at or run.finished_at
        took = (
            f"{(run.finished_at - run.started_at).total_seconds():.1f}s" if run.finished_at and run.started_at else "-"
        )
        errors = ", ".join(f"{k} {v}" for k, v in sorted(run.report.errors.items())) or "-"
        r = run.report
        print(
            f"#{run.id:<5} {run.source_id:<20} {run.outcome.value:<9} {local_time(moment):<20} {took:>7}  "
            f"pages {r.pages_fetched}, new {r.new}, upd {r.updated}, same {r.unchanged}; errors: {errors}"
        )
        if run.outcome.value != "ok" and run.log_tail:
            print("        " + run.log_tail.splitlines()[-1][:150])
    return 0


def jobs_command(args: argparse.Namespace) -> int:
    from scheduler.control import Action, ControlError, live_scheduler, read_jobs, submit_command

    engine = open_jobstore(args)
    if args.jobs_command == "list":
        holder = live_scheduler(engine)
        jobs = read_jobs(engine)
        if args.json:
            service = {
                "running": holder is not None,
                "pid": holder.pid if holder else None,
                "host": holder.host if holder else None,
            }
            print_json({"scheduler": service, "jobs": [job.to_dict() for job in jobs]})
            return 0
        print(
            f"scheduler: running (pid {holder.pid} on {holder.host})"
            if holder
            else "scheduler: not running (jobs as it last left them)"
        )
        for job in jobs:
            state = "running" if job.running_since else "paused" if job.paused else "scheduled"
            next_text = local_time(job.next_run_at) if job.next_run_at else "-"
            print(f"{job.source_id:<22} {job.schedule:<16} {state:<10} next: {next_text}")
        return 0
    try:
        result = submit_command(engine, args.source_id, Action(args.jobs_command), args.wait)
    except ControlError as exc:
        print(f"pressroom jobs {args.jobs_command}: {exc}", file=sys.stderr)
        return 1
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def local_time(moment: datetime | None) -> str:
    """A time as Korea time, as operators there read it."""
    from scheduler.triggers import SEOUL

    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M:%S") if moment else "-"
