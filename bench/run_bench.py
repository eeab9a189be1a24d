"""`make bench`: benchmarks of every plugin (not tests): API calls, speed, rate limits, memory.

Runs against one `vendor-sandbox serve` on loopback (the vendors' limits off, except for the
Marketo rate-limit measure) and writes ONE table for all plugins, then each plugin's hot
spots under cProfile, to bench/RESULTS.md with the machine and versions; raw numbers go to
bench/results/<benchmark>.json. `python bench/run_bench.py NAME...` runs only those
benchmarks and prints their rows without touching RESULTS.md.
"""

from __future__ import annotations

import compileall
import json
import os
import sys
import tempfile
import time
import typing as t
from pathlib import Path

import haihai_bench
import haihai_target_bench
import keap_bench
import keap_target_bench
import marketo_bench
import marketo_limits_bench
import satori_bench
from harness import HERE, Row, Sandbox, machine, size
from profiling import SITE_PACKAGES, profiled

RESULTS = HERE / "results"
REPORT = HERE / "RESULTS.md"
PROFILE_NOTES = HERE / "profile_notes.md"
BENCHMARKS: dict[str, t.Any] = {
    "marketo": marketo_bench,
    "marketo_limits": marketo_limits_bench,
    "keap": keap_bench,
    "keap_target": keap_target_bench,
    "haihai": haihai_bench,
    "haihai_target": haihai_target_bench,
    "satori": satori_bench,
}


def table(rows: list[Row]) -> str:
    """The markdown table of every row."""
    return "\n".join(
        ["| measure | value | aim |", "|---|---:|---|"]
        + [f"| {name} | {value} | {aim} |" for name, value, aim in rows]
    )


def notes_section(notes: list[str]) -> str:
    """What the table cannot say in a row: settings behind a measure, sizes not reached."""
    if not notes:
        return ""
    return "\n## Notes\n\n" + "".join(f"- {note}\n" for note in notes)


def profile_section(profiles: dict[str, dict]) -> str:
    """Each plugin's top functions by own time under cProfile, then what was changed."""
    lines = ["## Profile", ""]
    for plugin, result in profiles.items():
        by_area = ", ".join(f"{item['area']} {item['share']:.0%}" for item in result["areas"])
        spots = ", ".join(
            f"`{spot['function']}` {spot['share']:.0%}" for spot in result["hot_spots"]
        )
        lines.append(
            f"- **{plugin}** ({size(result['records'])} records, "
            f"{result['seconds']:.1f} s under cProfile). Own time by area: {by_area}. "
            f"Top functions: {spots}."
        )
    return "\n".join(lines) + "\n\n" + PROFILE_NOTES.read_text(encoding="utf-8")


def header(where: dict, seconds: float, loads: tuple[float, float]) -> str:
    """Where and with what the numbers were measured, and how busy the machine was."""
    plugins = ", ".join(f"{name} {number}" for name, number in where["plugins"].items())
    return (
        "# Benchmark results\n\n"
        f"`make bench` on {where['platform']}, {where['cpus']} CPUs, Python {where['python']}, "
        f"singer-sdk {where['singer_sdk']}; {plugins}. Against `vendor-sandbox` on loopback "
        "with the vendors' limits off, except the Marketo rate-limit rows (100 calls / 20 s "
        "enforced) and the target-infusionsoft rows (Keap's per-credential limits enforced), "
        "with bytecode compiled first, as pip does at install. Whole run: "
        f"{seconds / 60:.1f} minutes; 1-minute load average "
        f"{loads[0]:.1f} at the start, {loads[1]:.1f} at the end (records/s move with it: "
        "other work on the machine slows the plugin and its bare loop unevenly).\n"
    )


def compile_bytecode() -> None:
    """Compile every installed module, as pip does at install, before anything is timed.

    A venv built with PYTHONDONTWRITEBYTECODE set has no bytecode, and every plugin run
    would then spend about a second compiling the SDK: start-up, not throughput.
    """
    compileall.compile_dir(SITE_PACKAGES, quiet=1, workers=0)
    for package in HERE.parent.iterdir():
        if (package / "pyproject.toml").exists():
            compileall.compile_dir(package, quiet=1, workers=0)


def main(names: list[str]) -> None:
    """Run the benchmarks `names` (all when empty); write RESULTS.md only for all of them."""
    chosen = {name: BENCHMARKS[name] for name in names or BENCHMARKS}
    compile_bytecode()
    RESULTS.mkdir(exist_ok=True)
    rows: list[Row] = []
    notes: list[str] = []
    profiles: dict[str, dict] = {}
    where = machine()
    load_at_start = os.getloadavg()[0]
    started = time.perf_counter()
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as tmp:
        for name, benchmark in chosen.items():
            print(f"running {name} ...", flush=True)
            began = time.perf_counter()
            results = benchmark.run(sandbox, Path(tmp))
            results["seconds"] = time.perf_counter() - began
            (RESULTS / f"{name}.json").write_text(
                json.dumps({"machine": where, **results}, indent=2, ensure_ascii=False),
                encoding="utf-8",
            )
            rows += benchmark.rows(results)
            notes += benchmark.notes(results) if hasattr(benchmark, "notes") else []
            if hasattr(benchmark, "profile"):
                print(f"profiling {name} ...", flush=True)
                profiles.update(benchmark.profile(sandbox, Path(tmp), profiled))
            print(f"{name}: {time.perf_counter() - began:.0f} s", flush=True)
    seconds = time.perf_counter() - started
    print(table(rows))
    if names:
        return
    (RESULTS / "profile.json").write_text(json.dumps(profiles, indent=2), encoding="utf-8")
    loads = (load_at_start, os.getloadavg()[0])
    REPORT.write_text(
        f"{header(where, seconds, loads)}\n{table(rows)}\n{notes_section(notes)}\n"
        f"{profile_section(profiles)}",
        encoding="utf-8",
    )
    print(f"\nwritten to {RESULTS} and {REPORT} in {seconds / 60:.1f} minutes")


if __name__ == "__main__":
    main(sys.argv[1:])
