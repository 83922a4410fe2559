"""`wayra-ai bench memory` measures a real idle gateway process."""

from __future__ import annotations

import json

import pytest

from wayra_ai.cli import main


def test_memory_bench_prints_idle_rss_as_the_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "memory", "--settle-seconds", "0.5"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = json.loads(last)
    assert 20 < figures["idle_rss_mb"] < 1024
    assert figures["ready_seconds"] > 0
