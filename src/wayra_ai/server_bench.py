"""`wayra-ai bench memory`: resident memory of an idle gateway process.

Starts `wayra-ai gateway` on embedded defaults (temporary data directory, free port),
waits for /ready, lets it idle, then sums the RSS of the process and its children.
The last printed line is JSON: {"idle_rss_mb": ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import psutil  # type: ignore[import-untyped]

READY_TIMEOUT_SECONDS = 90.0
_UNSET_FOR_EMBEDDED = ("MONGODB_URI", "REDIS_URL", "PROCESSOR_URL", "PORT", "NODE_ENV")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> float:
    started = time.monotonic()
    while time.monotonic() - started < READY_TIMEOUT_SECONDS:
        if process.poll() is not None:
            raise RuntimeError(f"the gateway exited with status {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the gateway was not ready within {READY_TIMEOUT_SECONDS:.0f} s")


def _rss_mb(pid: int) -> float:
    process = psutil.Process(pid)
    total: int = process.memory_info().rss
    total += sum(child.memory_info().rss for child in process.children(recursive=True))
    return total / (1024 * 1024)


def bench_memory_command(args: argparse.Namespace) -> int:
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="wayra-bench-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k not in _UNSET_FOR_EMBEDDED}
        env["WAYRA_DATA_DIR"] = data_dir
        command = [sys.executable, "-m", "wayra_ai.cli", "gateway"]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            ready_after = _wait_until_ready(f"http://127.0.0.1:{port}/ready", process)
            print(f"gateway pid {process.pid} ready after {ready_after:.1f} s", flush=True)
            time.sleep(args.settle_seconds)
            rss = _rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(json.dumps({"idle_rss_mb": round(rss, 1), "ready_seconds": round(ready_after, 2)}))
    return 0
