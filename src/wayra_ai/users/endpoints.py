"""/v1/users: the caller's own user document, AI preferences and usage quotas."""

from __future__ import annotations

from fastapi import APIRouter

from wayra_ai.dependencies import Db
from wayra_ai.users import service
from wayra_ai.users.dependencies import CurrentUser
from wayra_ai.users.schemas import UsageView, UserPatch, UserView

router = APIRouter(tags=["users"])


@router.get("/v1/users/me")
async def read_me(user: CurrentUser) -> UserView:
    """The caller's user document (seed fields, camelCase) with `totalAISavings` and
    `aiEngagementScore`; the first call creates the user with the seed's defaults."""
    return service.view(user)


@router.patch("/v1/users/me")
async def update_me(patch: UserPatch, user: CurrentUser, db: Db) -> UserView:
    """Change profile fields and AI preferences; only the fields sent change."""
    return await service.update_me(db, user, patch)


@router.get("/v1/users/me/usage")
async def read_my_usage(user: CurrentUser) -> UsageView:
    """This month's AI usage per feature against the caller's tier limits."""
    return service.usage_of(user)
