"""Domain errors mapped to HTTP answers: the only place that knows status codes."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from indexer.query import QuerySyntaxError
from indexer.search_params import InvalidSearch
from indexer.store import StoreError, StoreUnavailable

logger = logging.getLogger(__name__)
HTML_PAGES = ("/", "/help", "/operators")  # the web UI's pages; everything else answers JSON


class ErrorBody(BaseModel):
    """What every 4xx/5xx answer of the JSON API carries: one sentence a user can act on."""

    error: str


def error_responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI entries for the error answers a route can give."""
    meaning = {
        400: "Bad input: query syntax, dates, codes or ranges; the message says which",
        404: "No such document",
        413: "Too many matching documents for one export",
        503: "The store does not answer",
    }
    return {code: {"model": ErrorBody, "description": meaning[code]} for code in codes}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": message})


def _answer(request: Request, status: int, message: str) -> Response:
    """The API's {"error": …}, or for a page of the web UI the message in the site's layout."""
    if request.url.path in HTML_PAGES or request.url.path.startswith("/documents/"):
        from search_api.routes.ui import TEMPLATES

        context = {"message": message, "unavailable": status == 503}
        return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)
    return _error(status, message)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QuerySyntaxError)
    async def bad_query(_: Request, exc: QuerySyntaxError) -> JSONResponse:
        return _error(400, f"query: {exc}")

    @app.exception_handler(InvalidSearch)
    async def bad_parameter(_: Request, exc: InvalidSearch) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'][1:]) or 'request'}: {err['msg']}" for err in exc.errors()
        )
        return _answer(request, 400, problems)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        # Unknown paths and methods answer in the API's one error shape, not Starlette's {"detail": …}.
        return JSONResponse(status_code=exc.status_code, content={"error": str(exc.detail)}, headers=exc.headers)

    @app.exception_handler(StoreUnavailable)
    async def store_down(request: Request, exc: StoreUnavailable) -> Response:
        return _answer(request, 503, str(exc))

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError) -> Response:
        logger.error("store error: %s", exc)
        return _answer(request, 503, str(exc))
