"""The seed's User schema: enums, bounds, defaults, unknown fields, virtuals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from bson import ObjectId
from pydantic import ValidationError

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.storage.mongo import Database
from wayra_ai.users import repository, usage, virtuals
from wayra_ai.users.models import UserDocument

BASE: dict[str, Any] = {"uid": "u", "email": "u@example.com"}


def user(**fields: Any) -> UserDocument:
    return UserDocument.from_mongo({**BASE, **fields})


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"aiPreferences": {"budgetPriority": 0}}, "budgetPriority"),
        ({"aiPreferences": {"budgetPriority": 5.5}}, "budgetPriority"),
        ({"aiPreferences": {"conversationStyle": "rude"}}, "conversationStyle"),
        ({"aiPreferences": {"planningStyle": "x"}}, "planningStyle"),
        ({"aiPreferences": {"aiAssistanceLevel": "x"}}, "aiAssistanceLevel"),
        ({"aiPreferences": {"optimizationGoals": ["luxury"]}}, "optimizationGoals"),
        (
            {"aiPreferences": {"communicationPreferences": {"responseFormat": "x"}}},
            "responseFormat",
        ),
        ({"agentInteractions": [{"satisfaction": 6}]}, "satisfaction"),
        ({"agentInteractions": [{"satisfaction": 0}]}, "satisfaction"),
        ({"conversationHistory": [{"status": "deleted"}]}, "status"),
        ({"collaborationSessions": [{"role": "owner"}]}, "role"),
        ({"subscription": {"tier": "gold"}}, "tier"),
    ],
)
def test_enums_and_bounds_are_the_seeds(fields: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError, match=where):
        user(**fields)


def test_uid_and_email_are_required() -> None:
    with pytest.raises(ValidationError, match="email"):
        UserDocument.from_mongo({"uid": "u"})
    with pytest.raises(ValidationError, match="uid"):
        UserDocument.from_mongo({"email": "u@example.com"})


def test_array_entry_defaults_match_the_seed() -> None:
    document = user(
        conversationHistory=[{"conversationId": "c"}],
        collaborationSessions=[{"sessionId": "s"}],
    )
    assert document.conversation_history[0].status == "active"
    assert document.collaboration_sessions[0].role == "participant"
    assert document.subscription.tier == "free"
    assert document.subscription.auto_renew is True
    assert document.ai_preferences.budget_priority == 3
    assert document.ai_usage.collaboration.monthly_limit == 200
    assert document.profile.travel_preferences.budget_range.currency == "USD"


def test_bson_values_and_unknown_fields_survive_reading() -> None:
    trip = ObjectId()
    document = user(
        __v=7,
        conversationHistory=[{"_id": ObjectId(), "tripId": trip, "extra": {"deep": [1]}}],
    )
    assert document.conversation_history[0].trip_id == str(trip)
    assert document.conversation_history[0].model_extra is not None
    assert document.conversation_history[0].model_extra["extra"] == {"deep": [1]}
    dumped = document.model_dump(by_alias=True)
    assert dumped["__v"] == 7
    assert dumped["conversationHistory"][0]["extra"] == {"deep": [1]}


def test_total_ai_savings_sums_savings_and_counts_missing_as_zero() -> None:
    document = user(
        optimizationHistory=[
            {"results": {"savings": 12.5}},
            {"results": {"savings": 30}},
            {"results": {}},
            {},
            {"results": {"savings": 0}},
        ]
    )
    assert virtuals.total_ai_savings(document) == 42.5
    assert virtuals.total_ai_savings(user()) == 0


@pytest.mark.parametrize(
    ("conversations", "agents", "optimizations", "score"),
    [
        (0, 0, 0, 0),
        (1, 1, 1, 2 + 5 + 10),
        (3, 2, 4, 6 + 10 + 40),
        (10, 6, 5, 20 + 30 + 50),
        (50, 50, 50, 100),  # each part is capped
    ],
)
def test_ai_engagement_score_is_capped_per_part(
    conversations: int, agents: int, optimizations: int, score: int
) -> None:
    document = user(
        conversationHistory=[{}] * conversations,
        agentInteractions=[{}] * agents,
        optimizationHistory=[{}] * optimizations,
    )
    assert virtuals.ai_engagement_score(document) == score


async def test_a_pre_ai_node_user_reads_with_defaults_and_can_be_counted(db: Database) -> None:
    """A user the Node app created before the AI fields existed: no aiUsage, no subscription."""
    legacy = {
        "uid": "old-1",
        "email": "old@example.com",
        "createdAt": datetime(2024, 1, 1, tzinfo=UTC),
        "__v": 0,
    }
    await db["users"].insert_one(dict(legacy))
    caller = AuthenticatedCaller(uid="old-1", email="old@example.com")
    provisioned = await repository.provision(db, caller)
    assert provisioned.ai_usage.conversation.monthly_limit == 1000
    assert provisioned.subscription.tier == "free"
    now = datetime(2026, 12, 3, tzinfo=UTC)
    counted = await usage.consume(db, "old-1", "conversation", cost=0.1, now=now)
    assert (counted.used, counted.limit, counted.tier) == (1, 1000, "free")
    await usage.record_cost(db, "old-1", "conversation", 0.2, now=now)
    raw = await db["users"].find_one({"uid": "old-1"})
    assert raw is not None
    assert raw["aiUsage"]["conversation"]["totalMessages"] == 1
    assert raw["aiUsage"]["conversation"]["totalCost"] == pytest.approx(0.3)
    assert raw["createdAt"] == legacy["createdAt"]
    assert raw["updatedAt"] == now
    assert "subscription" not in raw  # we never invent Node-owned sections on old users
