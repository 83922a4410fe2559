"""`wayra-ai bench turn` prints its figures as one JSON object on the last line."""

from __future__ import annotations

import json

import pytest

from wayra_ai.cli import main


def test_bench_turn_reports_cache_and_length_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "turn", "--turns", "2", "--upstream-delay-ms", "100"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    # An uncached turn waits for two model calls of 100 ms; a cached one for none.
    assert figures["uncached_p50_ms"] >= 200
    assert figures["cached_p50_ms"] < figures["uncached_p50_ms"]
    ratio = figures["cached_p50_ms"] / figures["uncached_p50_ms"]
    assert figures["cached_over_uncached"] == pytest.approx(ratio, rel=1e-2)
    assert figures["messages_10_p50_ms"] > 0
    assert figures["messages_1000_p50_ms"] > 0
    assert 0 < figures["bare_write_10_p50_ms"] < figures["messages_10_p50_ms"]


def test_bench_turn_refuses_nonsense_arguments() -> None:
    assert main(["bench", "turn", "--turns", "0"]) == 2
