"""The only code that talks to the `users` collection.

Every write is partial (`$set`, `$inc`, `$push` on exact paths) so fields owned by the
Node app survive, and every write also sets `updatedAt` (the mongoose pre-save hook's
effect). Quota rules live in `users/usage.py`; the queries they need live here.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from pydantic import ValidationError
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.errors import Conflict, Forbidden, InvalidRequest, NotFound
from wayra_ai.kit.clock import as_utc, utcnow
from wayra_ai.storage.mongo import Database
from wayra_ai.users.models import (
    ConversationStatus,
    OptimizationHistoryEntry,
    UserDocument,
    insert_defaults,
)

COLLECTION = "users"

# The seed's `uid: {unique: true}` and `index({uid: 1})` are one key: one unique index.
_INDEXES: list[tuple[list[tuple[str, int]], bool]] = [
    ([("uid", ASCENDING)], True),
    ([("email", ASCENDING)], False),
    ([("conversationHistory.conversationId", ASCENDING)], False),
    ([("agentInteractions.taskId", ASCENDING)], False),
    ([("optimizationHistory.optimizationId", ASCENDING)], False),
    ([("subscription.tier", ASCENDING)], False),
    ([("createdAt", DESCENDING)], False),
    ([("lastLogin", DESCENDING)], False),
]


def users(db: Database) -> AsyncCollection[dict[str, Any]]:
    return db[COLLECTION]


async def ensure_indexes(db: Database) -> None:
    """Create the seed's indexes; creating an existing index again is a no-op."""
    for keys, unique in _INDEXES:
        await users(db).create_index(keys, unique=unique)


def to_user(raw: dict[str, Any]) -> UserDocument:
    """Validate a stored document; one the Node app broke is a clear 409, not a 500."""
    try:
        return UserDocument.from_mongo(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise Conflict(f"the stored user document is invalid at {where}: {first['msg']}") from None


async def find(db: Database, uid: str) -> UserDocument | None:
    raw = await users(db).find_one({"uid": uid})
    return None if raw is None else to_user(raw)


async def get(db: Database, uid: str) -> UserDocument:
    user = await find(db, uid)
    if user is None:
        raise NotFound(f"user {uid!r} does not exist")
    return user


LOGIN_REFRESH = timedelta(minutes=5)


async def provision(
    db: Database, caller: AuthenticatedCaller, *, now: datetime | None = None
) -> UserDocument:
    """Find the caller's user, or create it with the seed's defaults, in one atomic upsert.

    `lastLogin` is refreshed at most every `LOGIN_REFRESH`, so an active user's requests
    are reads, not one write each. Concurrent first calls converge on one document:
    the unique `uid` index rejects a second insert and the retry finds the first one.
    """
    now = now or utcnow()
    existing = await users(db).find_one({"uid": caller.uid})
    last_login = existing.get("lastLogin") if existing is not None else None
    if isinstance(last_login, datetime) and now - as_utc(last_login) < LOGIN_REFRESH:
        assert existing is not None
        return to_user(existing)
    login = {"$set": {"lastLogin": now, "updatedAt": now}}
    if caller.email is None:
        raw = await users(db).find_one_and_update(
            {"uid": caller.uid}, login, return_document=ReturnDocument.AFTER
        )
        if raw is None:
            raise Forbidden("a Wayra account needs an email address; this sign-in has none")
        return to_user(raw)
    on_insert: dict[str, Any] = {
        **insert_defaults(),
        "email": caller.email,
        "emailVerified": caller.email_verified,
        "createdAt": now,
        "__v": 0,
    }
    if caller.name:
        on_insert["displayName"] = caller.name
    if caller.picture:
        on_insert["photoURL"] = caller.picture
    update = {**login, "$setOnInsert": on_insert}
    try:
        raw = await _upsert(db, caller.uid, update)
    except DuplicateKeyError:
        # A concurrent first call inserted this uid between our match and our insert;
        # the document exists now, so the same upsert simply updates it.
        raw = await _upsert(db, caller.uid, update)
    return to_user(raw)


async def _upsert(db: Database, uid: str, update: dict[str, Any]) -> dict[str, Any]:
    raw = await users(db).find_one_and_update(
        {"uid": uid}, update, upsert=True, return_document=ReturnDocument.AFTER
    )
    assert raw is not None  # upsert=True with AFTER always returns a document
    return raw


async def set_fields(
    db: Database, uid: str, fields: dict[str, Any], *, now: datetime | None = None
) -> UserDocument:
    """`$set` exact dotted paths (already validated by the caller) plus `updatedAt`."""
    now = now or utcnow()
    raw = await users(db).find_one_and_update(
        {"uid": uid},
        {"$set": {**fields, "updatedAt": now}},
        return_document=ReturnDocument.AFTER,
    )
    if raw is None:
        raise NotFound(f"user {uid!r} does not exist")
    return to_user(raw)


def object_id(value: str | ObjectId, what: str) -> ObjectId:
    """The seed types trip ids as ObjectId: store them as one, or refuse."""
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str) and ObjectId.is_valid(value) and len(value) == 24:
        return ObjectId(value)
    raise InvalidRequest(f"{what} must be a 24-character hex ObjectId")


async def upsert_conversation_history(
    db: Database,
    uid: str,
    conversation_id: str,
    *,
    message_count: int,
    last_activity: datetime,
    status: ConversationStatus | str,
    summary: str | None = None,
    started_at: datetime | None = None,
    trip_id: str | ObjectId | None = None,
) -> None:
    """Keep exactly one `conversationHistory` entry per conversation.

    Update the entry in place (positional `$`), or push it when absent with a filter that
    refuses to push if another request pushed it first; then the in-place update runs
    again. Each step is atomic, so no duplicates and no lost update. An entry already
    holding a higher `messageCount` was written by a later turn and is left as it is.
    """
    try:
        status = ConversationStatus(status)
    except ValueError:
        allowed = ", ".join(item.value for item in ConversationStatus)
        raise InvalidRequest(f"conversation status must be one of: {allowed}") from None
    if message_count < 0:
        raise InvalidRequest("messageCount cannot be negative")
    fields: dict[str, Any] = {
        "messageCount": message_count,
        "lastActivity": last_activity,
        "status": status.value,
    }
    if summary is not None:
        fields["summary"] = summary
    if trip_id is not None:
        fields["tripId"] = object_id(trip_id, "tripId")
    collection = users(db)
    for _ in range(3):
        not_newer = {"$not": {"$gt": message_count}}  # also an entry without a count
        newer_or_same = {"conversationId": conversation_id, "messageCount": not_newer}
        in_place = await collection.update_one(
            {"uid": uid, "conversationHistory": {"$elemMatch": newer_or_same}},
            {
                "$set": {
                    **{f"conversationHistory.$.{key}": value for key, value in fields.items()},
                    "updatedAt": utcnow(),
                }
            },
        )
        if in_place.matched_count:
            return
        entry = {
            "_id": ObjectId(),
            "conversationId": conversation_id,
            "startedAt": started_at or last_activity,
            **fields,
            "outcomes": [],
        }
        pushed = await collection.update_one(
            {"uid": uid, "conversationHistory.conversationId": {"$ne": conversation_id}},
            {"$push": {"conversationHistory": entry}, "$set": {"updatedAt": utcnow()}},
        )
        if pushed.matched_count:
            return
        if await collection.count_documents({"uid": uid}, limit=1) == 0:
            raise NotFound(f"user {uid!r} does not exist")
        later = {"conversationId": conversation_id, "messageCount": {"$gt": message_count}}
        if await collection.count_documents(
            {"uid": uid, "conversationHistory": {"$elemMatch": later}}, limit=1
        ):
            return
    raise Conflict(f"conversation history for {conversation_id!r} is changing too fast; retry")


async def record_optimization(
    db: Database, uid: str, entry: OptimizationHistoryEntry, *, now: datetime | None = None
) -> None:
    """Push to `optimizationHistory` and add its savings to `aiUsage.optimization.totalSavings`."""
    now = now or utcnow()
    document = entry.model_dump(mode="python", by_alias=True, exclude_none=True)
    document = {"_id": ObjectId(), **document}
    document.setdefault("createdAt", now)
    if entry.trip_id is not None:
        document["tripId"] = object_id(entry.trip_id, "tripId")
    savings = entry.results.savings if entry.results is not None else None
    update: dict[str, Any] = {
        "$push": {"optimizationHistory": document},
        "$set": {"updatedAt": now},
    }
    if savings is not None and math.isfinite(savings):
        update["$inc"] = {"aiUsage.optimization.totalSavings": savings}
    result = await users(db).update_one({"uid": uid}, update)
    if not result.matched_count:
        raise NotFound(f"user {uid!r} does not exist")


# --- quota counters (the rules are in users/usage.py) ----------------------------------


def _in_month(path: str, month: str, month_start: datetime) -> dict[str, Any]:
    """The counter at `path` belongs to `month` (or later, should a clock run ahead).

    Documents the Node app wrote carry no `usageMonth`: their `lastUsed` tells the month.
    """
    return {
        "$or": [
            {f"{path}.usageMonth": {"$gte": month}},
            {f"{path}.usageMonth": {"$exists": False}, f"{path}.lastUsed": {"$gte": month_start}},
        ]
    }


async def read_tier(db: Database, uid: str) -> Any:
    """The raw `subscription.tier` (None when absent); NotFound when there is no such user."""
    raw = await users(db).find_one({"uid": uid}, {"_id": 0, "subscription.tier": 1})
    if raw is None:
        raise NotFound(f"user {uid!r} does not exist")
    return (raw.get("subscription") or {}).get("tier")


async def start_usage_month(
    db: Database, uid: str, feature: str, *, month: str, month_start: datetime, now: datetime
) -> None:
    """Zero the monthly counter when it belongs to an earlier month (a no-op otherwise)."""
    path = f"aiUsage.{feature}"
    await users(db).update_one(
        {"uid": uid, "$nor": [_in_month(path, month, month_start)]},
        {
            "$set": {
                f"{path}.currentMonthUsage": 0,
                f"{path}.usageMonth": month,
                "updatedAt": now,
            }
        },
    )


async def count_usage(
    db: Database,
    uid: str,
    feature: str,
    *,
    tier: Any,
    limit: int,
    total_counter: str,
    month: str,
    month_start: datetime,
    cost: float,
    now: datetime,
) -> dict[str, Any] | None:
    """Count one use if, atomically, the tier is still `tier` and the month's count < limit.

    Returns the feature's counters after the update, or None when the filter did not match
    (quota used up, or the tier changed since it was read).
    """
    path = f"aiUsage.{feature}"
    raw = await users(db).find_one_and_update(
        {
            "uid": uid,
            "subscription.tier": tier,  # None also matches a document without a tier
            f"{path}.currentMonthUsage": {"$not": {"$gte": limit}},
            **_in_month(path, month, month_start),
        },
        {
            "$inc": {
                f"{path}.currentMonthUsage": 1,
                f"{path}.{total_counter}": 1,
                f"{path}.totalCost": cost,
            },
            "$max": {f"{path}.usageMonth": month},
            "$set": {f"{path}.lastUsed": now, f"{path}.monthlyLimit": limit, "updatedAt": now},
        },
        projection={"_id": 0, path: 1},
        return_document=ReturnDocument.AFTER,
    )
    if raw is None:
        return None
    counters: dict[str, Any] = raw["aiUsage"][feature]
    return counters


async def add_usage_cost(
    db: Database, uid: str, feature: str, cost: float, *, now: datetime
) -> None:
    result = await users(db).update_one(
        {"uid": uid},
        {"$inc": {f"aiUsage.{feature}.totalCost": cost}, "$set": {"updatedAt": now}},
    )
    if not result.matched_count:
        raise NotFound(f"user {uid!r} does not exist")
