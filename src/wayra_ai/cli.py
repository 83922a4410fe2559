"""The `wayra-ai` command. Each subcommand's work lives in its room; this file only parses."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# subcommand -> "module:function"; imported only when that subcommand runs.
_HANDLERS = {
    "serve": "wayra_ai.server:serve_all",
    "gateway": "wayra_ai.server:serve_gateway",
    "processor": "wayra_ai.server:serve_processor",
    "dev-token": "wayra_ai.auth.dev_token:dev_token_command",
    "plan": "wayra_ai.planner.cli:plan_command",
    "bench travelplanner": "wayra_ai.planner.bench:bench_travelplanner_command",
    "bench nlu": "wayra_ai.nlu.bench:bench_nlu_command",
    "bench llm-overhead": "wayra_ai.llm.bench:bench_llm_overhead_command",
    "bench turn": "wayra_ai.assistant.bench:bench_turn_command",
    "bench memory": "wayra_ai.server_bench:bench_memory_command",
}


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wayra-ai", description="Wayra AI services and tools")
    commands = parser.add_subparsers(dest="command", required=True)

    for name, help_text in (
        ("serve", "gateway on PORT with the processor in-process (embedded defaults)"),
        ("gateway", "the public AI gateway (default port 8080)"),
        ("processor", "the private AI processor (default port 8081)"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--host", default="0.0.0.0")  # noqa: S104 - Cloud Run needs all interfaces
        sub.add_argument("--port", type=int, default=None, help="overrides PORT")

    token = commands.add_parser("dev-token", help="print a local Auth-emulator ID token")
    token.add_argument("uid")
    token.add_argument("--email", default=None)
    token.add_argument("--name", default=None)
    token.add_argument("--hours", type=float, default=12.0, help="lifetime of the token")

    plan = commands.add_parser("plan", help="plan a trip from a request in plain English")
    plan.add_argument("request")
    plan.add_argument("--data", type=Path, default=None, help="TravelPlanner-format directory")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")

    bench = commands.add_parser("bench", help="benchmarks").add_subparsers(
        dest="bench", required=True
    )
    tp = bench.add_parser("travelplanner", help="plan every query of a TravelPlanner file")
    tp.add_argument("--queries", type=Path, required=True)
    tp.add_argument("--data", type=Path, required=True)
    tp.add_argument("--out", type=Path, default=None)
    tp.add_argument("--limit", type=int, default=None, help="only the first N queries")

    nlu = bench.add_parser("nlu", help="message analysis time over a varied corpus")
    nlu.add_argument("--repeat", type=int, default=5)

    llm = bench.add_parser("llm-overhead", help="gateway model path vs a direct SDK call")
    llm.add_argument("--requests", type=int, default=2000)
    llm.add_argument("--concurrency", type=int, nargs="+", default=[1, 64])

    turn = bench.add_parser("turn", help="chat-turn latency: cached vs uncached, long vs short")
    turn.add_argument("--upstream-delay-ms", type=float, default=300.0)
    turn.add_argument("--turns", type=int, default=20)

    memory = bench.add_parser("memory", help="RSS of an idle gateway process")
    memory.add_argument("--settle-seconds", type=float, default=5.0)
    return parser


def _handler_for(args: argparse.Namespace) -> Callable[[argparse.Namespace], int | None]:
    key = f"bench {args.bench}" if args.command == "bench" else args.command
    module_name, function_name = _HANDLERS[key].split(":")
    handler: Callable[[argparse.Namespace], int | None] = getattr(
        importlib.import_module(module_name), function_name
    )
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    return _handler_for(args)(args) or 0


if __name__ == "__main__":
    sys.exit(main())
