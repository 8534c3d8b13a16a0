"""The operations database: the job store's database also holds the lease, run history, job snapshot
and operator commands, so one URL (any SQLAlchemy URL) is all the service, CLI and API need."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import CursorResult, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.types import TypeDecorator

DEFAULT_JOBSTORE_URL = "sqlite:///var/jobs.sqlite3"
JOBS_TABLE = "apscheduler_jobs"
# Lets a SQLite writer wait out another process's short transaction instead of failing at once.
SQLITE_BUSY_SECONDS = 30


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored naive UTC so every database reads them alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

lease_table = Table(
    "pressroom_scheduler_lease",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("owner", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("heartbeat_at", UtcDateTime, nullable=False),
    Column("released", Boolean, nullable=False, default=False),
    Column("settings_json", Text, nullable=False, default="{}"),
)

runs_table = Table(
    "pressroom_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", String(63), nullable=False, index=True),
    Column("trigger", String(16), nullable=False),
    Column("scheduled_at", UtcDateTime),
    Column("started_at", UtcDateTime),
    Column("finished_at", UtcDateTime),
    Column("outcome", String(16), nullable=False, index=True),
    Column("exit_code", Integer),
    Column("pages_fetched", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("failed_documents", Integer, nullable=False, default=0),
    Column("errors_json", Text, nullable=False, default="{}"),
    Column("log_tail", Text, nullable=False, default=""),
    Column("host", String(200)),
    Column("pid", Integer),
)

job_snapshot_table = Table(
    "pressroom_jobs",
    metadata,
    Column("source_id", String(63), primary_key=True),
    Column("schedule", String(100), nullable=False),
    Column("next_run_at", UtcDateTime),
    Column("paused", Boolean, nullable=False),
    Column("running_since", UtcDateTime),
)

commands_table = Table(
    "pressroom_commands",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", String(63), nullable=False),
    Column("action", String(16), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("applied_at", UtcDateTime),
    Column("ok", Boolean),
    Column("message", Text),
)


class DatabaseUnavailable(Exception):
    """The operations database cannot be opened: a malformed URL, a missing driver, a damaged file."""


def open_database(url: str) -> Engine:
    """An engine for the operations database, with its tables created (idempotent)."""
    try:
        engine = create_engine(url, **_engine_options(url))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _use_wal)
        metadata.create_all(engine)
    except (ArgumentError, SQLAlchemyError, ImportError, OSError, ValueError) as exc:
        raise DatabaseUnavailable(f"cannot open the scheduler's database {_shown(url)}: {_reason(exc)}") from None
    return engine


def _shown(url: str) -> str:
    """The URL without its password, as far as it parses."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ImportError):
        return f"its driver is not installed ({exc.name or exc})"
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0]


def database_exists(url: str) -> bool:
    """False for a SQLite file not created yet (readers should not create one); True for servers."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return True  # open_database names the problem
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return True
    return Path(parsed.database).exists()


def _engine_options(url: str) -> dict[str, Any]:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return {"pool_pre_ping": True}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return {"connect_args": {"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False}}


def _use_wal(dbapi_connection: Any, _: Any) -> None:
    # WAL lets the CLI and the API read while the service writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the database returned no primary key for an insert")
    return int(key[0])


def now_utc() -> datetime:
    return datetime.now(UTC)
