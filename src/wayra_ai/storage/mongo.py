"""The AsyncMongoClient factory: Atlas in production, the embedded server otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from wayra_ai.config import Settings
from wayra_ai.storage.embedded import EmbeddedMongoServer

type Database = AsyncDatabase[dict[str, Any]]


@dataclass
class MongoConnection:
    client: AsyncMongoClient[dict[str, Any]]
    db: Database
    embedded: EmbeddedMongoServer | None = None

    async def close(self) -> None:
        await self.client.close()
        if self.embedded is not None:
            await self.embedded.close()


def make_client(uri: str) -> AsyncMongoClient[dict[str, Any]]:
    # tz_aware: dates come back as aware UTC datetimes, never naive ones.
    return AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=5000, appname="wayra-ai")


async def connect(settings: Settings) -> MongoConnection:
    """Connect to MONGODB_URI, or start the embedded server under the data directory."""
    embedded = None
    if settings.mongodb_uri is not None:
        uri = settings.mongodb_uri.get_secret_value()
    else:
        embedded = EmbeddedMongoServer(settings.data_dir / "mongo.sqlite3")
        uri = await embedded.start()
    client = make_client(uri)
    return MongoConnection(client=client, db=client[settings.mongodb_database], embedded=embedded)


async def ping(db: Database) -> None:
    """Raises when the server cannot be reached (mongoeco has no server_info)."""
    await db.command("ping")
