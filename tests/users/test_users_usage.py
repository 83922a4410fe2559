"""Monthly AI quotas by tier, counted atomically on a real MongoDB-wire server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.errors import InvalidRequest, NotFound, TooManyRequests
from wayra_ai.storage.mongo import Database
from wayra_ai.users import repository, usage
from wayra_ai.users.usage import Feature

Without = Callable[..., dict[str, Any]]
NOW = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)


async def counters(db: Database, uid: str, feature: str) -> dict[str, Any]:
    raw = await db["users"].find_one({"uid": uid})
    assert raw is not None
    result: dict[str, Any] = raw["aiUsage"][feature]
    return result


async def test_tier_table_keeps_seed_defaults_for_free_and_grows_with_tier() -> None:
    assert usage.limit_for("free", Feature.CONVERSATION) == 1000
    assert usage.limit_for(None, Feature.AGENTS) == 50
    assert usage.limit_for("free", Feature.OPTIMIZATION) == 100
    assert usage.limit_for("free", Feature.COLLABORATION) == 200
    for feature in Feature:
        ladder = [usage.limit_for(t, feature) for t in ("free", "basic", "premium", "enterprise")]
        assert ladder == sorted(set(ladder)), feature


async def test_consume_counts_use_total_cost_and_last_used(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller, now=datetime(2026, 12, 1, tzinfo=UTC))
    first = await usage.consume(db, caller.uid, "conversation", cost=0.002, now=NOW)
    second = await usage.consume(db, caller.uid, Feature.CONVERSATION, cost=0.003, now=NOW)
    assert (first.used, first.remaining, first.limit) == (1, 999, 1000)
    assert (second.used, second.remaining) == (2, 998)
    assert second.tier == "free"
    assert second.resets_at == datetime(2027, 1, 1, tzinfo=UTC)
    assert second.last_used == NOW
    assert second.total_cost == pytest.approx(0.005)
    stored = await counters(db, caller.uid, "conversation")
    assert stored["currentMonthUsage"] == 2
    assert stored["totalMessages"] == 2
    assert stored["usageMonth"] == "2026-12"
    assert stored["monthlyLimit"] == 1000
    assert stored["lastUsed"] == NOW
    other = await counters(db, caller.uid, "agents")
    assert other["currentMonthUsage"] == 0  # features count separately
    raw = await db["users"].find_one({"uid": caller.uid})
    assert raw is not None
    assert raw["updatedAt"] == NOW


async def test_concurrent_consumers_never_exceed_the_limit(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    outcomes = await asyncio.gather(
        *(usage.consume(db, caller.uid, "agents", now=NOW) for _ in range(65)),
        return_exceptions=True,
    )
    successes = [item for item in outcomes if isinstance(item, usage.UsageSnapshot)]
    refusals = [item for item in outcomes if isinstance(item, TooManyRequests)]
    assert len(successes) == 50
    assert len(refusals) == 15
    assert sorted(item.used for item in successes) == list(range(1, 51))
    stored = await counters(db, caller.uid, "agents")
    assert stored["currentMonthUsage"] == 50
    assert stored["totalTasks"] == 50


async def test_over_quota_is_a_429_naming_feature_limit_and_reset(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    await db["users"].update_one(
        {"uid": caller.uid},
        {
            "$set": {
                "aiUsage.optimization.currentMonthUsage": 100,
                "aiUsage.optimization.usageMonth": "2026-12",
            }
        },
    )
    before = await counters(db, caller.uid, "optimization")
    with pytest.raises(TooManyRequests) as raised:
        await usage.consume(db, caller.uid, "optimization", cost=1.0, now=NOW)
    error = raised.value
    assert error.status_code == 429
    assert error.kind == "quota_exceeded"
    assert "optimization" in error.message
    assert "100" in error.message
    assert "2027-01-01" in error.message
    expected = (datetime(2027, 1, 1, tzinfo=UTC) - NOW).total_seconds()
    assert error.headers["Retry-After"] == str(int(expected))
    assert await counters(db, caller.uid, "optimization") == before  # nothing counted


async def test_counter_resets_when_the_month_changes(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    november = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
    for _ in range(3):
        await usage.consume(db, caller.uid, "collaboration", cost=0.5, now=november)
    await db["users"].update_one(
        {"uid": caller.uid}, {"$set": {"aiUsage.collaboration.currentMonthUsage": 200}}
    )
    with pytest.raises(TooManyRequests):
        await usage.consume(db, caller.uid, "collaboration", now=november)
    december = await usage.consume(db, caller.uid, "collaboration", cost=0.5, now=NOW)
    assert december.used == 1
    stored = await counters(db, caller.uid, "collaboration")
    assert stored["usageMonth"] == "2026-12"
    assert stored["totalSessions"] == 4  # the running total never resets
    assert stored["totalCost"] == 2.0


async def test_a_clock_behind_never_rewinds_the_counter_month(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    await usage.consume(
        db, caller.uid, "conversation", now=datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC)
    )
    await usage.consume(
        db, caller.uid, "conversation", now=datetime(2026, 12, 31, 23, 59, tzinfo=UTC)
    )
    stored = await counters(db, caller.uid, "conversation")
    assert stored["usageMonth"] == "2027-01"
    assert stored["currentMonthUsage"] == 2


async def test_tier_change_applies_the_new_limit_at_consume_time(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    await db["users"].update_one(
        {"uid": caller.uid},
        {"$set": {"aiUsage.agents.currentMonthUsage": 50, "aiUsage.agents.usageMonth": "2026-12"}},
    )
    with pytest.raises(TooManyRequests, match="free tier"):
        await usage.consume(db, caller.uid, "agents", now=NOW)
    await db["users"].update_one({"uid": caller.uid}, {"$set": {"subscription.tier": "premium"}})
    upgraded = await usage.consume(db, caller.uid, "agents", now=NOW)
    assert (upgraded.used, upgraded.limit, upgraded.tier) == (51, 1000, "premium")
    assert (await counters(db, caller.uid, "agents"))["monthlyLimit"] == 1000
    await db["users"].update_one({"uid": caller.uid}, {"$set": {"subscription.tier": "free"}})
    with pytest.raises(TooManyRequests):
        await usage.consume(db, caller.uid, "agents", now=NOW)


async def test_node_counters_without_usage_month_follow_last_used(
    db: Database, node_user: dict[str, Any], without: Without
) -> None:
    # conversation: 12 uses last counted in October -> a new month starts at 1
    # agents: 49 uses with lastUsed this month -> the Node count is honoured
    node_user["aiUsage"]["agents"].update(
        currentMonthUsage=49, lastUsed=datetime(2026, 12, 1, tzinfo=UTC)
    )
    await db["users"].insert_one(node_user)
    before = await db["users"].find_one({"uid": "node-uid-7"})
    assert before is not None
    conversation = await usage.consume(db, "node-uid-7", "conversation", cost=0.01, now=NOW)
    assert conversation.used == 1
    agents = await usage.consume(db, "node-uid-7", "agents", now=NOW)
    assert agents.used == 50
    with pytest.raises(TooManyRequests):
        await usage.consume(db, "node-uid-7", "agents", now=NOW)
    after = await db["users"].find_one({"uid": "node-uid-7"})
    assert after is not None
    stored = after["aiUsage"]["conversation"]
    assert stored["nodeCounter"] == 9
    assert stored["totalMessages"] == 41
    assert stored["totalCost"] == pytest.approx(1.26)
    changed = [
        "updatedAt",
        *(
            f"aiUsage.{f}.{k}"
            for f in ("conversation", "agents")
            for k in (
                "currentMonthUsage",
                "usageMonth",
                "lastUsed",
                "totalCost",
                "monthlyLimit",
            )
        ),
        "aiUsage.conversation.totalMessages",
        "aiUsage.agents.totalTasks",
    ]
    assert without(after, *changed) == without(before, *changed)
    assert after["__v"] == 3


async def test_record_cost_adds_after_the_work(db: Database, caller: AuthenticatedCaller) -> None:
    await repository.provision(db, caller)
    await usage.consume(db, caller.uid, "conversation", now=NOW)
    await usage.record_cost(db, caller.uid, "conversation", 0.0125, now=NOW)
    later = NOW.replace(minute=45)
    await usage.record_cost(db, caller.uid, "conversation", 0.0075, now=later)
    stored = await counters(db, caller.uid, "conversation")
    assert stored["totalCost"] == pytest.approx(0.02)
    assert stored["currentMonthUsage"] == 1  # a cost is not a use
    assert stored["lastUsed"] == NOW
    raw = await db["users"].find_one({"uid": caller.uid})
    assert raw is not None
    assert raw["updatedAt"] == later


@pytest.mark.parametrize(
    ("feature", "cost", "error"),
    [
        ("teleport", 0.0, InvalidRequest),
        ("conversation", -1.0, InvalidRequest),
        ("conversation", float("nan"), InvalidRequest),
        ("conversation", float("inf"), InvalidRequest),
    ],
)
async def test_bad_feature_or_cost_is_refused_and_writes_nothing(
    db: Database, caller: AuthenticatedCaller, feature: str, cost: float, error: type[Exception]
) -> None:
    await repository.provision(db, caller)
    before = await db["users"].find_one({"uid": caller.uid})
    with pytest.raises(error):
        await usage.consume(db, caller.uid, feature, cost=cost, now=NOW)
    with pytest.raises(error):
        await usage.record_cost(db, caller.uid, feature, cost, now=NOW)
    assert await db["users"].find_one({"uid": caller.uid}) == before


async def test_unknown_user_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        await usage.consume(db, "ghost", "conversation", now=NOW)
    with pytest.raises(NotFound):
        await usage.record_cost(db, "ghost", "conversation", 0.1, now=NOW)
    assert await db["users"].count_documents({}) == 0


async def test_overview_reads_without_counting(db: Database, caller: AuthenticatedCaller) -> None:
    await repository.provision(db, caller)
    await usage.consume(db, caller.uid, "agents", cost=0.25, now=datetime(2026, 11, 2, tzinfo=UTC))
    await usage.consume(db, caller.uid, "conversation", cost=0.5, now=NOW)
    user = await repository.get(db, caller.uid)
    overview = {item.feature: item for item in usage.usage_overview(user, now=NOW)}
    assert list(overview) == list(Feature)
    assert overview[Feature.CONVERSATION].used == 1
    assert overview[Feature.CONVERSATION].total_cost == 0.5
    assert overview[Feature.AGENTS].used == 0  # November's use does not count in December
    assert overview[Feature.AGENTS].total_cost == 0.25
    assert overview[Feature.AGENTS].last_used == datetime(2026, 11, 2, tzinfo=UTC)
    assert overview[Feature.OPTIMIZATION].remaining == 100
    assert (await counters(db, caller.uid, "conversation"))["currentMonthUsage"] == 1


async def test_a_loaded_user_spares_round_trips_but_not_the_checks(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller, now=datetime(2026, 12, 1, tzinfo=UTC))
    await usage.consume(db, caller.uid, Feature.AGENTS, now=NOW)
    loaded = await repository.get(db, caller.uid)
    counted = await usage.consume(db, caller.uid, Feature.AGENTS, now=NOW, loaded=loaded)
    assert counted.used == 2

    # The stored counter is full although the loaded copy says 2: the atomic filter wins.
    await db["users"].update_one(
        {"uid": caller.uid}, {"$set": {"aiUsage.agents.currentMonthUsage": 50}}
    )
    with pytest.raises(TooManyRequests):
        await usage.consume(db, caller.uid, Feature.AGENTS, now=NOW, loaded=loaded)
    assert (await counters(db, caller.uid, "agents"))["currentMonthUsage"] == 50

    # The tier changed after the user was loaded: the premium limit applies.
    await db["users"].update_one({"uid": caller.uid}, {"$set": {"subscription.tier": "premium"}})
    upgraded = await usage.consume(db, caller.uid, Feature.AGENTS, now=NOW, loaded=loaded)
    assert (upgraded.used, upgraded.limit, upgraded.tier) == (51, 1000, "premium")

    # A copy loaded in an earlier month still gets the counter reset for this one.
    next_month = datetime(2027, 1, 2, tzinfo=UTC)
    fresh = await usage.consume(db, caller.uid, Feature.AGENTS, now=next_month, loaded=loaded)
    assert fresh.used == 1
