"""What a call cost, in USD, from the tokens the provider reported.

Prices are USD per 1M tokens: (input, cached input, output). Sources: the public
price pages https://openai.com/api/pricing and https://groq.com/pricing, as last
known on 2025-06-01 (this tree has no internet: re-check them before relying on
the figures for billing). Groq does not discount cached input for the Llama
models, so their cached price equals the input price.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from wayra_ai.llm.base import Usage

log = logging.getLogger(__name__)

_PER_TOKEN = Decimal(1_000_000)
_DATED_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


class Price(NamedTuple):
    input: Decimal
    cached_input: Decimal
    output: Decimal


PRICES_PER_MILLION: dict[str, Price] = {
    "gpt-4o-mini": Price(Decimal("0.15"), Decimal("0.075"), Decimal("0.60")),
    "gpt-4.1-mini": Price(Decimal("0.40"), Decimal("0.10"), Decimal("1.60")),
    "gpt-4.1-nano": Price(Decimal("0.10"), Decimal("0.025"), Decimal("0.40")),
    "llama-3.3-70b-versatile": Price(Decimal("0.59"), Decimal("0.59"), Decimal("0.79")),
    "llama-3.1-8b-instant": Price(Decimal("0.05"), Decimal("0.05"), Decimal("0.08")),
}


def price_of(model: str) -> Price | None:
    """The price of `model`; a dated snapshot ("gpt-4o-mini-2024-07-18") costs as its family."""
    return PRICES_PER_MILLION.get(model) or PRICES_PER_MILLION.get(_DATED_SNAPSHOT.sub("", model))


def cost_usd(model: str, usage: Usage) -> Decimal:
    """Exact cost. Reasoning tokens are already inside `output`, so they are not added again."""
    price = price_of(model)
    if price is None:
        _warn_unpriced(model)
        return Decimal(0)
    uncached = max(usage.input - usage.cached, 0)
    micro = uncached * price.input + usage.cached * price.cached_input + usage.output * price.output
    return micro / _PER_TOKEN


@cache
def _warn_unpriced(model: str) -> None:
    """Once per model and process: the cost of its calls is recorded as 0."""
    log.warning("model %r has no price: its calls are recorded at cost 0", model)
