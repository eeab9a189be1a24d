"""`vendor-sandbox serve` prints 配配メール's URL and keeps its start settings across resets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

BIN = Path(sys.executable).parent


def test_serve_prints_haihai_and_applies_its_options():
    process = subprocess.Popen(
        [
            str(BIN / "vendor-sandbox"),
            "serve",
            "--port",
            "0",
            "--haihai-api-token",
            "cli-token",
            "--haihai-plan",
            "standard",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline().strip()]
        while lines[-1] and not lines[-1].startswith("control "):  # up to the last line
            lines.append(process.stdout.readline().strip())
        (haihai_line,) = [line for line in lines if line.startswith("haihai ")]
        match = re.fullmatch(r"haihai (http://127\.0\.0\.1:(\d+)/haihai)", haihai_line)
        assert match, haihai_line
        haihai_url, port = match.groups()
        assert lines[-1] == f"control http://127.0.0.1:{port}/_sandbox"
        requests.post(f"http://127.0.0.1:{port}/_sandbox/reset", timeout=10)

        def call(action: str) -> int:
            return requests.post(
                f"{haihai_url}/", params={"ac": action}, data={"api_token": "cli-token"}, timeout=10
            ).status_code

        assert call("GetGroupStepList") == 200
        assert call("GetFormList") == 403  # standard plan: no Bridge APIs
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
