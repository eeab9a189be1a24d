"""`make bench`: benchmarks of every plugin (not tests): API calls, throughput and memory.

Runs against `vendor-sandbox serve` on loopback with the vendors' limits off and prints one
table, also written to bench/RESULTS.md; raw numbers go to bench/results/<vendor>.json with
the machine and versions.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import haihai_bench
import keap_bench
import marketo_bench
from harness import Sandbox, machine

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BENCHMARKS = {"marketo": marketo_bench, "keap": keap_bench, "haihai": haihai_bench}


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    rows: list[tuple[str, str, str]] = []
    where = machine()
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as tmp:
        for vendor, benchmark in BENCHMARKS.items():
            results = benchmark.run(sandbox, Path(tmp))
            (RESULTS / f"{vendor}.json").write_text(
                json.dumps({"machine": where, **results}, indent=2), encoding="utf-8"
            )
            rows += benchmark.rows(results)
    table = "\n".join(
        ["| measure | value | aim |", "|---|---:|---|"]
        + [f"| {name} | {value} | {aim} |" for name, value, aim in rows]
    )
    print(table)
    (HERE / "RESULTS.md").write_text(
        "# Benchmark results\n\n"
        f"`make bench` on {where['platform']}, {where['cpus']} CPUs, Python {where['python']}, "
        f"singer-sdk {where['singer_sdk']}, against `vendor-sandbox` on loopback with its "
        f"limits off.\n\n{table}\n",
        encoding="utf-8",
    )
    print(f"\nwritten to {RESULTS} and {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
