"""One scheduler per job store: a lease row in the job store's own database, renewed by a heartbeat.

A database row works for any SQLAlchemy URL (a file lock would only cover SQLite on one machine). A lease
is free when released, when its heartbeat is older than the time to live, or when its holder is a process
on this host that no longer exists (so a restart after SIGKILL need not wait for the lease to expire).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from scheduler.database import lease_table, now_utc

LEASE_NAME = "scheduler"
DEFAULT_TTL = timedelta(seconds=30)


class LeaseHeld(RuntimeError):
    """Another scheduler holds the job store."""


@dataclass(frozen=True)
class LeaseHolder:
    owner: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime
    released: bool
    settings: dict[str, Any]

    def is_live(self, now: datetime, ttl: timedelta = DEFAULT_TTL) -> bool:
        if self.released or now - self.heartbeat_at > ttl:
            return False
        return not (self.host == socket.gethostname() and not pid_exists(self.pid))


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(engine: Engine) -> LeaseHolder | None:
    with engine.connect() as connection:
        row = connection.execute(select(lease_table).where(lease_table.c.name == LEASE_NAME)).mappings().first()
    if row is None:
        return None
    return LeaseHolder(
        row["owner"],
        row["host"],
        row["pid"],
        row["started_at"],
        row["heartbeat_at"],
        bool(row["released"]),
        json.loads(row["settings_json"] or "{}"),
    )


class SchedulerLease:
    """Acquire once at start, `renew()` from the main loop, `release()` on a clean shutdown."""

    def __init__(self, engine: Engine, settings: dict[str, Any] | None = None, ttl: timedelta = DEFAULT_TTL):
        self.engine = engine
        self.ttl = ttl
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.owner = f"{self.host}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self.settings = settings or {}

    def acquire(self) -> None:
        """Take the lease or raise LeaseHeld naming the holder."""
        now = now_utc()
        holder = read_holder(self.engine)
        if holder is not None and holder.is_live(now, self.ttl):
            raise LeaseHeld(
                f"another scheduler is running on this job store (pid {holder.pid} on {holder.host}, "
                f"since {holder.started_at:%Y-%m-%d %H:%M:%S} UTC); stop it first, or use another --jobstore"
            )
        values = {
            "owner": self.owner,
            "host": self.host,
            "pid": self.pid,
            "started_at": now,
            "heartbeat_at": now,
            "released": False,
            "settings_json": json.dumps(self.settings),
        }
        with self.engine.begin() as connection:
            if holder is None:
                try:
                    connection.execute(insert(lease_table).values(name=LEASE_NAME, **values))
                    return
                except IntegrityError:
                    raise LeaseHeld("another scheduler took this job store at the same moment") from None
            # Conditional on the holder we judged dead, so two starters racing cannot both win.
            taken = connection.execute(
                update(lease_table)
                .where(
                    and_(
                        lease_table.c.name == LEASE_NAME,
                        lease_table.c.owner == holder.owner,
                        lease_table.c.heartbeat_at == holder.heartbeat_at,
                    )
                )
                .values(**values)
            )
            if taken.rowcount != 1:
                raise LeaseHeld("another scheduler took this job store at the same moment")

    def renew(self) -> bool:
        """Refresh the heartbeat; False when the lease was lost (another scheduler took it over)."""
        with self.engine.begin() as connection:
            renewed = connection.execute(
                update(lease_table)
                .where(
                    and_(
                        lease_table.c.name == LEASE_NAME,
                        lease_table.c.owner == self.owner,
                        or_(lease_table.c.released.is_(False), lease_table.c.released.is_(None)),
                    )
                )
                .values(heartbeat_at=now_utc())
            )
        return renewed.rowcount == 1

    def release(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(lease_table)
                .where(and_(lease_table.c.name == LEASE_NAME, lease_table.c.owner == self.owner))
                .values(released=True, heartbeat_at=now_utc())
            )
