"""The seed's message `aiMetadata` from a ChatResult."""

from __future__ import annotations

from typing import Any

from wayra_ai.llm.base import ChatResult


def ai_metadata(result: ChatResult, *, confidence: float | None = None) -> dict[str, Any]:
    """`aiMetadata` as stored on a message (camelCase, MongoDB-ready numbers).

    `confidence` is the caller's (e.g. the NLU's) confidence in what was understood;
    a model reports none. `cost` is USD; `processingTime` is milliseconds.
    """
    usage = result.usage
    return {
        "model": result.model,
        "provider": result.provider,
        "tokens": {
            "input": usage.input,
            "output": usage.output,
            "total": usage.total,
            "cached": usage.cached,
            "reasoning": usage.reasoning,
        },
        "cost": float(result.cost),
        "processingTime": result.processing_time_ms,
        "confidence": confidence,
        "temperature": result.temperature,
        "maxTokens": result.max_tokens,
    }
