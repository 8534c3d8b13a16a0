"""API settings from the environment (prefix PRESSROOM_) or from the CLI."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from indexer.store import DEFAULT_STORE_URL


class ApiSettings(BaseSettings):
    """PRESSROOM_STORE picks the store; PRESSROOM_SOURCES lists the sources files that name sources."""

    model_config = SettingsConfigDict(env_prefix="PRESSROOM_")

    store: str = DEFAULT_STORE_URL
    sources: list[str] = ["sources/sample.yaml", "sources/korea.yaml"]
