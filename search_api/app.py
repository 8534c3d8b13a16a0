"""create_app(settings): the FastAPI application, built on demand (nothing happens at import)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from crawler.sources import SourceError, load_sources
from indexer.labels import Labeller
from indexer.store import open_store
from search_api.errors import install_error_handlers
from search_api.head_requests import HeadAsGetMiddleware
from search_api.routes import documents, export, feeds, health, search, ui
from search_api.routes.admin import install_admin
from search_api.routes.captures import install_captures
from search_api.routes.metrics import install_metrics
from search_api.settings import ApiSettings

STATIC_DIR = Path(__file__).resolve().parent / "static"


def source_names(paths: list[str]) -> dict[str, tuple[str, str]]:
    """Source id -> (Korean name, English name) from whichever sources files exist."""
    names: dict[str, tuple[str, str]] = {}
    for path in paths:
        if Path(path).exists():
            try:
                names.update({s.id: (s.name_ko, s.name_en) for s in load_sources(path)})
            except SourceError:
                continue
    return names


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_store(settings.store)
        app.state.labeller = Labeller(source_names=source_names(settings.sources))
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="Pressroom",
        summary="Search Korean government press releases (Korean and English)",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for router in (search.router, export.router, feeds.router, documents.router, health.router, ui.router):
        app.include_router(router)
    install_admin(app, settings)  # /v1/admin (needs PRESSROOM_ADMIN_KEY) and /operators
    install_metrics(app)  # /metrics, and the timing of /v1/search
    install_captures(app)  # /v1/documents/{id}/capture and /versions (PRESSROOM_WARC_DIR)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(HeadAsGetMiddleware)
    return app
