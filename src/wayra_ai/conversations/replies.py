"""The "produce a reply" step of a chat turn, behind a small protocol.

The service hands a `ReplyProducer` the conversation (recent messages only), the new user
message and the caller's user document; the producer returns a `Turn`. Everything in it is
written in ONE atomic append: the user message (with `user_analysis` as its `analysis`), the
reply, and the extra `$set`/`$inc`/`$push` paths (context, analytics). `summary` goes to the user's
`conversationHistory` entry. If the producer raises, nothing is written.
`acknowledge` is the placeholder producer until the app installs the assistant's real one
as `resources.extras["reply_producer"]`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from wayra_ai.conversations.models import (
    AiMetadata,
    Analysis,
    Conversation,
    Message,
    MessageType,
    Tokens,
)
from wayra_ai.kit.ids import new_id
from wayra_ai.users.models import UserDocument


@dataclass(frozen=True)
class Turn:
    reply: Message
    set_fields: dict[str, Any] = field(default_factory=dict)
    inc_fields: dict[str, Any] = field(default_factory=dict)
    push_fields: dict[str, Any] = field(default_factory=dict)
    user_analysis: Analysis | dict[str, Any] | None = None
    summary: str | None = None


class DeltaSink(Protocol):
    """Receives reply text as it is produced (SSE): `kind` is "delta", or "replace" when
    the text sent so far must be replaced by `text` as a whole."""

    async def __call__(self, kind: str, text: str) -> None: ...


class ReplyProducer(Protocol):
    async def __call__(
        self,
        conversation: Conversation,
        user_message: Message,
        user: UserDocument,
        sink: DeltaSink | None = None,
    ) -> Turn:
        """Answer `user_message`; `conversation.messages` holds only the recent ones."""
        ...


ACKNOWLEDGEMENT = (
    "Thanks, I've noted that. I'll use it to plan your trip as we go: tell me more about "
    "where you'd like to go, when, who is travelling and your budget."
)


async def acknowledge(
    conversation: Conversation,
    user_message: Message,
    user: UserDocument,
    sink: DeltaSink | None = None,
) -> Turn:
    """A short acknowledgement that states no fact: no price, name or total."""
    started = time.perf_counter()
    reply = Message(
        message_id=new_id("msg"),
        type=MessageType.AI,
        content=ACKNOWLEDGEMENT,
        ai_metadata=AiMetadata(
            model="acknowledgement",
            provider="wayra",
            tokens=Tokens(input=0, output=0, total=0),
            cost=0.0,
            processing_time=round((time.perf_counter() - started) * 1000, 3),
        ),
    )
    if sink is not None:
        await sink("delta", ACKNOWLEDGEMENT)
    return Turn(reply=reply)
