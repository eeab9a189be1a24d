"""`python bench/report.py`: bench/RESULTS.md rendered from bench/results.json, nothing else.

Why a separate step: the table must be checkable against the raw results of the run that
produced it. results.json is committed with RESULTS.md, `tests/test_bench_report.py` fails
when RESULTS.md differs from what this renders, and every row's verdict is recomputed here
from its value and aim. Exits 1 when any row missed its aim, so `make bench` fails.
"""

from __future__ import annotations

import json
import sys
import typing as t
from pathlib import Path

from checks import Row, misses

HERE = Path(__file__).resolve().parent
RESULTS_JSON = HERE / "results.json"
REPORT = HERE / "RESULTS.md"
VERDICTS = {True: "met", False: "**MISSED**", None: ""}


def rows_of(data: dict[str, t.Any]) -> list[Row]:
    """Every row of every benchmark, in run order."""
    return [
        Row.from_json(row) for benchmark in data["benchmarks"].values() for row in benchmark["rows"]
    ]


def header(data: dict[str, t.Any], rows: list[Row]) -> str:
    """Where, on what commit, at what sizes and under what load the numbers were measured."""
    where, sizes, load = data["machine"], data["sizes"], data["load"]
    plugins = ", ".join(f"{name} {number}" for name, number in where["plugins"].items())
    commit = where["commit"][:12] + (
        " with uncommitted changes" if where["uncommitted_changes"] else ""
    )
    missed = len(misses(rows))
    held = sum(row.aim is not None for row in rows)
    verdict = f"{held - missed} of {held} aims met" + (f", **{missed} missed**" if missed else "")
    reduced = (
        ""
        if not sizes["reduced"]
        else "\n**Reduced sizes (BENCH_* set): a check of the benchmark itself, not figures to "
        "quote.** Run `make bench` with no BENCH_* variable for those.\n"
    )
    return (
        "# Benchmark results\n\n"
        "Rendered by `python bench/report.py` from `bench/results.json` (the raw results of "
        "the run); do not edit by hand.\n"
        f"{reduced}\n"
        f"`make bench` at commit {commit} on {where['platform']}, {where['cpus']} CPUs, "
        f"Python {where['python']}, singer-sdk {where['singer_sdk']}; {plugins}. "
        f"Sizes: {sizes['small']:,} / {sizes['speed']:,} (speed) / {sizes['large']:,} records; "
        f"{sizes['rounds']} interleaved rounds of plugin and bare loop per speed row. Load "
        f"average (1 / 5 / 15 min) {_load(load['start'])} at the start, {_load(load['end'])} at "
        f"the end; whole run {data['seconds'] / 60:.1f} minutes. Against `vendor-sandbox` on "
        "loopback with the vendors' limits off, except the Marketo rate-limit rows and the "
        "target-infusionsoft rows (the vendors' limits enforced). Speed rows: median "
        "(min-max) over the rounds; the ratio is the median of each round's plugin / bare "
        f"loop ratio. {verdict}.\n"
    )


def _load(values: dict[str, float]) -> str:
    return " / ".join(f"{values[key]:.2f}" for key in ("1m", "5m", "15m"))


def table(rows: list[Row]) -> str:
    """The markdown table: measure, value, aim, and whether the value met it."""
    return "\n".join(
        ["| measure | value | aim | verdict |", "|---|---:|---|---|"]
        + [
            f"| {row.measure} | {row.shown} | {row.aim_shown} | {VERDICTS[row.met]} |"
            for row in rows
        ]
    )


def notes_section(notes: list[str]) -> str:
    """What the table cannot say in a row: settings behind a measure."""
    if not notes:
        return ""
    return "\n## Notes\n\n" + "".join(f"- {note}\n" for note in notes)


def profile_section(profiles: dict[str, dict]) -> str:
    """Each plugin's top functions by own time under cProfile."""
    if not profiles:
        return ""
    lines = ["", "## Profile", ""]
    for plugin, result in profiles.items():
        by_area = ", ".join(f"{item['area']} {item['share']:.0%}" for item in result["areas"])
        spots = ", ".join(
            f"`{spot['function']}` {spot['share']:.0%}" for spot in result["hot_spots"]
        )
        lines.append(
            f"- **{plugin}** ({result['records']:,} records, {result['seconds']:.1f} s under "
            f"cProfile). Own time by area: {by_area}. Top functions: {spots}."
        )
    lines += ["", "What was changed after profiling, and why: `bench/profile_notes.md`."]
    return "\n".join(lines) + "\n"


def render(data: dict[str, t.Any]) -> str:
    """RESULTS.md for the results `data`."""
    rows = rows_of(data)
    return (
        f"{header(data, rows)}\n{table(rows)}\n{notes_section(data['notes'])}"
        f"{profile_section(data['profiles'])}"
    )


def main() -> int:
    """Write RESULTS.md from results.json; 1 when a row missed its aim."""
    data = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    REPORT.write_text(render(data), encoding="utf-8")
    missed = misses(rows_of(data))
    for row in missed:
        print(f"MISSED: {row.measure}: {row.shown} (aim {row.aim_shown})", file=sys.stderr)
    print(f"{REPORT} written from {RESULTS_JSON}; {len(missed)} aim(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
