"""Settings: the one place every environment variable is read."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    PRODUCTION = "production"
    DEVELOPMENT = "development"
    TEST = "test"


class MissingSettingError(RuntimeError):
    """A variable production cannot run without is unset."""


_REQUIRED_IN_PRODUCTION = ("mongodb_uri", "redis_url", "firebase_project_id")


class Settings(BaseSettings):
    """Environment variables use the seed's names (PORT, NODE_ENV, MONGODB_URI, ...)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    port: int = Field(default=8080, ge=1, le=65535)
    node_env: Environment = Environment.DEVELOPMENT
    gcp_project_id: str | None = None

    mongodb_uri: SecretStr | None = None
    mongodb_database: str = "wayra"
    redis_url: SecretStr | None = None

    firebase_project_id: str | None = None
    firebase_auth_emulator_host: str | None = None

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    groq_api_key: SecretStr | None = None
    groq_base_url: str | None = None
    tavily_api_key: SecretStr | None = None
    tavily_base_url: str | None = None

    processing_mode: str = "standard"
    max_concurrent_tasks: int = Field(default=5, ge=1, le=1000)
    processor_url: str | None = None
    service_token_secret: SecretStr | None = None

    data_dir: Path = Field(default=Path(".wayra-data"), alias="WAYRA_DATA_DIR")
    inventory_dir: Path | None = Field(default=None, alias="WAYRA_INVENTORY_DIR")

    @property
    def is_production(self) -> bool:
        return self.node_env is Environment.PRODUCTION

    @model_validator(mode="after")
    def _production_needs_real_services(self) -> Settings:
        if self.is_production:
            missing = [name.upper() for name in _REQUIRED_IN_PRODUCTION if not getattr(self, name)]
            if missing:
                raise MissingSettingError(
                    f"NODE_ENV=production requires {', '.join(missing)} to be set"
                )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
