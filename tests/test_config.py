"""Settings from environment variables; production refuses to start without its services."""

from __future__ import annotations

from pathlib import Path

import pytest

from wayra_ai.config import MissingSettingError, Settings

PRODUCTION_ENV = {
    "NODE_ENV": "production",
    "MONGODB_URI": "mongodb+srv://user:pw@cluster.example/wayra",
    "REDIS_URL": "redis://cache.example:6379/0",
    "FIREBASE_PROJECT_ID": "wayra-22",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*PRODUCTION_ENV, "PORT", "MAX_CONCURRENT_TASKS", "WAYRA_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_seed_variable_names_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PORT", "8081")
    monkeypatch.setenv("MAX_CONCURRENT_TASKS", "7")
    monkeypatch.setenv("WAYRA_DATA_DIR", "/tmp/wayra-data")
    settings = Settings()
    assert settings.is_production
    assert settings.port == 8081
    assert settings.max_concurrent_tasks == 7
    assert settings.firebase_project_id == "wayra-22"
    assert settings.data_dir == Path("/tmp/wayra-data")
    assert settings.mongodb_uri is not None
    assert "pw" not in repr(settings)  # secrets stay masked


@pytest.mark.parametrize("missing", ["MONGODB_URI", "REDIS_URL", "FIREBASE_PROJECT_ID"])
def test_production_names_the_missing_variable(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    for name, value in PRODUCTION_ENV.items():
        if name != missing:
            monkeypatch.setenv(name, value)
    with pytest.raises(MissingSettingError, match=missing):
        Settings()


def test_development_runs_on_embedded_defaults() -> None:
    settings = Settings()
    assert not settings.is_production
    assert settings.mongodb_uri is None
    assert settings.redis_url is None
    assert settings.port == 8080
    assert settings.data_dir == Path(".wayra-data")
