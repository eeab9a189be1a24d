"""Marketo benchmarks: API calls, throughput and memory of the tap and the target.

- API calls of the tap and the target at 1M records, as the emulator counted them, against
  the minimum from Marketo's documented 300 records per query page and per sync call and the
  records seeded: ceil(N / 300), plus the describes each plugin's README says it makes;
- the records the tap emitted (RECORD lines of its output) against those seeded;
- records/s at 100k against a bare loop that makes the same calls (bare_loops.py), over
  interleaved rounds (aims: tap 90%, target 70% of the bare loop, median of the rounds);
- peak RSS at 10k vs 1M records (aim: under 30 MB growth).
The emulator's limits are off here; `marketo_limits_bench` measures the rate limit.
"""

from __future__ import annotations

import math
import typing as t

from harness import (
    BIN,
    SPEED,
    Runner,
    Sandbox,
    bare_loop,
    catalog_selecting,
    emitted_rate,
    measured,
    memory_runs,
    size,
    with_rate,
    write_json,
    write_singer,
)
from rounds import interleaved
from rows import TAP_SPEED_AIM, TARGET_SPEED_AIM, calls_row, records_row, rss_rows, speed_rows

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from checks import Row

TAP = "tap-marketo-opportunities"
TARGET = "target-marketo-opportunities"
# Marketo: at most 300 records per query page (batchSize, filterValues) and per sync call
# (vendor-notes "Marketo"; tap-marketo-opportunities README, Vendor contract: Query).
PAGE = 300
# tap-marketo-opportunities README: the tap describes opportunities and roles once a run.
DESCRIBES = 2
CLIENT = {"client_id": "sandbox-client-id", "client_secret": "sandbox-client-secret"}
NO_LIMITS = {"rate_limit_calls": 0, "max_concurrency": 0, "daily_quota": 0}
FAST = {"max_calls_per_20s": 0, "max_concurrent_calls": 10}
SCHEMA = {
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


def seed(sandbox: Sandbox, count: int, limits: dict[str, t.Any] = NO_LIMITS) -> None:
    """A fresh instance with `limits` (off by default) and `count` opportunities."""
    sandbox.reset()
    sandbox.marketo.configure(**limits)
    sandbox.marketo.seed(opportunities=count)


def counters(sandbox: Sandbox) -> dict[str, t.Any]:
    """The emulator's call counters (cumulative: measures diff two snapshots)."""
    return sandbox.marketo.counters()


def connection(sandbox: Sandbox, workdir: Path, settings: dict[str, t.Any]) -> dict[str, t.Any]:
    """The settings both plugins share, with `settings` (rate limits) on top."""
    return {
        "base_url": sandbox.marketo.url,
        **CLIENT,
        "state_dir": str(workdir / "marketo-state"),
        "daily_call_budget": 10_000_000,
        **settings,
    }


def tap_catalog(sandbox: Sandbox, workdir: Path) -> Path:
    """The catalog selecting opportunities, discovered once (2 describe calls).

    Discovered before a measured run's instance is seeded, so the describes of discovery
    (another process, with its own limiter) never count against the run's rate window.
    """
    catalog = workdir / f"{TAP}-catalog.json"
    if not catalog.exists():
        config = write_json(workdir / "marketo-discover.json", connection(sandbox, workdir, FAST))
        catalog_selecting(TAP, config, workdir, {"opportunities"})
    return catalog


def run_tap(
    sandbox: Sandbox,
    workdir: Path,
    count: int,
    *,
    runner: Runner = measured,
    settings: dict[str, t.Any] = FAST,
) -> dict:
    """Read `count` seeded opportunities by their externalOpportunityId; calls and speed."""
    catalog = tap_catalog(sandbox, workdir)
    ids = workdir / f"marketo-ids-{count}.txt"
    with ids.open("w", encoding="utf-8") as out:
        out.writelines(f"OPP-{i:08d}\n" for i in range(count))
    config = write_json(
        workdir / "marketo-tap.json",
        {**connection(sandbox, workdir, settings), "filter_values_file": str(ids)},
    )
    before = counters(sandbox)["calls"]
    command = [str(BIN / TAP), "--config", str(config), "--catalog", str(catalog)]
    output = workdir / "marketo-tap.singer"
    result = runner(command, stdout=output)
    result["calls"] = counters(sandbox)["calls"] - before
    result["seeded"] = count
    result["minimum_calls"] = math.ceil(count / PAGE) + DESCRIBES
    return emitted_rate(result, output)


def opportunities(count: int) -> Iterator[dict[str, t.Any]]:
    """New opportunities B-00000000 …, each with a name and an amount."""
    for i in range(count):
        yield {"externalOpportunityId": f"B-{i:08d}", "name": f"Deal {i}", "amount": i}


def target_input(workdir: Path, count: int) -> Path:
    """The Singer file of `count` opportunities and a final STATE (written once per size)."""
    path = workdir / f"marketo-target-{count}.singer"
    if not path.exists():
        state = {"bookmarks": {"opportunities": {"rows": count}}}
        write_singer(path, SCHEMA, opportunities(count), state)
    return path


def run_target(
    sandbox: Sandbox,
    workdir: Path,
    count: int,
    *,
    runner: Runner = measured,
    settings: dict[str, t.Any] = FAST,
) -> dict:
    """Upsert `count` new opportunities into an empty instance; sync calls and speed."""
    config = write_json(
        workdir / "marketo-target.json",
        {
            **connection(sandbox, workdir, settings),
            "reject_file": str(workdir / "marketo-rejects.jsonl"),
        },
    )
    source = target_input(workdir, count)
    before = counters(sandbox)
    output = workdir / "marketo-target.out"
    result = runner([str(BIN / TARGET), "--config", str(config)], stdin=source, stdout=output)
    after = counters(sandbox)
    path = "POST /rest/v1/opportunities.json"
    result["calls"] = after["by_endpoint"].get(path, 0) - before["by_endpoint"].get(path, 0)
    result["minimum_calls"] = math.ceil(count / PAGE)
    return with_rate(result, count)


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every Marketo measure with the emulator's limits off."""

    def tap(count: int) -> dict:
        seed(sandbox, count)
        return run_tap(sandbox, workdir, count)

    def target(count: int) -> dict:
        seed(sandbox, 0)
        result = run_target(sandbox, workdir, count)
        target_input(workdir, count).unlink()
        return result

    def bare_tap() -> dict:
        seed(sandbox, SPEED)
        output = workdir / "bare-marketo-tap.singer"
        return emitted_rate(
            bare_loop("marketo_tap", sandbox.marketo.url, str(SPEED), stdout=output), output
        )

    def bare_target() -> dict:
        seed(sandbox, 0)
        source = target_input(workdir, SPEED)
        output = workdir / "bare-marketo-target.out"
        return with_rate(
            bare_loop("marketo_target", sandbox.marketo.url, stdin=source, stdout=output), SPEED
        )

    tap_catalog(sandbox, workdir)
    return {
        "tap": {**memory_runs(tap), "speed": interleaved(lambda: tap(SPEED), bare_tap)},
        "target": {**memory_runs(target), "speed": interleaved(lambda: target(SPEED), bare_target)},
    }


def profile(sandbox: Sandbox, workdir: Path, runner: Runner) -> dict[str, dict]:
    """Both plugins at the speed size under `runner` (cProfile)."""
    tap_catalog(sandbox, workdir)
    seed(sandbox, SPEED)
    tap = run_tap(sandbox, workdir, SPEED, runner=runner)
    seed(sandbox, 0)
    target = run_target(sandbox, workdir, SPEED, runner=runner)
    return {TAP: tap, TARGET: target}


def rows(results: dict) -> list[Row]:
    """One row per measure: what was measured, the value, and the aim."""
    tap, target = results["tap"], results["target"]
    large_tap, large_target = tap["large"], target["large"]
    return [
        calls_row(
            TAP,
            f"calls for {size(large_tap['seeded'])} records",
            large_tap["calls"],
            large_tap["minimum_calls"],
            f"ceil(N/{PAGE}) + {DESCRIBES} describes",
        ),
        records_row(TAP, "records", large_tap["records"], large_tap["seeded"]),
        *speed_rows(TAP, "records", tap["speed"], TAP_SPEED_AIM, "bare Marketo read loop"),
        *rss_rows(TAP, "records", tap["small"], large_tap),
        calls_row(
            TARGET,
            f"sync calls for {size(large_target['records'])} records",
            large_target["calls"],
            large_target["minimum_calls"],
            f"ceil(N/{PAGE})",
        ),
        *speed_rows(
            TARGET, "records", target["speed"], TARGET_SPEED_AIM, "bare Marketo upsert loop"
        ),
        *rss_rows(TARGET, "records", target["small"], large_target),
    ]
