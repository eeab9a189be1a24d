"""Keap benchmarks: API calls per stream, throughput and memory of tap-infusionsoft.

- API calls per stream, as the emulator counted them, against the minimum from Keap's page
  of 1,000 records (tap-infusionsoft README, Vendor contract: page size) and the records
  seeded, ceil(N / 1000), plus one `/model` call per resource the README names: contacts
  (paged by time) at 1M, three offset-paged streams in one run;
- the contacts the tap emitted (RECORD lines of its output) against those seeded;
- records/s reading 100k contacts against a bare loop that makes the same calls
  (bare_loops.py), over interleaved rounds (aim: 90% of the bare loop, median of the rounds);
- peak RSS at 10k vs 1M contacts (aim: under 30 MB growth).
"""

from __future__ import annotations

import math
import typing as t
from datetime import UTC, timedelta

from harness import (
    BIN,
    LARGE,
    SPEED,
    Runner,
    Sandbox,
    bare_loop,
    catalog_selecting,
    emitted_rate,
    measured,
    memory_runs,
    plugin_clock,
    size,
    write_json,
)
from rounds import interleaved
from rows import TAP_SPEED_AIM, calls_row, records_row, rss_rows, speed_rows

from vendor_sandbox.keap.seedkit import BASE_TIME, STEP

if t.TYPE_CHECKING:
    from pathlib import Path

    from checks import Row

TAP = "tap-infusionsoft"
PAGE = 1000
# /model calls: contacts, companies, orders (opportunities' are opt-in, off here).
MODEL_CALLS = 3
API_KEY = "sandbox-keap-api-key"
NO_LIMITS = {"throttle_limit": 0, "quota_limit": 0}
# Streams paged by offset, read together in one run for the calls measure.
OFFSET_STREAMS = {"companies": 20_000, "transactions": 20_000, "notes": 5_000}
# The emulator stamps seeded record i at BASE_TIME + i minutes and the tap reads changes up
# to its clock (`until`), so the tap runs clocked a day after the last record seeded.
TAP_NOW_TIME = BASE_TIME + max(LARGE, *OFFSET_STREAMS.values()) * STEP + timedelta(days=1)
TAP_NOW = TAP_NOW_TIME.isoformat()
# The bare loop's `until`: the tap's clock in Keap's format (2017-01-01T22:17:59.039Z).
TAP_UNTIL = TAP_NOW_TIME.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def seed(sandbox: Sandbox, **counts: int) -> None:
    """A fresh sandbox with Keap's limits off and the given records (nothing else)."""
    sandbox.reset()
    sandbox.keap.configure(**NO_LIMITS)
    sandbox.keap.seed(default=0, **counts)


def calls_by_path(sandbox: Sandbox) -> dict[str, int]:
    """Calls per `METHOD /path` the emulator counted (cumulative)."""
    return dict(sandbox.keap.counters()["by_path"])


def run_tap(
    sandbox: Sandbox, workdir: Path, streams: dict[str, int], *, runner: Runner = measured
) -> dict:
    """Read `streams` (name → records seeded) in one run; calls per stream and speed."""
    seed(sandbox, **streams)
    config = write_json(
        workdir / "keap-tap.json",
        {
            "base_url": sandbox.keap.url,
            "api_key": API_KEY,
            "state_dir": str(workdir / "keap-state"),
            "max_calls_per_second": 100_000,
            "daily_call_budget": 10_000_000,
        },
    )
    catalog = catalog_selecting(TAP, config, workdir, set(streams))
    before = calls_by_path(sandbox)
    command = [str(BIN / TAP), "--config", str(config), "--catalog", str(catalog)]
    output = workdir / "keap-out.singer"
    with plugin_clock(TAP_NOW):
        result = runner(command, stdout=output)
    after = calls_by_path(sandbox)
    result["calls"] = {
        name: after.get(f"GET /{name}", 0) - before.get(f"GET /{name}", 0) for name in streams
    }
    result["model_calls"] = sum(
        after.get(path, 0) - before.get(path, 0) for path in after if path.endswith("/model")
    )
    result["minimum_calls"] = {name: math.ceil(count / PAGE) for name, count in streams.items()}
    result["seeded"] = sum(streams.values())
    return emitted_rate(result, output)


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every Keap measure."""

    def contacts(count: int) -> dict:
        return run_tap(sandbox, workdir, {"contacts": count})

    def bare() -> dict:
        seed(sandbox, contacts=SPEED)
        output = workdir / "bare-keap.singer"
        return emitted_rate(
            bare_loop("keap_tap", sandbox.keap.url, TAP_UNTIL, stdout=output), output
        )

    return {
        "offset_streams": run_tap(sandbox, workdir, OFFSET_STREAMS),
        "contacts": {**memory_runs(contacts), "speed": interleaved(lambda: contacts(SPEED), bare)},
    }


def profile(sandbox: Sandbox, workdir: Path, runner: Runner) -> dict[str, dict]:
    """The tap reading the speed size of contacts under `runner` (cProfile)."""
    return {TAP: run_tap(sandbox, workdir, {"contacts": SPEED}, runner=runner)}


def rows(results: dict) -> list[Row]:
    """One row per measure: what was measured, the value, and the aim."""
    contacts, offset = results["contacts"], results["offset_streams"]
    large = contacts["large"]
    table = [
        calls_row(
            TAP,
            f"calls for {size(large['seeded'])} contacts (paged by time)",
            large["calls"]["contacts"],
            large["minimum_calls"]["contacts"],
            f"ceil(N/{PAGE})",
        ),
        records_row(TAP, "contacts", large["records"], large["seeded"]),
        *(
            calls_row(
                TAP,
                f"calls for {count:,} {name} (paged by offset)",
                offset["calls"][name],
                offset["minimum_calls"][name],
                f"ceil(N/{PAGE})",
            )
            for name, count in OFFSET_STREAMS.items()
        ),
        records_row(TAP, "records of those streams", offset["records"], offset["seeded"]),
        calls_row(
            TAP,
            "custom-field model calls per run",
            large["model_calls"],
            MODEL_CALLS,
            "1 per resource with custom fields",
        ),
    ]
    table += speed_rows(TAP, "contacts", contacts["speed"], TAP_SPEED_AIM, "bare Keap loop")
    table += rss_rows(TAP, "contacts", contacts["small"], large)
    return table
