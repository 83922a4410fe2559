"""Monthly AI usage quotas by subscription tier, counted atomically in MongoDB.

Each feature's counters live in the seed's `aiUsage.<feature>`: `currentMonthUsage`,
`monthlyLimit`, `totalCost`, `lastUsed` and the feature's running total. We add one
field, `usageMonth` (e.g. "2026-12"), naming the month `currentMonthUsage` counts; mongoose
tolerates it. Deriving the month from `lastUsed` alone cannot be done in the same atomic
filter once `lastUsed` moves, so `lastUsed` is only the fallback for documents the Node app
wrote before we ever counted (no `usageMonth` yet).

`consume` makes two atomic writes: (1) zero the counter if it belongs to an earlier month
(a no-op otherwise, so concurrent resets cannot lose counts), then (2) one conditional
update that counts only while `currentMonthUsage < limit` for this month and the tier read
is still the tier stored. Under any concurrency exactly `limit` calls a month succeed.
The limit is the tier's, looked up at consume time, and written to `monthlyLimit` so the
Node app sees the limit in force.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from wayra_ai.errors import Conflict, InvalidRequest, TooManyRequests
from wayra_ai.kit.clock import as_utc, month_key, start_of_next_month, utcnow
from wayra_ai.kit.schema import CamelModel
from wayra_ai.storage.mongo import Database
from wayra_ai.users import repository
from wayra_ai.users.models import SubscriptionTier, UserDocument


class Feature(StrEnum):
    CONVERSATION = "conversation"
    AGENTS = "agents"
    OPTIMIZATION = "optimization"
    COLLABORATION = "collaboration"


# The seed's running total for each feature, counted with every use.
TOTAL_COUNTER: dict[Feature, str] = {
    Feature.CONVERSATION: "totalMessages",
    Feature.AGENTS: "totalTasks",
    Feature.OPTIMIZATION: "totalOptimizations",
    Feature.COLLABORATION: "totalSessions",
}

# Uses per calendar month (UTC). `free` is the seed's defaults; the paid tiers scale up.
#   tier        conversation  agents  optimization  collaboration
#   free               1,000      50           100            200
#   basic              5,000     200           500          1,000
#   premium           20,000   1,000         2,000          5,000
#   enterprise       100,000  10,000        20,000         50,000
TIER_LIMITS: dict[SubscriptionTier, dict[Feature, int]] = {
    SubscriptionTier.FREE: {
        Feature.CONVERSATION: 1_000,
        Feature.AGENTS: 50,
        Feature.OPTIMIZATION: 100,
        Feature.COLLABORATION: 200,
    },
    SubscriptionTier.BASIC: {
        Feature.CONVERSATION: 5_000,
        Feature.AGENTS: 200,
        Feature.OPTIMIZATION: 500,
        Feature.COLLABORATION: 1_000,
    },
    SubscriptionTier.PREMIUM: {
        Feature.CONVERSATION: 20_000,
        Feature.AGENTS: 1_000,
        Feature.OPTIMIZATION: 2_000,
        Feature.COLLABORATION: 5_000,
    },
    SubscriptionTier.ENTERPRISE: {
        Feature.CONVERSATION: 100_000,
        Feature.AGENTS: 10_000,
        Feature.OPTIMIZATION: 20_000,
        Feature.COLLABORATION: 50_000,
    },
}


class UsageSnapshot(CamelModel):
    """One feature's quota as the caller sees it."""

    feature: Feature
    tier: str
    used: int
    limit: int
    remaining: int
    resets_at: datetime
    total_cost: float
    last_used: datetime | None = None


def tier_of(raw_tier: Any) -> SubscriptionTier:
    """The stored tier; a missing one is the seed's default, `free`."""
    try:
        return SubscriptionTier(raw_tier or SubscriptionTier.FREE)
    except ValueError:
        return SubscriptionTier.FREE


def limit_for(raw_tier: Any, feature: Feature) -> int:
    return TIER_LIMITS[tier_of(raw_tier)][feature]


def _feature(value: Feature | str) -> Feature:
    try:
        return Feature(value)
    except ValueError:
        allowed = ", ".join(item.value for item in Feature)
        raise InvalidRequest(
            f"unknown usage feature {value!r}; expected one of {allowed}"
        ) from None


def _cost(value: float) -> float:
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise InvalidRequest("cost must be a finite, non-negative number")
    return float(value)


def counter_month(counters: dict[str, Any]) -> str | None:
    """The month `currentMonthUsage` counts: `usageMonth`, else the month of `lastUsed`."""
    if isinstance(counters.get("usageMonth"), str):
        month: str = counters["usageMonth"]
        return month
    last_used = counters.get("lastUsed")
    return month_key(as_utc(last_used)) if isinstance(last_used, datetime) else None


def snapshot(
    raw_tier: Any, feature: Feature, counters: dict[str, Any], now: datetime
) -> UsageSnapshot:
    """The quota as of `now` from stored counters (an earlier month's count reads as 0)."""
    month = counter_month(counters)
    used = int(counters.get("currentMonthUsage") or 0) if month and month >= month_key(now) else 0
    limit = limit_for(raw_tier, feature)
    last_used = counters.get("lastUsed")
    return UsageSnapshot(
        feature=feature,
        tier=tier_of(raw_tier).value,
        used=used,
        limit=limit,
        remaining=max(0, limit - used),
        resets_at=start_of_next_month(now),
        total_cost=float(counters.get("totalCost") or 0),
        last_used=as_utc(last_used) if isinstance(last_used, datetime) else None,
    )


def _over_quota(raw_tier: Any, feature: Feature, limit: int, now: datetime) -> TooManyRequests:
    resets_at = start_of_next_month(now)
    return TooManyRequests(
        f"monthly {feature.value} quota used up: {limit} of {limit} on the "
        f"{tier_of(raw_tier).value} tier; it resets on {resets_at.date().isoformat()} (UTC)",
        retry_after_seconds=math.ceil((resets_at - now).total_seconds()),
        kind="quota_exceeded",
    )


async def consume(
    db: Database,
    uid: str,
    feature: Feature | str,
    *,
    cost: float = 0.0,
    now: datetime | None = None,
    loaded: UserDocument | None = None,
) -> UsageSnapshot:
    """Count one use of `feature` for `uid`, or raise TooManyRequests (429) over quota.

    `loaded`, the user as this request already read it, spares two round trips on the
    first attempt: its tier is tried first (the count's filter re-checks it atomically),
    and a counter already in this month needs no reset.
    """
    feature = _feature(feature)
    cost = _cost(cost)
    now = as_utc(now) if now is not None else utcnow()
    month = month_key(now)
    month_start = datetime(now.year, now.month, 1, tzinfo=UTC)
    path = feature.value
    for attempt in range(3):
        hint = loaded if attempt == 0 else None
        if hint is not None:
            raw_tier: Any = hint.subscription.tier.value
            stored = getattr(hint.ai_usage, path).model_dump(by_alias=True)
            fresh_month = counter_month(stored) == month
        else:
            raw_tier, fresh_month = await repository.read_tier(db, uid), False
        limit = limit_for(raw_tier, feature)
        if not fresh_month:
            await repository.start_usage_month(
                db, uid, path, month=month, month_start=month_start, now=now
            )
        counters = await repository.count_usage(
            db,
            uid,
            path,
            tier=raw_tier,
            limit=limit,
            total_counter=TOTAL_COUNTER[feature],
            month=month,
            month_start=month_start,
            cost=cost,
            now=now,
        )
        if counters is not None:
            return snapshot(raw_tier, feature, counters, now)
        if hint is None and await repository.read_tier(db, uid) == raw_tier:
            raise _over_quota(raw_tier, feature, limit, now)
    raise Conflict("the subscription tier kept changing during this request; retry")


async def record_cost(
    db: Database,
    uid: str,
    feature: Feature | str,
    cost: float,
    *,
    now: datetime | None = None,
) -> None:
    """Add a cost known only after the work (e.g. an LLM call) to `aiUsage.<feature>.totalCost`."""
    feature = _feature(feature)
    cost = _cost(cost)
    await repository.add_usage_cost(db, uid, feature.value, cost, now=now or utcnow())


def usage_overview(user: UserDocument, *, now: datetime | None = None) -> list[UsageSnapshot]:
    """Every feature's quota for an already loaded user, without counting anything."""
    now = now or utcnow()
    return [
        snapshot(
            user.subscription.tier.value,
            feature,
            getattr(user.ai_usage, feature.value).model_dump(by_alias=True),
            now,
        )
        for feature in Feature
    ]


def ensure_available(user: UserDocument, feature: Feature, *, now: datetime | None = None) -> None:
    """Raise the over-quota 429 now, before any work, when `feature` is used up.

    A cheap read of the loaded user; `consume` still counts atomically afterwards.
    """
    now = now or utcnow()
    tier = user.subscription.tier.value
    counters = getattr(user.ai_usage, feature.value).model_dump(by_alias=True)
    quota = snapshot(tier, feature, counters, now)
    if quota.remaining <= 0:
        raise _over_quota(tier, feature, quota.limit, now)
