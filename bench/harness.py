"""What every benchmark shares: a sandbox process, a measured subprocess, the machine."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import urllib.request
from importlib.metadata import version
from pathlib import Path

BIN = Path(sys.executable).parent


class Sandbox:
    """A `vendor-sandbox serve` process; `urls` maps each vendor to its base URL."""

    def __enter__(self) -> Sandbox:
        self.process = subprocess.Popen(
            [str(BIN / "vendor-sandbox"), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.urls: dict[str, str] = {}
        for line in self.process.stdout:
            name, _, url = line.strip().partition(" ")
            self.urls[name] = url
            if name == "control":
                break
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def control(self, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.urls["control"] + path,
            data=data,
            headers={"Content-Type": "application/json"},
            method="POST" if body is not None else "GET",
        )
        with urllib.request.urlopen(request) as response:
            return json.load(response)


def measured(command: list[str], stdin: Path | None = None, stdout: Path | None = None) -> dict:
    """Run a command in a wrapper that reports its wall time and peak RSS (ru_maxrss)."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "with open(sys.argv[1], 'rb') as i, open(sys.argv[2], 'wb') as o:\n"
        "    code = subprocess.run(sys.argv[3:], stdin=i, stdout=o, stderr=subprocess.DEVNULL)"
        ".returncode\n"
        "print(json.dumps({'seconds': time.perf_counter() - start, 'code': code,"
        " 'peak_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            wrapper,
            str(stdin or "/dev/null"),
            str(stdout or "/dev/null"),
            *command,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"{command[0]} failed with exit code {result['code']}")
    return result


def catalog_selecting(executable: str, config: Path, workdir: Path, streams: set[str]) -> Path:
    """Discover once and select only `streams`, so the numbers are about those streams."""
    out = subprocess.run(
        [str(BIN / executable), "--config", str(config), "--discover"],
        capture_output=True,
        text=True,
        check=True,
    )
    catalog = json.loads(out.stdout)
    for stream in catalog["streams"]:
        for entry in stream["metadata"]:
            if entry["breadcrumb"] == []:
                entry["metadata"]["selected"] = stream["tap_stream_id"] in streams
    path = workdir / f"{executable}-catalog.json"
    path.write_text(json.dumps(catalog), encoding="utf-8")
    return path


def machine() -> dict:
    """The machine and versions the numbers were measured on."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "singer_sdk": version("singer-sdk"),
    }


def bare_loop_script(workdir: Path, body: str) -> Path:
    """A plain `requests` loop (the yardstick), written to a file to run as a process."""
    script = workdir / "bare_loop.py"
    script.write_text(
        "import json, sys, requests\nbase, count = sys.argv[1], int(sys.argv[2])\n"
        "s = requests.Session()\nout = sys.stdout\n" + body,
        encoding="utf-8",
    )
    return script
