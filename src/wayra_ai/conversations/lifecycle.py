"""Conversation status transitions: active ⇄ paused → completed → archived; cancelled from open.

A message may only be added to an open (active or paused) conversation.
"""

from __future__ import annotations

from wayra_ai.conversations.models import ConversationStatus as Status

OPEN_STATUSES = frozenset({Status.ACTIVE, Status.PAUSED})

ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.ACTIVE: frozenset({Status.PAUSED, Status.COMPLETED, Status.CANCELLED}),
    Status.PAUSED: frozenset({Status.ACTIVE, Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset({Status.ARCHIVED}),
    Status.ARCHIVED: frozenset(),
    Status.CANCELLED: frozenset(),
}

# The lifecycle timestamp a transition into this status stamps.
STAMPED_AT: dict[Status, str] = {Status.COMPLETED: "completedAt", Status.ARCHIVED: "archivedAt"}


def sources_of(target: Status) -> list[Status]:
    """Every status a conversation may move to `target` from."""
    return [source for source, targets in ALLOWED_TRANSITIONS.items() if target in targets]
