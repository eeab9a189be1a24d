"""Running tap-infusionsoft as a real process against the Keap sandbox, as Meltano runs it.

A uniquely named module (not conftest) so test modules can import it without clashing with
the other test folders of the monorepo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

TAP = Path(sys.executable).parent / "tap-infusionsoft"
API_KEY = "sandbox-keap-api-key"
# Fault tests retry for real; scale Keap's multi-second waits down to milliseconds.
FAST_RETRIES = {"SINGER_CONNECTORS_RETRY_WAIT_SCALE": "0.001"}


@dataclass
class TapRun:
    """What one tap process did: exit code, Singer messages, log."""

    returncode: int
    messages: list[dict[str, t.Any]]
    stderr: str

    def records(self, stream: str) -> list[dict[str, t.Any]]:
        return [
            m["record"] for m in self.messages if m["type"] == "RECORD" and m["stream"] == stream
        ]

    def states(self) -> list[dict[str, t.Any]]:
        return [m["value"] for m in self.messages if m["type"] == "STATE"]

    @property
    def final_state(self) -> dict[str, t.Any]:
        return self.states()[-1]


def sandbox_config(keap, state_dir: Path, **overrides: t.Any) -> dict[str, t.Any]:
    """A config for the sandbox's Keap account, authenticating with its API key."""
    return {
        "base_url": keap.keap_url,
        "api_key": API_KEY,
        "state_dir": str(state_dir),
        "max_calls_per_second": 500,
        **overrides,
    }


def catalog_selecting(catalog: dict[str, t.Any], *streams: str) -> dict[str, t.Any]:
    """The catalog with only the named streams selected."""
    for entry in catalog["streams"]:
        for metadata in entry["metadata"]:
            if not metadata["breadcrumb"]:
                metadata["metadata"]["selected"] = entry["tap_stream_id"] in streams
    return catalog


def run_tap(
    workdir: Path,
    config: dict[str, t.Any],
    catalog: dict[str, t.Any],
    *,
    state: dict[str, t.Any] | None = None,
    env: dict[str, str] | None = None,
) -> TapRun:
    """`tap-infusionsoft --config … --catalog … [--state …]`, files written to `workdir`."""
    paths = {"config": workdir / "config.json", "catalog": workdir / "catalog.json"}
    if state is not None:
        paths["state"] = workdir / "state.json"
    values = {"config": config, "catalog": catalog, "state": state}
    command = [str(TAP)]
    for name, path in paths.items():
        path.write_text(json.dumps(values[name]), encoding="utf-8")
        command += [f"--{name}", str(path)]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=workdir,
        env={**os.environ, **FAST_RETRIES, **(env or {})},
        check=False,
    )
    messages = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    return TapRun(completed.returncode, messages, completed.stderr)
