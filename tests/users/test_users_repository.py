"""The users repository against a real MongoDB-wire server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.errors import Conflict, Forbidden, InvalidRequest, NotFound
from wayra_ai.storage.mongo import Database
from wayra_ai.users import repository
from wayra_ai.users.models import (
    OptimizationHistoryEntry,
    OptimizationResults,
    insert_defaults,
)

Without = Callable[..., dict[str, Any]]


async def raw_user(db: Database, uid: str) -> dict[str, Any]:
    document = await db["users"].find_one({"uid": uid})
    assert document is not None
    return document


async def test_ensure_indexes_creates_every_seed_index_and_is_idempotent(db: Database) -> None:
    await repository.ensure_indexes(db)
    await repository.ensure_indexes(db)
    info = await db["users"].index_information()
    keys = {tuple(spec["key"]): spec.get("unique", False) for spec in info.values()}
    assert keys[(("uid", 1),)] is True
    for key in [
        (("email", 1),),
        (("conversationHistory.conversationId", 1),),
        (("agentInteractions.taskId", 1),),
        (("optimizationHistory.optimizationId", 1),),
        (("subscription.tier", 1),),
        (("createdAt", -1),),
        (("lastLogin", -1),),
    ]:
        assert key in keys, key
    assert len(info) == 9  # _id plus the eight above


async def test_provision_creates_user_with_every_seed_default(
    db: Database, caller: AuthenticatedCaller
) -> None:
    now = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    user = await repository.provision(db, caller, now=now)
    assert user.uid == caller.uid
    assert user.email == "ana@example.com"
    assert user.display_name == "Ana Quispe"
    assert user.photo_url == "https://example.com/ana.png"
    assert user.email_verified is True
    assert user.created_at == user.updated_at == user.last_login == now
    raw = await raw_user(db, caller.uid)
    assert raw["__v"] == 0
    for key, value in insert_defaults().items():
        if key != "emailVerified":  # taken from the token
            assert raw[key] == value, key
    assert raw["aiPreferences"]["budgetPriority"] == 3
    assert raw["aiPreferences"]["communicationPreferences"]["notifications"] == {
        "priceAlerts": True,
        "optimizationSuggestions": True,
        "agentUpdates": False,
        "collaborationInvites": True,
    }
    assert [raw["aiUsage"][f]["monthlyLimit"] for f in raw["aiUsage"]] == [1000, 50, 100, 200]
    assert raw["subscription"] == {"tier": "free", "autoRenew": True, "billingHistory": []}
    assert raw["profile"]["travelPreferences"]["budgetRange"] == {"currency": "USD"}


async def test_provision_again_only_moves_last_login_and_updated_at(
    db: Database, caller: AuthenticatedCaller
) -> None:
    first = datetime(2026, 12, 1, tzinfo=UTC)
    await repository.provision(db, caller, now=first)
    before = await raw_user(db, caller.uid)
    later = first + timedelta(hours=5)
    renamed = AuthenticatedCaller(uid=caller.uid, email="other@example.com", name="Other")
    user = await repository.provision(db, renamed, now=later)
    after = await raw_user(db, caller.uid)
    assert user.last_login == later
    assert user.updated_at == later
    assert user.created_at == first
    assert user.email == "ana@example.com"  # the Node app owns these after creation
    assert {k: v for k, v in after.items() if k not in {"lastLogin", "updatedAt"}} == {
        k: v for k, v in before.items() if k not in {"lastLogin", "updatedAt"}
    }


async def test_concurrent_first_calls_create_exactly_one_user(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.ensure_indexes(db)
    results = await asyncio.gather(*(repository.provision(db, caller) for _ in range(12)))
    assert {user.uid for user in results} == {caller.uid}
    assert await db["users"].count_documents({"uid": caller.uid}) == 1


async def test_provision_without_email_refuses_new_users_but_serves_existing_ones(
    db: Database, caller: AuthenticatedCaller
) -> None:
    phone_only = AuthenticatedCaller(uid=caller.uid)
    with pytest.raises(Forbidden, match="email"):
        await repository.provision(db, phone_only)
    assert await db["users"].count_documents({}) == 0
    await repository.provision(db, caller)
    user = await repository.provision(db, phone_only)
    assert user.email == caller.email


async def test_node_document_survives_provision_untouched(
    db: Database, node_user: dict[str, Any], without: Without
) -> None:
    await db["users"].insert_one(dict(node_user))
    before = await raw_user(db, "node-uid-7")
    node_caller = AuthenticatedCaller(uid="node-uid-7", email="luis@example.com")
    now = datetime(2026, 12, 3, tzinfo=UTC)
    user = await repository.provision(db, node_caller, now=now)
    after = await raw_user(db, "node-uid-7")
    assert after["__v"] == 3
    assert after["updatedAt"] == after["lastLogin"] == now
    assert without(after, "updatedAt", "lastLogin") == without(before, "updatedAt", "lastLogin")
    # unknown fields are readable through the model too, at every level
    assert user.model_extra is not None
    assert user.model_extra["__v"] == 3
    assert user.model_extra["legacyTopLevel"] == {"keep": ["me", 1]}
    assert user.profile.model_extra == {"legacyField": "from-node"}
    assert user.subscription.billing_history[0].model_extra is not None
    assert user.subscription.billing_history[0].model_extra["invoiceRef"] == "INV-1"
    assert user.conversation_history[0].trip_id == str(
        node_user["conversationHistory"][0]["tripId"]
    )


async def test_invalid_stored_document_is_a_clear_conflict(
    db: Database, node_user: dict[str, Any]
) -> None:
    node_user["aiPreferences"]["budgetPriority"] = 9
    await db["users"].insert_one(node_user)
    with pytest.raises(Conflict, match=r"aiPreferences\.budgetPriority"):
        await repository.get(db, "node-uid-7")


async def test_set_fields_writes_exact_paths_and_updated_at(
    db: Database, node_user: dict[str, Any], without: Without
) -> None:
    await db["users"].insert_one(node_user)
    before = await raw_user(db, "node-uid-7")
    now = datetime(2026, 12, 3, 8, tzinfo=UTC)
    user = await repository.set_fields(db, "node-uid-7", {"profile.location.city": "Lima"}, now=now)
    after = await raw_user(db, "node-uid-7")
    assert user.profile.location.city == "Lima"
    assert after["profile"]["location"] == {"country": "PE", "city": "Lima", "geohash": "6mc5"}
    assert after["updatedAt"] == now
    assert without(after, "updatedAt", "profile.location.city") == without(
        before, "updatedAt", "profile.location.city"
    )
    with pytest.raises(NotFound):
        await repository.set_fields(db, "nobody", {"displayName": "x"})


async def test_conversation_history_pushes_then_updates_in_place(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller, now=datetime(2026, 12, 1, tzinfo=UTC))
    start = datetime(2026, 12, 2, 9, tzinfo=UTC)
    trip = ObjectId()
    await repository.upsert_conversation_history(
        db, caller.uid, "conv_a", message_count=2, last_activity=start, status="active"
    )
    first = await raw_user(db, caller.uid)
    assert first["updatedAt"] > datetime(2026, 12, 1, tzinfo=UTC)
    later = start + timedelta(minutes=3)
    await repository.upsert_conversation_history(
        db,
        caller.uid,
        "conv_a",
        message_count=6,
        last_activity=later,
        status="paused",
        summary="Lima on 300 USD",
        trip_id=str(trip),
    )
    raw = await raw_user(db, caller.uid)
    [entry] = raw["conversationHistory"]
    assert entry["conversationId"] == "conv_a"
    assert entry["startedAt"] == start  # kept from the first write
    assert entry["messageCount"] == 6
    assert entry["lastActivity"] == later
    assert entry["status"] == "paused"
    assert entry["summary"] == "Lima on 300 USD"
    assert entry["tripId"] == trip
    assert entry["outcomes"] == []
    assert isinstance(entry["_id"], ObjectId)
    assert raw["updatedAt"] >= first["updatedAt"]


async def test_concurrent_history_upserts_keep_one_entry_per_conversation(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    now = datetime(2026, 12, 2, tzinfo=UTC)
    await asyncio.gather(
        *(
            repository.upsert_conversation_history(
                db, caller.uid, f"conv_{n % 3}", message_count=n, last_activity=now, status="active"
            )
            for n in range(15)
        )
    )
    raw = await raw_user(db, caller.uid)
    ids = [entry["conversationId"] for entry in raw["conversationHistory"]]
    assert sorted(ids) == ["conv_0", "conv_1", "conv_2"]
    counts = {e["conversationId"]: e["messageCount"] for e in raw["conversationHistory"]}
    assert counts == {"conv_0": 12, "conv_1": 13, "conv_2": 14}  # the latest turn's count


async def test_a_late_history_write_never_lowers_the_message_count(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    now = datetime(2026, 12, 2, tzinfo=UTC)
    await repository.upsert_conversation_history(
        db, caller.uid, "conv_a", message_count=5, last_activity=now, status="active"
    )
    await repository.upsert_conversation_history(
        db, caller.uid, "conv_a", message_count=3, last_activity=now, status="paused"
    )
    [entry] = (await raw_user(db, caller.uid))["conversationHistory"]
    assert (entry["messageCount"], entry["status"]) == (5, "active")
    await db["users"].update_one(  # an entry the Node app wrote without a count
        {"uid": caller.uid}, {"$unset": {"conversationHistory.0.messageCount": ""}}
    )
    await repository.upsert_conversation_history(
        db, caller.uid, "conv_a", message_count=7, last_activity=now, status="active"
    )
    [entry] = (await raw_user(db, caller.uid))["conversationHistory"]
    assert entry["messageCount"] == 7


async def test_history_upsert_on_node_document_keeps_other_entries_and_fields(
    db: Database, node_user: dict[str, Any], without: Without
) -> None:
    await db["users"].insert_one(node_user)
    before = await raw_user(db, "node-uid-7")
    now = datetime(2026, 12, 2, tzinfo=UTC)
    await repository.upsert_conversation_history(
        db, "node-uid-7", "conv_old", message_count=9, last_activity=now, status="archived"
    )
    await repository.upsert_conversation_history(
        db, "node-uid-7", "conv_new", message_count=1, last_activity=now, status="active"
    )
    after = await raw_user(db, "node-uid-7")
    old, new = after["conversationHistory"]
    assert old["nodeOnly"] is True
    assert old["summary"] == "Cusco weekend"
    assert old["_id"] == before["conversationHistory"][0]["_id"]
    assert (old["messageCount"], old["status"], old["lastActivity"]) == (9, "archived", now)
    assert new["conversationId"] == "conv_new"
    assert without(after, "updatedAt", "conversationHistory") == without(
        before, "updatedAt", "conversationHistory"
    )
    assert after["updatedAt"] != before["updatedAt"]


async def test_history_upsert_rejects_bad_input_and_unknown_users(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller)
    now = datetime(2026, 12, 2, tzinfo=UTC)
    with pytest.raises(InvalidRequest, match="status must be one of"):
        await repository.upsert_conversation_history(
            db, caller.uid, "c", message_count=1, last_activity=now, status="deleted"
        )
    with pytest.raises(InvalidRequest, match="tripId"):
        await repository.upsert_conversation_history(
            db, caller.uid, "c", message_count=1, last_activity=now, status="active", trip_id="t1"
        )
    with pytest.raises(InvalidRequest, match="negative"):
        await repository.upsert_conversation_history(
            db, caller.uid, "c", message_count=-1, last_activity=now, status="active"
        )
    assert (await raw_user(db, caller.uid))["conversationHistory"] == []
    with pytest.raises(NotFound):
        await repository.upsert_conversation_history(
            db, "ghost", "c", message_count=1, last_activity=now, status="active"
        )
    assert await db["users"].count_documents({"uid": "ghost"}) == 0


async def test_record_optimization_pushes_entry_and_adds_savings(
    db: Database, caller: AuthenticatedCaller
) -> None:
    await repository.provision(db, caller, now=datetime(2026, 12, 1, tzinfo=UTC))
    trip = ObjectId()
    now = datetime(2026, 12, 3, tzinfo=UTC)
    entry = OptimizationHistoryEntry(
        optimization_id="opt_1",
        trip_id=str(trip),
        optimization_type="budget",
        results=OptimizationResults(original_budget=500, optimized_budget=420, savings=80),
    )
    await repository.record_optimization(db, caller.uid, entry, now=now)
    raw = await raw_user(db, caller.uid)
    [stored] = raw["optimizationHistory"]
    assert stored["optimizationId"] == "opt_1"
    assert stored["tripId"] == trip
    assert stored["createdAt"] == now
    assert stored["results"]["savings"] == 80
    assert raw["aiUsage"]["optimization"]["totalSavings"] == 80
    assert raw["updatedAt"] == now
    with pytest.raises(NotFound):
        await repository.record_optimization(db, "ghost", entry)


async def test_a_recent_login_is_not_written_again(
    db: Database, caller: AuthenticatedCaller
) -> None:
    first = datetime(2026, 12, 1, tzinfo=UTC)
    await repository.provision(db, caller, now=first)
    soon = first + repository.LOGIN_REFRESH - timedelta(seconds=1)
    user = await repository.provision(db, caller, now=soon)
    assert user.last_login == first  # within the refresh window: a read, no write
    assert (await raw_user(db, caller.uid))["updatedAt"] == first
    later = first + repository.LOGIN_REFRESH
    assert (await repository.provision(db, caller, now=later)).last_login == later
