"""Settings for a gateway on the shared test servers."""

from __future__ import annotations

import uuid
from pathlib import Path

from wayra_ai.config import Settings


def gateway_settings(
    mongo_uri: str, redis_url: str, tmp_path: Path, **overrides: object
) -> Settings:
    values: dict[str, object] = {
        "node_env": "development",
        "mongodb_uri": mongo_uri,
        "mongodb_database": f"test_{uuid.uuid4().hex[:12]}",
        "redis_url": redis_url,
        "WAYRA_DATA_DIR": tmp_path,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]
