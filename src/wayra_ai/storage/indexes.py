"""Start-up index creation for every collection this service owns (idempotent)."""

from __future__ import annotations

from wayra_ai.conversations import repository as conversations
from wayra_ai.storage.mongo import Database
from wayra_ai.users import repository as users


async def ensure_indexes(db: Database) -> None:
    await users.ensure_indexes(db)
    await conversations.ensure_indexes(db)
