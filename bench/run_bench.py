"""Benchmarks of the Marketo vertical (not tests): API calls, throughput and memory.

Runs against `vendor-sandbox serve` on loopback with its limits off, and prints one table:
- API calls used by the tap and the target vs the minimum ceil(N / 300);
- tap records/s at 100k records next to a bare loop that fetches the same pages and writes
  the same JSON lines (aim: at least 50% of the bare loop);
- peak RSS of the tap at 10k vs 200k records (aim: under 30 MB growth).
Results are also written to bench/results/marketo.json with the machine and versions.
"""

from __future__ import annotations

import json
import math
import platform
import subprocess
import sys
import tempfile
import urllib.request
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results"
PAGE = 300
CLIENT = {"client_id": "sandbox-client-id", "client_secret": "sandbox-client-secret"}


class Sandbox:
    """A `vendor-sandbox serve` process with Marketo's limits off."""

    def __enter__(self) -> Sandbox:
        self.process = subprocess.Popen(
            [str(BIN / "vendor-sandbox"), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            name, _, url = line.strip().partition(" ")
            if name == "marketo":
                self.marketo_url = url
            if name == "control":
                self.control_url = url
                break
        self.control(
            "/marketo/configure", {"rate_limit_calls": 0, "max_concurrency": 0, "daily_quota": 0}
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def control(self, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.control_url + path,
            data=data,
            headers={"Content-Type": "application/json"},
            method="POST" if body is not None else "GET",
        )
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def seed(self, count: int) -> None:
        self.control("/reset", {})
        self.control(
            "/marketo/configure", {"rate_limit_calls": 0, "max_concurrency": 0, "daily_quota": 0}
        )
        self.control("/marketo/seed", {"opportunities": count})

    def calls(self) -> int:
        return int(self.control("/marketo/counters")["calls"])


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


def tap_config(sandbox: Sandbox, workdir: Path, count: int) -> Path:
    ids = workdir / f"ids-{count}.txt"
    ids.write_text("".join(f"OPP-{i:08d}\n" for i in range(count)), encoding="utf-8")
    config = workdir / f"tap-{count}.json"
    config.write_text(
        json.dumps(
            {
                "base_url": sandbox.marketo_url,
                **CLIENT,
                "filter_values_file": str(ids),
                "state_dir": str(workdir / "state"),
                "max_calls_per_20s": 0,
                "max_concurrent_calls": 10,
                "daily_call_budget": 10_000_000,
            }
        ),
        encoding="utf-8",
    )
    return config


def catalog_for_opportunities(config: Path, workdir: Path) -> Path:
    """Discover once, select only `opportunities` (so the numbers are about one stream)."""
    out = subprocess.run(
        [str(BIN / "tap-marketo-opportunities"), "--config", str(config), "--discover"],
        capture_output=True,
        text=True,
        check=True,
    )
    catalog = json.loads(out.stdout)
    for stream in catalog["streams"]:
        for entry in stream["metadata"]:
            if entry["breadcrumb"] == []:
                entry["metadata"]["selected"] = stream["tap_stream_id"] == "opportunities"
    path = workdir / "catalog.json"
    path.write_text(json.dumps(catalog), encoding="utf-8")
    return path


def run_tap(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    sandbox.seed(count)
    config = tap_config(sandbox, workdir, count)
    catalog = catalog_for_opportunities(config, workdir)
    before = sandbox.calls()
    result = measured(
        [
            str(BIN / "tap-marketo-opportunities"),
            "--config",
            str(config),
            "--catalog",
            str(catalog),
        ],
        stdout=workdir / "tap-out.singer",
    )
    result["calls"] = sandbox.calls() - before
    result["minimum_calls"] = math.ceil(count / PAGE)
    result["records_per_second"] = count / result["seconds"]
    return result


def run_bare_loop(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    """The same pages fetched with requests in a plain loop, the same JSON lines written."""
    script = workdir / "bare_loop.py"
    script.write_text(
        "import json, sys, requests\n"
        "base, count = sys.argv[1], int(sys.argv[2])\n"
        "s = requests.Session()\n"
        "token = s.get(base + '/identity/oauth/token', params={'grant_type': "
        "'client_credentials', 'client_id': 'sandbox-client-id', 'client_secret': "
        "'sandbox-client-secret'}).json()['access_token']\n"
        "s.headers['Authorization'] = 'Bearer ' + token\n"
        "out = sys.stdout\n"
        "for start in range(0, count, 300):\n"
        "    ids = ','.join(f'OPP-{i:08d}' for i in range(start, min(start + 300, count)))\n"
        "    body = s.get(base + '/rest/v1/opportunities.json', params={'filterType': "
        "'externalOpportunityId', 'filterValues': ids, 'batchSize': 300}).json()\n"
        "    for r in body['result']:\n"
        "        out.write(json.dumps({'type': 'RECORD', 'stream': 'opportunities', "
        "'record': r}) + '\\n')\n",
        encoding="utf-8",
    )
    sandbox.seed(count)
    result = measured(
        [sys.executable, str(script), sandbox.marketo_url, str(count)],
        stdout=workdir / "bare-out.jsonl",
    )
    result["records_per_second"] = count / result["seconds"]
    return result


def run_target(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    sandbox.seed(0)
    lines = [
        json.dumps(
            {
                "type": "SCHEMA",
                "stream": "opportunities",
                "key_properties": ["externalOpportunityId"],
                "schema": {
                    "type": "object",
                    "properties": {
                        "externalOpportunityId": {"type": "string"},
                        "name": {"type": "string"},
                        "amount": {"type": "number"},
                    },
                },
            }
        )
    ]
    lines += [
        json.dumps(
            {
                "type": "RECORD",
                "stream": "opportunities",
                "record": {"externalOpportunityId": f"B-{i:08d}", "name": f"Deal {i}", "amount": i},
            }
        )
        for i in range(count)
    ]
    source = workdir / "target-in.singer"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = workdir / "target.json"
    config.write_text(
        json.dumps(
            {
                "base_url": sandbox.marketo_url,
                **CLIENT,
                "state_dir": str(workdir / "state"),
                "max_calls_per_20s": 0,
                "max_concurrent_calls": 10,
                "daily_call_budget": 10_000_000,
                "reject_file": str(workdir / "rejects.jsonl"),
            }
        ),
        encoding="utf-8",
    )
    before = sandbox.calls()
    result = measured(
        [str(BIN / "target-marketo-opportunities"), "--config", str(config)], stdin=source
    )
    result["calls"] = sandbox.calls() - before - 1  # minus the describe
    result["minimum_calls"] = math.ceil(count / PAGE)
    result["records_per_second"] = count / result["seconds"]
    return result


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        tap_100k = run_tap(sandbox, workdir, 100_000)
        bare_100k = run_bare_loop(sandbox, workdir, 100_000)
        tap_10k = run_tap(sandbox, workdir, 10_000)
        tap_200k = run_tap(sandbox, workdir, 200_000)
        target_30k = run_target(sandbox, workdir, 30_000)
    results = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": __import__("os").cpu_count(),
            "singer_sdk": version("singer-sdk"),
        },
        "tap_100k": tap_100k,
        "bare_loop_100k": bare_100k,
        "tap_10k": tap_10k,
        "tap_200k": tap_200k,
        "target_30k": target_30k,
        "tap_vs_bare": tap_100k["records_per_second"] / bare_100k["records_per_second"],
        "rss_growth_10k_to_200k_mb": tap_200k["peak_rss_mb"] - tap_10k["peak_rss_mb"],
    }
    (RESULTS / "marketo.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    table = markdown_table(results)
    print(table)
    (HERE / "RESULTS.md").write_text(
        "# Benchmark results\n\n"
        f"`make bench` on {results['machine']['platform']}, {results['machine']['cpus']} CPUs, "
        f"Python {results['machine']['python']}, singer-sdk {results['machine']['singer_sdk']}, "
        "against `vendor-sandbox` on loopback with its limits off.\n\n"
        f"{table}\n",
        encoding="utf-8",
    )
    print(f"\nwritten to {RESULTS / 'marketo.json'} and {HERE / 'RESULTS.md'}")


def markdown_table(results: dict) -> str:
    """One row per measure: what was measured, the value, and the aim."""
    tap, bare, target = results["tap_100k"], results["bare_loop_100k"], results["target_30k"]
    rows = [
        (
            "tap-marketo-opportunities: calls for 100k records",
            f"{tap['calls']}",
            f"= ceil(N/300) + 2 describes = {tap['minimum_calls'] + 2}",
        ),
        (
            "target-marketo-opportunities: sync calls for 30k records",
            f"{target['calls']}",
            f"= ceil(N/300) = {target['minimum_calls']}",
        ),
        ("tap records/s at 100k", f"{tap['records_per_second']:,.0f}", ""),
        ("bare fetch-and-print loop records/s at 100k", f"{bare['records_per_second']:,.0f}", ""),
        ("tap / bare loop", f"{results['tap_vs_bare']:.0%}", ">= 50%"),
        (
            "tap peak RSS at 10k / 200k records (MB)",
            f"{results['tap_10k']['peak_rss_mb']:.0f} / {results['tap_200k']['peak_rss_mb']:.0f}",
            "",
        ),
        ("RSS growth 10k -> 200k (MB)", f"{results['rss_growth_10k_to_200k_mb']:.1f}", "< 30"),
        ("target records/s at 30k", f"{target['records_per_second']:,.0f}", ""),
    ]
    lines = ["| measure | value | aim |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {aim} |" for name, value, aim in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
