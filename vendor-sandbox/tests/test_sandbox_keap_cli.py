"""`vendor-sandbox serve` prints Keap's URL and seeds `--seed-keap-contacts` after resets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests
from sandbox_keap_helpers import API_KEY

BIN = Path(sys.executable).parent


def test_serve_prints_keap_and_seeds_its_contacts():
    process = subprocess.Popen(
        [str(BIN / "vendor-sandbox"), "serve", "--port", "0", "--seed-keap-contacts", "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline().strip() for _ in range(3)]
        (keap_line,) = [line for line in lines if line.startswith("keap ")]
        match = re.fullmatch(r"keap (http://127\.0\.0\.1:(\d+)/keap)", keap_line)
        assert match, keap_line
        keap_url, port = match.groups()
        requests.post(f"http://127.0.0.1:{port}/_sandbox/reset", timeout=10)

        body = requests.get(
            f"{keap_url}/crm/rest/v1/contacts", headers={"X-Keap-API-Key": API_KEY}, timeout=10
        ).json()

        assert body["count"] == 3
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
