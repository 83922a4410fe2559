"""The router a service builds from its Settings."""

from __future__ import annotations

import subprocess
import sys

from pydantic import SecretStr

from fake_upstream import GROQ_KEY, OPENAI_KEY
from wayra_ai.config import Settings
from wayra_ai.llm.factory import router_from_settings
from wayra_ai.llm.models import DEFAULT_GROQ_MODEL, DEFAULT_OPENAI_MODEL
from wayra_ai.llm.offline import OfflineProvider
from wayra_ai.llm.openai_provider import OpenAIProvider
from wayra_ai.llm.prices import price_of


async def test_router_from_settings_orders_openai_groq_offline() -> None:
    keyless = router_from_settings(Settings(openai_api_key=None, groq_api_key=SecretStr(" ")))
    assert [type(p) for p in keyless.providers] == [OfflineProvider]

    both = router_from_settings(
        Settings(
            openai_api_key=SecretStr(OPENAI_KEY),
            openai_base_url="http://127.0.0.1:9/v1",
            groq_api_key=SecretStr(GROQ_KEY),
        )
    )
    try:
        assert [p.name for p in both.providers] == ["openai", "groq", "offline"]
        openai_provider = both.providers[0]
        assert isinstance(openai_provider, OpenAIProvider)
        assert str(openai_provider.client.base_url) == "http://127.0.0.1:9/v1/"
        assert openai_provider.client.max_retries == 0
    finally:
        await both.aclose()


def test_keyless_router_does_not_import_the_sdks() -> None:
    code = (
        "import sys\n"
        "from wayra_ai.config import Settings\n"
        "from wayra_ai.llm.factory import router_from_settings\n"
        "router = router_from_settings(Settings(openai_api_key=None, groq_api_key=None))\n"
        "print([p.name for p in router.providers], 'openai' in sys.modules, 'groq' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "['offline'] False False"


def test_default_models_are_priced() -> None:
    assert price_of(DEFAULT_OPENAI_MODEL) is not None
    assert price_of(DEFAULT_GROQ_MODEL) is not None
