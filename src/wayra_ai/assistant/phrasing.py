"""The reply's wording: a model rephrases the draft, the guard checks it, Redis caches it."""

from __future__ import annotations

import re
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from wayra_ai.assistant.facts import unsupported_claims
from wayra_ai.assistant.replies import Style
from wayra_ai.cache.turn_cache import TurnCache, cache_key
from wayra_ai.conversations.replies import DeltaSink
from wayra_ai.llm.base import ChatMessage, ChatRequest, ChatResult, TextDelta
from wayra_ai.llm.errors import StreamInterrupted
from wayra_ai.llm.metadata import ai_metadata
from wayra_ai.llm.offline import OfflineProvider
from wayra_ai.llm.router import ModelRouter

SYSTEM_PROMPT = (
    "You are Wayra, a travel assistant for budget travellers. You only rephrase the draft "
    "you are given, in the traveller's language and in a {style} style"
    " ({response_format} format). Never add a price, name, date, time or total."
)


@dataclass(frozen=True)
class Phrased:
    text: str
    ai_metadata: dict[str, Any]
    retries: int
    failed_providers: tuple[str, ...]
    guarded: bool  # the model's text broke a fact and the draft was sent instead


def reply_request(draft: str, user_text: str, style: Style) -> ChatRequest:
    system = SYSTEM_PROMPT.format(
        style=style.conversation_style, response_format=style.response_format
    )
    messages: tuple[ChatMessage, ...] = (
        {"role": "system", "content": system},
        {"role": "user", "content": user_text},
    )
    return ChatRequest(messages=messages, purpose="reply", draft=draft)


def chain_of(router: ModelRouter) -> list[str]:
    """Which models could answer: part of every cache key."""
    return [f"{p.name}:{getattr(p, 'model', '')}" for p in router.providers]


def checked(result: ChatResult, draft: str, user_text: str, confidence: float) -> Phrased:
    """The model's text when it keeps to the facts, else the draft (recorded as guarded)."""
    text = result.text.strip()
    guarded = not text or bool(unsupported_claims(text, draft, user_text))
    metadata = ai_metadata(result, confidence=confidence)
    if guarded:
        metadata["guard"] = "draft sent: the model's wording changed a fact"
    return Phrased(
        text=draft if guarded else text,
        ai_metadata=metadata,
        retries=result.retries,
        failed_providers=result.failed_providers,
        guarded=guarded,
    )


_SENTENCE_END = re.compile(r"(?<=[.!?:\n])\s+")


def _sentences(pending: str) -> tuple[list[str], str]:
    """Complete sentences (with their trailing whitespace) and the unfinished rest."""
    cut, done = 0, []
    for boundary in _SENTENCE_END.finditer(pending):
        done.append(pending[cut : boundary.end()])
        cut = boundary.end()
    return done, pending[cut:]


async def _streamed(
    router: ModelRouter, request: ChatRequest, user_text: str, sink: DeltaSink
) -> tuple[ChatResult, str]:
    """Stream the model's text to `sink` sentence by sentence, each checked before it goes.

    Returns the result and the text actually sent. After the first sentence that breaks
    a fact nothing more is sent; the caller then replaces the text with the draft. A
    stream cut after its first delta is answered by the offline responder (the draft).
    """
    assert request.draft is not None
    pending, sent, faithful = "", "", True
    result: ChatResult | None = None
    try:
        async with aclosing(router.stream(request)) as events:
            async for event in events:
                if not isinstance(event, TextDelta):
                    result = event.result
                    continue
                done, pending = _sentences(pending + event.text)
                for sentence in done if faithful else ():
                    faithful = not unsupported_claims(sentence, request.draft, user_text)
                    if faithful:
                        await sink("delta", sentence)
                        sent += sentence
    except StreamInterrupted:
        result = None
    if faithful and pending and not unsupported_claims(pending, request.draft, user_text):
        await sink("delta", pending)
        sent += pending
    return result or await OfflineProvider().complete(request), sent


async def phrase(
    router: ModelRouter,
    cache: TurnCache,
    draft: str,
    user_text: str,
    style: Style,
    confidence: float,
    sink: DeltaSink | None = None,
) -> Phrased:
    """The checked reply; with a `sink`, also streamed (and replaced if the guard steps in)."""
    key = cache_key("reply", chain_of(router), style, draft, user_text)
    if (hit := await cache.get("reply", key)) is not None:
        metadata = {**hit["aiMetadata"], "cost": 0.0, "cacheHit": True}
        metadata["tokens"] = dict.fromkeys(metadata.get("tokens") or {}, 0)
        if sink is not None:
            await sink("delta", hit["text"])
        return Phrased(hit["text"], metadata, 0, (), bool(hit.get("guarded")))
    request = reply_request(draft, user_text, style)
    if sink is None:
        result = await router.complete(request)
        phrased = checked(result, draft, user_text, confidence)
    else:
        result, sent = await _streamed(router, request, user_text, sink)
        phrased = checked(result, draft, user_text, confidence)
        if phrased.text != sent.strip():
            await sink("replace", phrased.text)
    value = {"text": phrased.text, "aiMetadata": phrased.ai_metadata, "guarded": phrased.guarded}
    await cache.put("reply", key, value)
    return phrased
