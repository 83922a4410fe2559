"""`wayra-ai bench llm-overhead` runs end to end on a tiny load."""

from __future__ import annotations

import json

import pytest

from wayra_ai.cli import main


def test_bench_reports_each_concurrency_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "llm-overhead", "--requests", "20", "--concurrency", "1", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("concurrency 1: 20 calls per path")
    summary = json.loads(lines[-1])
    assert set(summary) == {"c1", "c3"}
    for figures in summary.values():
        assert set(figures) == {"direct_p50_ms", "router_p50_ms", "added_p50_ms", "added_p99_ms"}
        assert figures["direct_p50_ms"] > 0
        assert figures["router_p50_ms"] > 0
        assert figures["added_p50_ms"] == pytest.approx(
            figures["router_p50_ms"] - figures["direct_p50_ms"], abs=0.002
        )


def test_bench_refuses_a_zero_load(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "llm-overhead", "--requests", "0"]) == 2
    assert "must be positive" in capsys.readouterr().out
