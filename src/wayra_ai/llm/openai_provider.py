"""OpenAI's chat completions through the official `openai` SDK."""

from __future__ import annotations

from typing import Any

import openai

from wayra_ai.llm.compat import OpenAICompatibleProvider, SdkErrors
from wayra_ai.llm.models import DEFAULT_OPENAI_MODEL


class OpenAIProvider(OpenAICompatibleProvider):
    name = "openai"
    errors = SdkErrors(
        api=openai.APIError,
        status=openai.APIStatusError,
        timeout=openai.APITimeoutError,
        connection=openai.APIConnectionError,
        validation=openai.APIResponseValidationError,
    )

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        model: str = DEFAULT_OPENAI_MODEL,
        timeout: float = 20.0,
    ) -> None:
        super().__init__(model=model, json_schema_mode=True)
        self.client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout
        )

    async def _create(self, params: dict[str, Any]) -> Any:
        return await self.client.chat.completions.create(**params)

    async def _create_stream(self, params: dict[str, Any]) -> Any:
        return await self.client.chat.completions.create(
            **params, stream=True, stream_options={"include_usage": True}
        )

    async def aclose(self) -> None:
        await self.client.close()
