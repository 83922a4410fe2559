"""Start-up index creation covers every collection the gateway owns, and is idempotent."""

from __future__ import annotations

from wayra_ai.storage.indexes import ensure_indexes
from wayra_ai.storage.mongo import Database


async def index_names(db: Database, collection: str) -> set[str]:
    return {index["name"] async for index in await db[collection].list_indexes()}


async def test_creates_users_and_conversations_indexes_idempotently(db: Database) -> None:
    await ensure_indexes(db)
    first = {name: await index_names(db, name) for name in ("users", "conversations")}
    await ensure_indexes(db)
    second = {name: await index_names(db, name) for name in ("users", "conversations")}
    assert first == second
    for collection, names in first.items():
        assert "_id_" in names
        assert len(names) > 1, f"no index created on {collection}"
