"""Things routes need, injected with Depends: the open store and the labeller."""

from __future__ import annotations

from fastapi import Request

from indexer.labels import Labeller
from indexer.store import DocumentStore


def get_store(request: Request) -> DocumentStore:
    store: DocumentStore = request.app.state.store
    return store


def get_labeller(request: Request) -> Labeller:
    labeller: Labeller = request.app.state.labeller
    language = request.query_params.get("lang")
    if language in ("ko", "en"):
        return Labeller(source_names=labeller.source_names, language=language)
    return labeller
