"""Groq's OpenAI-compatible chat completions through the official `groq` SDK.

The SDK posts to `{base_url}/openai/v1/chat/completions`. Groq honours strict JSON
Schema answers only on some models; the others get JSON-object mode with the
schema stated in a system message.
"""

from __future__ import annotations

from typing import Any

import groq

from wayra_ai.llm.compat import OpenAICompatibleProvider, SdkErrors
from wayra_ai.llm.models import DEFAULT_GROQ_MODEL

JSON_SCHEMA_MODELS = frozenset(
    {
        "openai/gpt-oss-20b",
        "openai/gpt-oss-120b",
        "moonshotai/kimi-k2-instruct",
        "meta-llama/llama-4-maverick-17b-128e-instruct",
        "meta-llama/llama-4-scout-17b-16e-instruct",
    }
)


class GroqProvider(OpenAICompatibleProvider):
    name = "groq"
    errors = SdkErrors(
        api=groq.APIError,
        status=groq.APIStatusError,
        timeout=groq.APITimeoutError,
        connection=groq.APIConnectionError,
        validation=groq.APIResponseValidationError,
    )

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        model: str = DEFAULT_GROQ_MODEL,
        timeout: float = 20.0,
    ) -> None:
        super().__init__(model=model, json_schema_mode=model in JSON_SCHEMA_MODELS)
        self.client = groq.AsyncGroq(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout
        )

    async def _create(self, params: dict[str, Any]) -> Any:
        return await self.client.chat.completions.create(**params)

    async def _create_stream(self, params: dict[str, Any]) -> Any:
        # The SDK has no `stream_options` argument; the API accepts it.
        return await self.client.chat.completions.create(
            **params, stream=True, extra_body={"stream_options": {"include_usage": True}}
        )

    async def aclose(self) -> None:
        await self.client.close()
