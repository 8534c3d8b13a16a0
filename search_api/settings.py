"""API settings from the environment (prefix PRESSROOM_) or from the CLI."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from indexer.store import DEFAULT_STORE_URL
from scheduler.database import DEFAULT_JOBSTORE_URL


class ApiSettings(BaseSettings):
    """PRESSROOM_STORE picks the store; PRESSROOM_SOURCES lists the sources files that name sources."""

    model_config = SettingsConfigDict(env_prefix="PRESSROOM_")

    store: str = DEFAULT_STORE_URL
    sources: list[str] = ["sources/sample.yaml", "sources/korea.yaml"]
    # PRESSROOM_ADMIN_KEY turns the admin API on; a SecretStr so no repr or log ever shows it.
    admin_key: SecretStr | None = None
    # PRESSROOM_JOBSTORE: the scheduler database (jobs, run history) read by /v1/admin, /operators, /metrics.
    jobstore: str = DEFAULT_JOBSTORE_URL
