"""What every benchmark shares: the sandbox, measured runs, bare loops, sizes and table rows."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import typing as t
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import msgspec

from singer_commons.clock import NOW_ENV
from singer_commons.env_hooks import TEST_HOOKS_ENV
from vendor_sandbox import SandboxClient

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
BARE_LOOPS = HERE / "bare_loops.py"
PLUGINS = (
    "singer-commons",
    "marketo-client",
    "tap-marketo-opportunities",
    "target-marketo-opportunities",
    "keap-client",
    "tap-infusionsoft",
    "target-infusionsoft",
    "tap-haihai-mail",
    "target-haihai-mail",
    "target-satori-bridge",
    "vendor-sandbox",
)
# Run sizes shared by every plugin: memory at SMALL vs LARGE, speed at SPEED. The
# environment can shrink them for a quick try of the bench itself (never for RESULTS.md).
SMALL = int(os.environ.get("BENCH_SMALL", "10000"))
SPEED = int(os.environ.get("BENCH_SPEED", "100000"))
LARGE = int(os.environ.get("BENCH_LARGE", "1000000"))
# How a plugin is run: `measured` (time, peak RSS) or `profiling.profiled` (cProfile).
Runner = t.Callable[..., dict[str, t.Any]]


class Sandbox(SandboxClient):
    """A `vendor-sandbox serve` process, driven through the control clients it inherits."""

    def __init__(self) -> None:
        """Start the sandbox on a free port and read its control URL from what it prints.

        Raises:
            SystemExit: the sandbox ended before printing its control URL.
        """
        self.process = subprocess.Popen(
            [str(BIN / "vendor-sandbox"), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            name, _, url = line.strip().partition(" ")
            if name == "control":
                super().__init__(url.removesuffix("/_sandbox"))
                return
        raise SystemExit("vendor-sandbox did not start")

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the sandbox."""
        self.process.terminate()
        self.process.wait(timeout=10)


@contextmanager
def plugin_clock(now: str) -> Iterator[None]:
    """Run the plugins (child processes inherit the environment) with their clock at `now`.

    The clock is a test hook: the plugins honour it only with the test switch on.
    """
    previous = {name: os.environ.get(name) for name in (NOW_ENV, TEST_HOOKS_ENV)}
    os.environ.update({NOW_ENV: now, TEST_HOOKS_ENV: "1"})
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def measured(command: list[str], stdin: Path | None = None, stdout: Path | None = None) -> dict:
    """Run a command in a wrapper that reports its wall time and peak RSS (ru_maxrss).

    Raises:
        SystemExit: the command failed (its stderr is shown).
    """
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "with open(sys.argv[1], 'rb') as i, open(sys.argv[2], 'wb') as o:\n"
        "    run = subprocess.run(sys.argv[3:], stdin=i, stdout=o, stderr=subprocess.PIPE)\n"
        "print(json.dumps({'seconds': time.perf_counter() - start, 'code': run.returncode,"
        " 'peak_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,"
        " 'stderr_tail': run.stderr.decode(errors='replace')[-2000:]}))\n"
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
    tail = result.pop("stderr_tail")
    if result["code"] != 0:
        raise SystemExit(f"{Path(command[0]).name} failed with exit code {result['code']}:\n{tail}")
    return result


def bare_loop(name: str, *args: str, stdout: Path, stdin: Path | None = None) -> dict:
    """Run one yardstick of `bare_loops.py` as its own process, measured like a plugin.

    Its output goes to a real file, as a plugin's does (writing to /dev/null is free).
    """
    return measured([sys.executable, str(BARE_LOOPS), name, *args], stdin=stdin, stdout=stdout)


def with_rate(result: dict, records: int) -> dict:
    """`result` with `records` and `records_per_second` added."""
    return {**result, "records": records, "records_per_second": records / result["seconds"]}


class _Line(msgspec.Struct):
    type: str = ""


def records_emitted(singer_file: Path) -> int:
    """RECORD lines in a tap's output: what it emitted, not what was seeded."""
    decode = msgspec.json.Decoder(_Line).decode
    with singer_file.open("rb") as lines:
        return sum(decode(line).type == "RECORD" for line in lines if line.strip())


def emitted_rate(result: dict, output: Path) -> dict:
    """`result` with the records counted in `output` and their rate."""
    return with_rate(result, records_emitted(output))


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


def write_json(path: Path, value: t.Any) -> Path:
    """Write a settings (or state) file and return its path."""
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def write_singer(path: Path, schema: dict, records: t.Iterable[dict], state: dict | None) -> Path:
    """A Singer file: SCHEMA, one RECORD per record (streamed, never held), optional STATE."""
    stream = schema["stream"]
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(schema) + "\n")
        for record in records:
            message = {"type": "RECORD", "stream": stream, "record": record}
            out.write(json.dumps(message, ensure_ascii=False) + "\n")
        if state is not None:
            out.write(json.dumps({"type": "STATE", "value": state}) + "\n")
    return path


def machine() -> dict:
    """The machine, versions and commit the numbers were measured on."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], check=True, capture_output=True, text=True, cwd=HERE
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        check=True,
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "singer_sdk": version("singer-sdk"),
        "plugins": {name: version(f"hashiwatashi-{name}") for name in PLUGINS},
        "commit": head.stdout.strip(),
        "uncommitted_changes": bool(dirty.stdout.strip()),
    }


def size(count: int) -> str:
    """A record count as the table writes it: 10k, 1M, 350."""
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    if count >= 1_000 and count % 1_000 == 0:
        return f"{count // 1_000}k"
    return f"{count:,}"


def memory_runs(run: Callable[[int], dict], large: int = LARGE) -> dict[str, dict]:
    """Runs at SMALL and at `large` records (peak RSS, and the calls at the large size)."""
    return {"small": run(SMALL), "large": run(large)}


def load() -> dict[str, float]:
    """The 1-, 5- and 15-minute load averages now."""
    one, five, fifteen = os.getloadavg()
    return {"1m": one, "5m": five, "15m": fifteen}
