"""`vendor-sandbox serve` as a real process, and the pytest plugin loaded both ways."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import requests

BIN = Path(sys.executable).parent


def start(*args: str) -> tuple[subprocess.Popen[str], str, str]:
    process = subprocess.Popen(
        [str(BIN / "vendor-sandbox"), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    marketo_line = process.stdout.readline().strip()
    keap_line = process.stdout.readline().strip()
    assert keap_line.startswith("keap http://"), keap_line
    haihai_line = process.stdout.readline().strip()
    assert haihai_line.startswith("haihai http://"), haihai_line
    control_line = process.stdout.readline().strip()
    while control_line and not control_line.startswith("control "):  # the smtp line, ...
        control_line = process.stdout.readline().strip()
    return process, marketo_line, control_line


def cli_token(marketo_url: str) -> str:
    """A token for the credentials the CLI was started with."""
    return requests.get(
        f"{marketo_url}/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": "cli-id",
            "client_secret": "cli-secret",
        },
        timeout=10,
    ).json()["access_token"]


def first_four_opportunities(marketo_url: str, token: str) -> dict:
    """Query OPP-00000000..3 (the CLI seeded three of them)."""
    return requests.get(
        f"{marketo_url}/rest/v1/opportunities.json",
        params={
            "filterType": "externalOpportunityId",
            "filterValues": "OPP-00000000,OPP-00000001,OPP-00000002,OPP-00000003",
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_the_urls_answers_and_stops_cleanly(stop_signal):
    process, marketo_line, control_line = start(
        "--seed-opportunities",
        "3",
        "--marketo-client-id",
        "cli-id",
        "--marketo-client-secret",
        "cli-secret",
    )
    try:
        match = re.fullmatch(r"marketo (http://127\.0\.0\.1:(\d+)/marketo)", marketo_line)
        assert match, marketo_line
        marketo_url, port = match.groups()
        assert control_line == f"control http://127.0.0.1:{port}/_sandbox"

        token = cli_token(marketo_url)
        requests.post(f"http://127.0.0.1:{port}/_sandbox/reset", timeout=10)
        body = first_four_opportunities(marketo_url, token)
        # the reset dropped the token (601), so get a new one and see the seed survive
        assert body["errors"][0]["code"] == "601"
        token = cli_token(marketo_url)
        body = first_four_opportunities(marketo_url, token)
        assert [r["name"] for r in body["result"]] == [f"Opportunity {i}" for i in range(3)]
    finally:
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0


def test_serve_binds_the_port_asked_for():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0));"
            " print(s.getsockname()[1])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    port = probe.stdout.strip()
    process, marketo_line, _ = start("--host", "127.0.0.1", "--port", port)
    try:
        assert marketo_line == f"marketo http://127.0.0.1:{port}/marketo"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


@pytest.mark.parametrize("extra", [[], ["-p", "vendor_sandbox.pytest_plugin"]])
def test_plugin_loads_once_by_entry_point_and_by_p_option(tmp_path, extra):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_uses_fixtures.py").write_text(
        textwrap.dedent(
            """
            def test_fixtures(sandbox, marketo):
                assert marketo is sandbox.marketo
                assert marketo.url == sandbox.base_url + "/marketo"
                assert marketo.counters()["calls"] == 0
            """
        ),
        encoding="utf-8",
    )

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
