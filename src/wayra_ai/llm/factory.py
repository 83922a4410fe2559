"""The router a service runs with, from its Settings."""

from __future__ import annotations

from pydantic import SecretStr

from wayra_ai.config import Settings
from wayra_ai.llm.base import LLMProvider
from wayra_ai.llm.models import DEFAULT_GROQ_MODEL, DEFAULT_OPENAI_MODEL
from wayra_ai.llm.router import ModelRouter, RetryPolicy


def router_from_settings(
    settings: Settings,
    *,
    openai_model: str = DEFAULT_OPENAI_MODEL,
    groq_model: str = DEFAULT_GROQ_MODEL,
    policy: RetryPolicy | None = None,
) -> ModelRouter:
    """OpenAI if its key is set, then Groq if its key is set, then the offline responder.

    An SDK is imported only when its key is set: the `openai` package alone costs a
    keyless process about 0.4 s and 30 MB.
    """
    providers: list[LLMProvider] = []
    if openai_key := _key(settings.openai_api_key):
        from wayra_ai.llm.openai_provider import OpenAIProvider

        base_url = settings.openai_base_url
        providers.append(OpenAIProvider(api_key=openai_key, base_url=base_url, model=openai_model))
    if groq_key := _key(settings.groq_api_key):
        from wayra_ai.llm.groq_provider import GroqProvider

        providers.append(
            GroqProvider(api_key=groq_key, base_url=settings.groq_base_url, model=groq_model)
        )
    return ModelRouter(providers, policy=policy)


def _key(secret: SecretStr | None) -> str | None:
    """An empty variable counts as unset."""
    value = secret.get_secret_value().strip() if secret is not None else ""
    return value or None
