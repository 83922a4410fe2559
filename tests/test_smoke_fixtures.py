from redis.asyncio import Redis

from wayra_ai.storage.mongo import Database, ping


async def test_wire_server_round_trip(db: Database) -> None:
    await ping(db)
    await db.things.insert_one({"name": "Lima"})
    found = await db.things.find_one({"name": "Lima"}, {"_id": 0})
    assert found == {"name": "Lima"}


async def test_real_redis_round_trip(redis: Redis) -> None:
    await redis.set("k", "v")
    assert await redis.get("k") == "v"
    info = await redis.info("server")
    assert "redis_version" in info
