"""Operators talk to the running service through two tables: the job snapshot it publishes and the
commands it polls. The CLI and the admin API use this module; neither touches APScheduler's own table."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from scheduler.database import commands_table, inserted_id, job_snapshot_table, now_utc
from scheduler.lease import LeaseHolder, read_holder

POLL_SECONDS = 0.2


class Action(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    RUN = "run"


class ControlError(RuntimeError):
    """A command that could not be delivered or was refused; the message says why."""


class NoSchedulerRunning(ControlError):
    """No live scheduler holds this job store, so nobody would apply a command."""


@dataclass(frozen=True)
class JobView:
    """A scheduled source as the service last published it."""

    source_id: str
    schedule: str
    next_run_at: datetime | None
    paused: bool
    running_since: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_id,
            "schedule": self.schedule,
            "paused": self.paused,
            "next_run_at": self.next_run_at.isoformat() if self.next_run_at else None,
            "running_since": self.running_since.isoformat() if self.running_since else None,
        }


@dataclass(frozen=True)
class CommandResult:
    ok: bool
    message: str


def publish_jobs(engine: Engine, jobs: Sequence[JobView]) -> None:
    """Replace the snapshot with the service's current jobs."""
    with engine.begin() as connection:
        connection.execute(delete(job_snapshot_table))
        if jobs:
            connection.execute(
                insert(job_snapshot_table),
                [
                    {
                        "source_id": j.source_id,
                        "schedule": j.schedule,
                        "next_run_at": j.next_run_at,
                        "paused": j.paused,
                        "running_since": j.running_since,
                    }
                    for j in jobs
                ],
            )


def read_jobs(engine: Engine) -> list[JobView]:
    with engine.connect() as connection:
        rows = connection.execute(select(job_snapshot_table).order_by(job_snapshot_table.c.source_id)).mappings()
        return [
            JobView(r["source_id"], r["schedule"], r["next_run_at"], bool(r["paused"]), r["running_since"])
            for r in rows
        ]


def live_scheduler(engine: Engine) -> LeaseHolder | None:
    holder = read_holder(engine)
    return holder if holder is not None and holder.is_live(now_utc()) else None


def submit_command(engine: Engine, source_id: str, action: Action, wait_seconds: float = 10.0) -> CommandResult:
    """Queue a command for the running service and wait for its answer."""
    if live_scheduler(engine) is None:
        raise NoSchedulerRunning("no scheduler is running on this job store; start `pressroom schedule` first")
    with engine.begin() as connection:
        command_id = inserted_id(
            connection.execute(
                insert(commands_table).values(source_id=source_id, action=action.value, requested_at=now_utc())
            )
        )
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            row = connection.execute(
                select(commands_table.c.applied_at, commands_table.c.ok, commands_table.c.message).where(
                    commands_table.c.id == command_id
                )
            ).first()
        if row is not None and row.applied_at is not None:
            return CommandResult(bool(row.ok), row.message or "")
        time.sleep(POLL_SECONDS)
    raise ControlError(f"the scheduler did not answer within {wait_seconds:g} s; the command stays queued")


def pending_commands(engine: Engine, before: datetime | None = None) -> list[tuple[int, str, Action]]:
    """Unanswered commands, oldest first (only those requested before `before`, when given)."""
    query = (
        select(commands_table.c.id, commands_table.c.source_id, commands_table.c.action)
        .where(commands_table.c.applied_at.is_(None))
        .order_by(commands_table.c.id)
    )
    if before is not None:
        query = query.where(commands_table.c.requested_at < before)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [(row.id, row.source_id, Action(row.action)) for row in rows]


def answer_command(engine: Engine, command_id: int, result: CommandResult) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(commands_table)
            .where(commands_table.c.id == command_id)
            .values(applied_at=now_utc(), ok=result.ok, message=result.message)
        )
