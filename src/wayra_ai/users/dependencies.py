"""`CurrentUser`: the caller's `users` document, provisioned on first sight."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from wayra_ai.auth.dependencies import Caller
from wayra_ai.dependencies import Db
from wayra_ai.users import repository
from wayra_ai.users.models import UserDocument


async def get_current_user(caller: Caller, db: Db) -> UserDocument:
    """Find or create the user behind the verified token; also records `lastLogin`."""
    return await repository.provision(db, caller)


CurrentUser = Annotated[UserDocument, Depends(get_current_user)]
