"""`wayra-ai bench nlu`: time `analyse_message` per message over a varied corpus.

The last line printed is one JSON object: messages, p50/p95/p99 and mean in ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date

from wayra_ai.config import get_settings
from wayra_ai.nlu.analysis import analyse_message
from wayra_ai.nlu.corpus import build_corpus
from wayra_ai.planner.inventory import load_inventory

_TODAY = date(2026, 12, 3)  # fixed, so every run analyses the same thing


def _percentile(sorted_ms: list[float], share: float) -> float:
    index = min(len(sorted_ms) - 1, round(share * (len(sorted_ms) - 1)))
    return sorted_ms[index]


def bench_nlu_command(args: argparse.Namespace) -> int:
    repeat = max(1, int(args.repeat))
    gazetteer = load_inventory(get_settings().inventory_dir).gazetteer()
    corpus = build_corpus(gazetteer)
    for text in corpus:  # warm-up: lexicon, regex and gazetteer index
        analyse_message(text, gazetteer, today=_TODAY)
    timings: list[float] = []
    for _ in range(repeat):
        for text in corpus:
            start = time.perf_counter()
            analyse_message(text, gazetteer, today=_TODAY)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(
        f"analysed {len(corpus)} messages x {repeat} passes against "
        f"{len(gazetteer.city_states)} cities"
    )
    result = {
        "messages": len(corpus),
        "p50_ms": round(_percentile(timings, 0.50), 4),
        "p95_ms": round(_percentile(timings, 0.95), 4),
        "p99_ms": round(_percentile(timings, 0.99), 4),
        "mean_ms": round(statistics.fmean(timings), 4),
    }
    print(json.dumps(result))
    return 0
