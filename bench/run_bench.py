"""`make bench`: benchmarks of every plugin (not tests): API calls, speed, rate limits, memory.

Runs against one `vendor-sandbox serve` on loopback (the vendors' limits off, except for the
rate-limit measures), then each plugin's hot spots under cProfile, and writes the raw results
with every row (value and aim) to bench/results.json, with the machine, the commit, the sizes
and the load; `python bench/report.py` renders bench/RESULTS.md from that file alone.
`python bench/run_bench.py NAME...` runs only those benchmarks, prints their rows and keeps
their results in bench/results/<name>.json (not committed). Either way the exit code is 1
when any row missed its aim.
"""

from __future__ import annotations

import compileall
import json
import sys
import tempfile
import time
import typing as t
from pathlib import Path

import haihai_bench
import haihai_polls_bench
import haihai_target_bench
import keap_bench
import keap_target_bench
import marketo_bench
import marketo_limits_bench
import satori_bench
import satori_polls_bench
from checks import Row, misses
from harness import HERE, LARGE, SMALL, SPEED, Sandbox, load, machine
from profiling import SITE_PACKAGES, profiled
from report import RESULTS_JSON, table
from rounds import ROUNDS

RESULTS = HERE / "results"
BENCHMARKS: dict[str, t.Any] = {
    "marketo": marketo_bench,
    "marketo_limits": marketo_limits_bench,
    "keap": keap_bench,
    "keap_target": keap_target_bench,
    "haihai": haihai_bench,
    "haihai_target": haihai_target_bench,
    "haihai_polls": haihai_polls_bench,
    "satori_polls": satori_polls_bench,
    "satori": satori_bench,
}
# The sizes RESULTS.md is quoted at; smaller ones mark the report as a check of the bench.
FULL_SIZES = {"small": 10_000, "speed": 100_000, "large": 1_000_000, "rounds": 5}


def compile_bytecode() -> None:
    """Compile every installed module, as pip does at install, before anything is timed.

    A venv built with PYTHONDONTWRITEBYTECODE set has no bytecode, and every plugin run
    would then spend about a second compiling the SDK: start-up, not throughput.
    """
    compileall.compile_dir(SITE_PACKAGES, quiet=1, workers=0)
    for package in HERE.parent.iterdir():
        if (package / "pyproject.toml").exists():
            compileall.compile_dir(package, quiet=1, workers=0)


def sizes() -> dict[str, t.Any]:
    """The run's sizes, and whether any is below the full run's."""
    chosen = {"small": SMALL, "speed": SPEED, "large": LARGE, "rounds": ROUNDS}
    reduced = any(chosen[name] < FULL_SIZES[name] for name in FULL_SIZES)
    return {**chosen, "reduced": reduced}


def main(names: list[str]) -> int:
    """Run the benchmarks `names` (all when empty); 1 when a row missed its aim."""
    chosen = {name: BENCHMARKS[name] for name in names or BENCHMARKS}
    compile_bytecode()
    RESULTS.mkdir(exist_ok=True)
    benchmarks: dict[str, dict] = {}
    rows: list[Row] = []
    notes: list[str] = []
    profiles: dict[str, dict] = {}
    where, load_at_start = machine(), load()
    started = time.perf_counter()
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as tmp:
        for name, benchmark in chosen.items():
            print(f"running {name} ...", flush=True)
            began = time.perf_counter()
            results = benchmark.run(sandbox, Path(tmp))
            its_rows = benchmark.rows(results)
            rows += its_rows
            notes += benchmark.notes(results) if hasattr(benchmark, "notes") else []
            if not names and hasattr(benchmark, "profile"):
                print(f"profiling {name} ...", flush=True)
                profiles.update(benchmark.profile(sandbox, Path(tmp), profiled))
            benchmarks[name] = {
                "seconds": time.perf_counter() - began,
                "results": results,
                "rows": [row.as_json() for row in its_rows],
            }
            print(f"{name}: {benchmarks[name]['seconds']:.0f} s", flush=True)
    data = {
        "machine": where,
        "sizes": sizes(),
        "load": {"start": load_at_start, "end": load()},
        "seconds": time.perf_counter() - started,
        "benchmarks": benchmarks,
        "notes": notes,
        "profiles": profiles,
    }
    print(table(rows))
    target = RESULTS_JSON if not names else RESULTS / f"{'+'.join(names)}.json"
    target.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    missed = misses(rows)
    print(
        f"\nresults in {target} ({data['seconds'] / 60:.1f} minutes); {len(missed)} aim(s) missed"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
