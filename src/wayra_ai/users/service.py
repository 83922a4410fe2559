"""Rules for /v1/users: what a user may change about themselves, and what they see."""

from __future__ import annotations

from wayra_ai.errors import InvalidRequest
from wayra_ai.kit.clock import utcnow
from wayra_ai.storage.mongo import Database
from wayra_ai.users import repository, usage, virtuals
from wayra_ai.users.models import UserDocument
from wayra_ai.users.schemas import UsageView, UserPatch, UserView, set_paths


def view(user: UserDocument) -> UserView:
    """The user as the API returns it: every stored field plus the seed's virtuals."""
    return UserView.model_validate(
        {
            **user.model_dump(by_alias=True),
            "totalAISavings": virtuals.total_ai_savings(user),
            "aiEngagementScore": virtuals.ai_engagement_score(user),
        }
    )


async def update_me(db: Database, user: UserDocument, patch: UserPatch) -> UserView:
    """Apply a validated partial update by exact dotted paths; nothing is written on error."""
    paths = set_paths(patch)
    _check_budget_range(user, paths)
    if not paths:
        return view(user)
    return view(await repository.set_fields(db, user.uid, paths))


def _check_budget_range(user: UserDocument, paths: dict[str, object]) -> None:
    """min <= max, taking the stored bound for the side that is not being changed."""
    prefix = "profile.travelPreferences.budgetRange."
    stored = user.profile.travel_preferences.budget_range
    low = paths.get(f"{prefix}min", stored.min)
    high = paths.get(f"{prefix}max", stored.max)
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        raise InvalidRequest(
            f"profile.travelPreferences.budgetRange: min ({low}) cannot be greater "
            f"than max ({high})"
        )


def usage_of(user: UserDocument) -> UsageView:
    snapshots = usage.usage_overview(user, now=utcnow())
    return UsageView(
        tier=user.subscription.tier.value,
        features={item.feature.value: item for item in snapshots},
    )
