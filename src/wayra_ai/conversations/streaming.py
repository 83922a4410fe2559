"""A chat turn over Server-Sent Events: `delta` / `replace` events, then `done` (or `error`).

Failures before the first piece of text (unknown conversation, quota, bad input) are
ordinary HTTP errors, so a client can tell them apart from a reply. Nothing is stored
until the turn ends, in one atomic append, exactly as without streaming.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi.responses import StreamingResponse

from wayra_ai.conversations.service import ConversationService, PostedTurn
from wayra_ai.errors import WayraError
from wayra_ai.users.models import UserDocument

logger = logging.getLogger(__name__)

type Event = tuple[str, str] | None  # (kind, text); None once the turn has ended


def sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


async def stream_turn(
    service: ConversationService,
    user: UserDocument,
    conversation_id: str,
    content: str,
    render_done: Callable[[PostedTurn], dict[str, Any]],
) -> StreamingResponse:
    queue: asyncio.Queue[Event] = asyncio.Queue()

    async def sink(kind: str, text: str) -> None:
        await queue.put((kind, text))

    task = asyncio.create_task(service.post_message(user, conversation_id, content, sink))
    task.add_done_callback(lambda _: queue.put_nowait(None))
    first = await queue.get()
    if first is None and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]

    async def events() -> AsyncIterator[str]:
        item = first
        try:
            while item is not None:
                yield sse(item[0], {"text": item[1]})
                item = await queue.get()
            error = task.exception()
            if error is None:
                yield sse("done", render_done(task.result()))
            elif isinstance(error, WayraError):
                yield sse("error", {"error": error.kind, "detail": error.message})
            else:
                logger.error("chat turn failed while streaming", exc_info=error)
                yield sse("error", {"error": "internal_error", "detail": "the reply failed"})
        finally:
            if not task.done():
                task.cancel()

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
