"""Run history in the operations database: one row per crawl run, written by the service, read by all."""

from __future__ import annotations

import json
import socket
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, RowMapping, desc, func, insert, select, update

from scheduler.database import inserted_id, now_utc, runs_table
from scheduler.run_record import CrawlReport, Outcome, Run

FAILED_OUTCOMES = (Outcome.FAILED.value, Outcome.TIMED_OUT.value)


class RunHistory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def start_run(self, source_id: str, trigger: str, scheduled_at: datetime | None, pid: int | None = None) -> int:
        """Insert a `running` row; its id is passed to finish_run."""
        with self.engine.begin() as connection:
            result = connection.execute(
                insert(runs_table).values(
                    source_id=source_id,
                    trigger=trigger,
                    scheduled_at=scheduled_at,
                    started_at=now_utc(),
                    outcome=Outcome.RUNNING.value,
                    host=socket.gethostname(),
                    pid=pid,
                )
            )
            return inserted_id(result)

    def set_pid(self, run_id: int, pid: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(runs_table).where(runs_table.c.id == run_id).values(pid=pid))

    def finish_run(
        self, run_id: int, outcome: Outcome, report: CrawlReport | None, exit_code: int | None, log_tail: str
    ) -> None:
        report = report or CrawlReport()
        with self.engine.begin() as connection:
            connection.execute(
                update(runs_table)
                .where(runs_table.c.id == run_id)
                .values(
                    finished_at=now_utc(),
                    outcome=outcome.value,
                    exit_code=exit_code,
                    pages_fetched=report.pages_fetched,
                    new=report.new,
                    updated=report.updated,
                    unchanged=report.unchanged,
                    failed_documents=report.failed_documents,
                    errors_json=json.dumps(report.errors, sort_keys=True),
                    log_tail=log_tail,
                )
            )

    def record_skipped(self, source_id: str, trigger: str, scheduled_at: datetime | None, reason: str) -> int:
        now = now_utc()
        with self.engine.begin() as connection:
            result = connection.execute(
                insert(runs_table).values(
                    source_id=source_id,
                    trigger=trigger,
                    scheduled_at=scheduled_at,
                    started_at=None,
                    finished_at=now,
                    outcome=Outcome.SKIPPED.value,
                    log_tail=reason,
                )
            )
            return inserted_id(result)

    def unfinished_runs(self) -> list[dict[str, Any]]:
        """Rows still `running`: at start-up these belong to a service that died."""
        with self.engine.connect() as connection:
            rows = (
                connection.execute(
                    select(runs_table.c.id, runs_table.c.source_id, runs_table.c.host, runs_table.c.pid).where(
                        runs_table.c.outcome == Outcome.RUNNING.value
                    )
                )
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    def runs(self, source_id: str | None = None, failed_only: bool = False, limit: int = 50) -> list[Run]:
        """Newest first."""
        query = select(runs_table).order_by(desc(runs_table.c.id)).limit(limit)
        if source_id:
            query = query.where(runs_table.c.source_id == source_id)
        if failed_only:
            query = query.where(runs_table.c.outcome.in_(FAILED_OUTCOMES))
        with self.engine.connect() as connection:
            return [_run(row) for row in connection.execute(query).mappings()]

    def source_ids(self) -> list[str]:
        with self.engine.connect() as connection:
            return sorted(connection.execute(select(runs_table.c.source_id).distinct()).scalars())

    def outcome_counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(runs_table.c.outcome, func.count()).group_by(runs_table.c.outcome)).all()
        return {str(outcome): int(count) for outcome, count in rows}

    def totals_by_source(self) -> dict[str, dict[str, int]]:
        """Per source: documents new and updated, pages fetched, over all finished runs."""
        columns = (runs_table.c.new, runs_table.c.updated, runs_table.c.pages_fetched)
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(runs_table.c.source_id, *(func.sum(c) for c in columns)).group_by(runs_table.c.source_id)
            ).all()
        return {
            row[0]: {"new": int(row[1] or 0), "updated": int(row[2] or 0), "pages_fetched": int(row[3] or 0)}
            for row in rows
        }

    def error_totals(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        with self.engine.connect() as connection:
            for text in connection.execute(
                select(runs_table.c.errors_json).where(runs_table.c.errors_json != "{}")
            ).scalars():
                totals.update(json.loads(text or "{}"))
        return totals


def _run(row: RowMapping) -> Run:
    report = CrawlReport(
        row["pages_fetched"] or 0,
        row["new"] or 0,
        row["updated"] or 0,
        row["unchanged"] or 0,
        row["failed_documents"] or 0,
        json.loads(row["errors_json"] or "{}"),
    )
    return Run(
        row["id"],
        row["source_id"],
        row["trigger"],
        row["scheduled_at"],
        row["started_at"],
        row["finished_at"],
        Outcome(row["outcome"]),
        report,
        row["exit_code"],
        row["log_tail"] or "",
    )
