"""/v1/admin/…: the scheduler's jobs, runs and source health, and job control; plus the /operators page.

The admin API is off unless PRESSROOM_ADMIN_KEY is set, and then answers only requests whose X-Admin-Key
header matches it. The operators' page is read-only and shows no log text, so it needs no key.
"""

from __future__ import annotations

import hmac
import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from scheduler.control import (
    Action,
    ControlError,
    NoSchedulerRunning,
    live_scheduler,
    read_jobs,
    submit_command,
)
from scheduler.database import DatabaseUnavailable, database_exists, open_database
from scheduler.history import RunHistory
from scheduler.status import SourceStatus, source_statuses
from scheduler.triggers import SEOUL
from search_api.errors import ErrorBody
from search_api.settings import ApiSettings

logger = logging.getLogger(__name__)

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
COMMAND_WAIT_SECONDS = 5.0
_engine_lock = threading.Lock()


class AdminAccessDenied(Exception):
    """The admin API is off, or the request's key is missing or wrong."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def operations_engine(app: FastAPI) -> Engine | None:
    """The scheduler's database, opened on first use; None while no scheduler has created it."""
    settings: ApiSettings = app.state.admin_settings
    with _engine_lock:
        engine: Engine | None = getattr(app.state, "operations_engine", None)
        if engine is None and database_exists(settings.jobstore):
            try:
                engine = app.state.operations_engine = open_database(settings.jobstore)
            except DatabaseUnavailable as exc:
                logger.warning("PRESSROOM_JOBSTORE: %s", exc)
                raise
        return engine


def require_admin_key(request: Request, x_admin_key: Annotated[str | None, Header()] = None) -> None:
    settings: ApiSettings = request.app.state.admin_settings
    expected = settings.admin_key.get_secret_value() if settings.admin_key else ""
    if not expected:
        raise AdminAccessDenied(404, "the admin API is off; set PRESSROOM_ADMIN_KEY to turn it on")
    # Constant-time comparison; the answer never repeats either key.
    if x_admin_key is None or not hmac.compare_digest(x_admin_key.encode(), expected.encode()):
        raise AdminAccessDenied(401, "missing or wrong X-Admin-Key header")


def require_engine(request: Request) -> Engine:
    try:
        engine = operations_engine(request.app)
    except DatabaseUnavailable as exc:
        raise AdminAccessDenied(503, str(exc)) from None
    if engine is None:
        raise AdminAccessDenied(503, "no scheduler has used this job store yet; start `pressroom schedule`")
    return engine


ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": meaning}
    for code, meaning in {
        400: "Bad parameter",
        401: "Missing or wrong X-Admin-Key header",
        404: "The admin API is off (PRESSROOM_ADMIN_KEY unset)",
        503: "No scheduler has used the job store, or none is running to take the command",
    }.items()
}
COMMAND_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "The scheduler refused the command (unknown source, run going)"},
    504: {"model": ErrorBody, "description": "The scheduler did not answer in time"},
}
router = APIRouter(
    prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_admin_key)], responses=ADMIN_ERRORS
)
page_router = APIRouter(include_in_schema=False)
OperationsDb = Annotated[Engine, Depends(require_engine)]


@router.get("/jobs", summary="Scheduled sources as the running scheduler published them")
def list_jobs(engine: OperationsDb) -> dict[str, Any]:
    holder = live_scheduler(engine)
    service = {
        "running": holder is not None,
        "pid": holder.pid if holder else None,
        "host": holder.host if holder else None,
    }
    return {"scheduler": service, "jobs": [job.to_dict() for job in read_jobs(engine)]}


def _command(engine: Engine, source_id: str, action: Action) -> JSONResponse:
    try:
        result = submit_command(engine, source_id, action, COMMAND_WAIT_SECONDS)
    except NoSchedulerRunning as exc:
        return JSONResponse(status_code=503, content={"error": str(exc)})
    except ControlError as exc:
        return JSONResponse(status_code=504, content={"error": str(exc)})
    if not result.ok:
        return JSONResponse(status_code=409, content={"error": result.message})
    return JSONResponse(content={"ok": True, "message": result.message})


@router.post(
    "/jobs/{source_id}/pause", responses=COMMAND_ERRORS, summary="Stop scheduling a source (kept across restarts)"
)
def pause_job(source_id: str, engine: OperationsDb) -> JSONResponse:
    return _command(engine, source_id, Action.PAUSE)


@router.post("/jobs/{source_id}/resume", responses=COMMAND_ERRORS, summary="Schedule a paused source again")
def resume_job(source_id: str, engine: OperationsDb) -> JSONResponse:
    return _command(engine, source_id, Action.RESUME)


@router.post("/jobs/{source_id}/run", responses=COMMAND_ERRORS, summary="Crawl a source now")
def run_job(source_id: str, engine: OperationsDb) -> JSONResponse:
    return _command(engine, source_id, Action.RUN)


@router.get("/runs", summary="Run history, newest first")
def list_runs(
    engine: OperationsDb,
    source: Annotated[str | None, Query(max_length=63)] = None,
    failed: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    return [run.to_dict() for run in RunHistory(engine).runs(source, failed, limit)]


@router.get("/sources/status", summary="Per source: last run, next run, coverage health")
def sources_status(engine: OperationsDb) -> list[dict[str, Any]]:
    return [status.to_dict() for status in source_statuses(engine)]


@page_router.get("/operators", response_class=HTMLResponse)
def operators_page(request: Request) -> HTMLResponse:
    problem = None
    try:
        engine = operations_engine(request.app)
        statuses = source_statuses(engine) if engine is not None else []
        holder = live_scheduler(engine) if engine is not None else None
    except (DatabaseUnavailable, SQLAlchemyError) as exc:
        logger.warning("operators page: %s", str(exc).splitlines()[0])
        engine, statuses, holder = None, [], None
        problem = "The scheduler's database cannot be read (the API's log says why); check PRESSROOM_JOBSTORE."
    context = {
        "rows": [_page_row(s) for s in statuses],
        "scheduler": holder,
        "has_database": engine is not None,
        "problem": problem,
    }
    return TEMPLATES.TemplateResponse(request, "operators.html", context)


def _page_row(status: SourceStatus) -> dict[str, str]:
    last, job = status.last_run, status.job
    if job is None:
        next_run = "unscheduled"
    elif job.running_since:
        next_run = f"running since {korea_time(job.running_since)}"
    else:
        next_run = "paused" if job.paused else korea_time(job.next_run_at)
    return {
        "source": status.source_id,
        "schedule": job.schedule if job else "—",
        "last_run": korea_time(last.finished_at or last.started_at) if last else "never",
        "outcome": last.outcome.value if last else "—",
        "new": str(last.report.new) if last else "—",
        "next_run": next_run,
        "health": status.health.health.value,
        "reason": status.health.reason,
    }


def korea_time(moment: datetime | None) -> str:
    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M") if moment else "—"


def install_admin(app: FastAPI, settings: ApiSettings) -> None:
    """The admin API, its error answers ({"error": …} like the rest of the API) and the operators' page."""
    app.state.admin_settings = settings

    @app.exception_handler(AdminAccessDenied)
    async def denied(_: Request, exc: AdminAccessDenied) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"error": exc.message})

    app.include_router(router)
    app.include_router(page_router)
