"""`wayra-ai bench nlu` prints its figures as one JSON object on the last line."""

from __future__ import annotations

import json

import pytest

from wayra_ai.cli import main
from wayra_ai.nlu.corpus import build_corpus
from wayra_ai.planner.request import Gazetteer


def test_corpus_is_large_varied_and_reproducible(small_gazetteer: Gazetteer) -> None:
    corpus = build_corpus(small_gazetteer)
    assert len(corpus) >= 500
    assert len(set(corpus)) >= 400
    assert corpus == build_corpus(small_gazetteer)


def test_bench_nlu_prints_json_last(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "nlu", "--repeat", "1"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = json.loads(last)
    assert figures["messages"] >= 500
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    assert figures["mean_ms"] > 0
