"""Exact USD figures from the price table."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from wayra_ai.llm.base import Usage
from wayra_ai.llm.prices import cost_usd, price_of


@pytest.mark.parametrize(
    ("model", "usage", "expected"),
    [
        # 1M uncached input at 0.15 + 1M output at 0.60
        ("gpt-4o-mini", Usage(input=1_000_000, output=1_000_000), "0.75"),
        # 800 × 0.15 + 200 × 0.075 + 50 × 0.60 = 120 + 15 + 30 micro-dollars
        ("gpt-4o-mini", Usage(input=1000, output=50, cached=200), "0.000165"),
        # reasoning tokens are inside output: 100 × 1.60 only, never 100 + 60
        ("gpt-4.1-mini", Usage(output=100, reasoning=60), "0.00016"),
        # 1234 × 0.05 + 567 × 0.08 = 61.7 + 45.36
        ("llama-3.1-8b-instant", Usage(input=1234, output=567), "0.00010706"),
        ("llama-3.3-70b-versatile", Usage(input=1, output=1), "0.00000138"),
        # a dated snapshot costs as its family
        ("gpt-4o-mini-2024-07-18", Usage(input=1000), "0.00015"),
    ],
)
def test_costs_are_exact(model: str, usage: Usage, expected: str) -> None:
    assert cost_usd(model, usage) == Decimal(expected)


def test_unknown_model_costs_zero_and_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="wayra_ai.llm.prices"):
        assert cost_usd("mystery-model-7b", Usage(input=10, output=10)) == 0
        assert cost_usd("mystery-model-7b", Usage(input=99)) == 0
    assert [r.getMessage() for r in caplog.records].count(
        "model 'mystery-model-7b' has no price: its calls are recorded at cost 0"
    ) == 1
    assert price_of("mystery-model-7b") is None
