from wayra_ai.storage.mongo import Database


async def ensure_indexes(db: Database) -> None:
    """Create this collection's indexes (idempotent)."""
