"""The server commands as real processes: embedded defaults, JSON logs, SIGTERM."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import jwt

from support import free_port
from wayra_ai.auth.dev_token import make_dev_token
from wayra_ai.auth.service_token import HMAC_AUDIENCE, HMAC_ISSUER
from wayra_ai.config import Settings
from wayra_ai.server import PROCESSOR_DEFAULT_PORT, listening_port


@contextmanager
def running(
    command: str, data_dir: Path, **env: str
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MONGODB_URI", "REDIS_URL", "PROCESSOR_URL", "PORT", "NODE_ENV"}
    }
    environment.update(WAYRA_DATA_DIR=str(data_dir), **env)
    process = subprocess.Popen(
        [sys.executable, "-m", "wayra_ai.cli", command, "--host", "127.0.0.1", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"{command} did not become ready")
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_gateway_serves_on_embedded_defaults_and_stops_on_sigterm(tmp_path: Path) -> None:
    with running("gateway", tmp_path) as (url, process):
        token = make_dev_token("cli-user", email="cli@example.com")
        me = httpx.get(f"{url}/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) in (0, -signal.SIGTERM)
        output = process.stdout.read() if process.stdout else ""
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    access = [
        line for line in lines if line.get("httpRequest", {}).get("requestUrl") == "/v1/users/me"
    ]
    assert access
    assert access[0]["httpRequest"]["status"] == 200
    assert access[0]["requestId"]
    assert token not in output
    messages = [str(line["message"]) for line in lines]
    # graceful: uvicorn drained connections and the lifespan closed the clients
    assert "Application shutdown complete." in messages
    assert (tmp_path / "mongo.sqlite3").exists()  # the embedded database lives in WAYRA_DATA_DIR


def test_processor_process_answers_only_service_tokens(tmp_path: Path) -> None:
    secret = "shared-between-gateway-and-processor-0123"
    with running("processor", tmp_path, SERVICE_TOKEN_SECRET=secret) as (url, process):
        now = int(time.time())
        claims = {"iss": HMAC_ISSUER, "aud": HMAC_AUDIENCE, "iat": now, "exp": now + 60}
        token = jwt.encode(claims, secret, algorithm="HS256")
        allowed = httpx.get(
            f"{url}/v1/tasks/capacity", headers={"Authorization": f"Bearer {token}"}
        )
        refused = httpx.get(f"{url}/v1/tasks/capacity")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) in (0, -signal.SIGTERM)
    assert allowed.json() == {"inUse": 0, "limit": 5}
    assert refused.status_code == 401


def test_port_choice() -> None:
    no_flag = argparse.Namespace(port=None)
    assert listening_port(no_flag, Settings(), PROCESSOR_DEFAULT_PORT) == 8081
    assert listening_port(no_flag, Settings(port=9000), PROCESSOR_DEFAULT_PORT) == 9000
    assert listening_port(argparse.Namespace(port=7000), Settings(port=9000), 8081) == 7000
