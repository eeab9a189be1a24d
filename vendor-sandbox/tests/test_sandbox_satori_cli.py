"""`vendor-sandbox serve` prints SATORI's URL and keeps its start keys across resets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
CLI_KEYS = {
    "user_key": "cli-user",
    "user_secret": "cli-user-secret",
    "company_key": "cli-company",
    "company_secret": "cli-company-secret",
}


def test_serve_prints_satori_and_applies_its_key_options():
    flags = [f"--satori-{name.replace('_', '-')}" for name in CLI_KEYS]
    options = [
        part for flag, value in zip(flags, CLI_KEYS.values(), strict=True) for part in (flag, value)
    ]
    process = subprocess.Popen(
        [str(BIN / "vendor-sandbox"), "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline().strip()]
        while lines[-1] and not lines[-1].startswith("control "):  # up to the last line
            lines.append(process.stdout.readline().strip())
        (satori_line,) = [line for line in lines if line.startswith("satori ")]
        match = re.fullmatch(r"satori (http://127\.0\.0\.1:(\d+)/satori)", satori_line)
        assert match, satori_line
        satori_url, port = match.groups()
        assert lines[-1] == f"control http://127.0.0.1:{port}/_sandbox"
        requests.post(f"http://127.0.0.1:{port}/_sandbox/reset", timeout=10)
        search = f"{satori_url}/api/v4/public/customer/search.json"

        accepted = requests.get(search, params=CLI_KEYS, timeout=10)
        defaults = requests.get(
            search,
            params={name: f"sandbox-{name.replace('_', '-')}" for name in CLI_KEYS},
            timeout=10,
        )

        assert accepted.status_code == 200
        assert defaults.status_code == 401
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
