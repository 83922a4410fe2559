"""The embedded MongoDB-wire server (mongoeco) used when MONGODB_URI is unset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mongoeco.engines.memory import MemoryEngine
from mongoeco.engines.sqlite import SQLiteEngine
from mongoeco.wire import AsyncMongoEcoProxyServer


class EmbeddedMongoServer:
    """A MongoDB-wire server on loopback; SQLite-backed on disk, or in memory for tests."""

    def __init__(self, data_file: Path | None) -> None:
        engine: Any
        if data_file is None:
            engine = MemoryEngine()
        else:
            data_file.parent.mkdir(parents=True, exist_ok=True)
            engine = SQLiteEngine(str(data_file))
        self._server = AsyncMongoEcoProxyServer(engine=engine)
        self.uri = ""

    async def start(self) -> str:
        address = await self._server.start()
        self.uri = f"mongodb://{address.host}:{address.port}/?directConnection=true"
        return self.uri

    async def close(self) -> None:
        await self._server.close()
