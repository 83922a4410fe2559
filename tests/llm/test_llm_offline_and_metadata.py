"""The offline responder, the request's own checks, and the seed's aiMetadata."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wayra_ai.llm.base import ChatRequest, ChatResult, Usage
from wayra_ai.llm.metadata import ai_metadata
from wayra_ai.llm.offline import OfflineProvider

USER = ({"role": "user", "content": "hola"},)


async def test_offline_reply_is_the_draft_verbatim() -> None:
    request = ChatRequest(messages=USER, purpose="reply", draft="Total: 312.40 USD.", max_tokens=99)
    result = await OfflineProvider().complete(request)
    assert (result.text, result.parsed) == ("Total: 312.40 USD.", None)
    assert (result.provider, result.model) == ("offline", "wayra-offline-1")
    assert result.usage == Usage()
    assert result.cost == Decimal(0)
    assert (result.max_tokens, result.temperature) == (99, 0.3)


async def test_offline_extraction_is_empty() -> None:
    request = ChatRequest(messages=USER, purpose="extraction", json_schema={"type": "object"})
    result = await OfflineProvider().complete(request)
    assert (result.text, result.parsed) == ("{}", {})


@pytest.mark.parametrize(
    "fields",
    [
        {"messages": (), "purpose": "extraction"},
        {"messages": USER, "purpose": "reply"},
        {"messages": USER, "purpose": "extraction", "temperature": 2.5},
        {"messages": USER, "purpose": "extraction", "max_tokens": 0},
        {"messages": USER, "purpose": "extraction", "timeout": 0},
    ],
)
def test_inconsistent_requests_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        ChatRequest(**fields)  # type: ignore[arg-type]


def test_prompt_puts_the_draft_last_without_touching_the_messages() -> None:
    request = ChatRequest(messages=USER, purpose="reply", draft="Bus 18 USD.")
    prompt = request.prompt()
    assert prompt[0] == USER[0]
    assert prompt[-1]["role"] == "system"
    assert prompt[-1]["content"].endswith("\n\nBus 18 USD.")
    assert len(request.messages) == 1


def test_ai_metadata_has_the_seed_shape() -> None:
    result = ChatResult(
        text="x",
        parsed=None,
        model="gpt-4o-mini",
        provider="openai",
        usage=Usage(input=2000, output=300, total=2300, cached=1500, reasoning=100),
        cost=Decimal("0.0003675"),
        processing_time_ms=412.5,
        temperature=0.2,
        max_tokens=600,
        retries=1,
    )
    assert ai_metadata(result, confidence=0.9) == {
        "model": "gpt-4o-mini",
        "provider": "openai",
        "tokens": {"input": 2000, "output": 300, "total": 2300, "cached": 1500, "reasoning": 100},
        "cost": 0.0003675,
        "processingTime": 412.5,
        "confidence": 0.9,
        "temperature": 0.2,
        "maxTokens": 600,
    }
