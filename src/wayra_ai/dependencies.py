"""FastAPI dependencies shared by every room, as Annotated aliases defined once.

The app lifespan stores a `Resources` on `app.state.resources`; dependencies read from it.
Room-specific aliases live with their room (`auth.dependencies.Caller`,
`users.dependencies.CurrentUser`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from redis.asyncio import Redis as RedisClient

from wayra_ai.config import Settings
from wayra_ai.storage.mongo import Database


@dataclass
class Resources:
    """Clients built once per app in its lifespan and closed when it stops."""

    settings: Settings
    db: Database
    redis: RedisClient
    extras: dict[str, Any] = field(default_factory=dict)


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


def get_settings_dep(request: Request) -> Settings:
    return get_resources(request).settings


def get_db(request: Request) -> Database:
    return get_resources(request).db


def get_redis(request: Request) -> RedisClient:
    return get_resources(request).redis


AppResources = Annotated[Resources, Depends(get_resources)]
AppSettings = Annotated[Settings, Depends(get_settings_dep)]
Db = Annotated[Database, Depends(get_db)]
Redis = Annotated[RedisClient, Depends(get_redis)]
