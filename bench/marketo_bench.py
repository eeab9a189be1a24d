"""Marketo benchmarks: API calls, throughput and memory of the tap and the target.

- API calls of the tap and the target at 1M records vs the minimum ceil(N / 300) (plus the
  tap's 2 describes);
- records/s at 100k next to a bare loop that fetches (tap) or upserts (target) the same
  pages (aim: at least 50% of the bare loop);
- peak RSS at 10k vs 1M records (aim: under 30 MB growth).
The emulator's limits are off here; `marketo_limits_bench` measures the rate limit.
"""

from __future__ import annotations

import math
import typing as t

from harness import (
    BIN,
    SPEED,
    Row,
    Runner,
    Sandbox,
    bare_loop,
    calls_row,
    catalog_selecting,
    measured,
    memory_runs,
    rss_rows,
    size,
    speed_pair,
    speed_rows,
    with_rate,
    write_json,
    write_singer,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TAP = "tap-marketo-opportunities"
TARGET = "target-marketo-opportunities"
PAGE = 300  # Marketo: at most 300 records per query page and per sync call
DESCRIBES = 2  # the tap describes opportunities and roles once per run
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
    result = runner(command, stdout=workdir / "marketo-tap.singer")
    result["calls"] = counters(sandbox)["calls"] - before
    result["minimum_calls"] = math.ceil(count / PAGE) + DESCRIBES
    return with_rate(result, count)


def opportunities(count: int) -> Iterator[dict[str, t.Any]]:
    """New opportunities B-00000000 …, each with a name and an amount."""
    for i in range(count):
        yield {"externalOpportunityId": f"B-{i:08d}", "name": f"Deal {i}", "amount": i}


def target_input(workdir: Path, count: int) -> Path:
    """The Singer file of `count` opportunities (written once per size)."""
    path = workdir / f"marketo-target-{count}.singer"
    if not path.exists():
        write_singer(path, SCHEMA, opportunities(count), None)
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
    result = runner([str(BIN / TARGET), "--config", str(config)], stdin=source)
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
        return bare_loop("marketo_tap", sandbox.marketo.url, str(SPEED))

    def bare_target() -> dict:
        seed(sandbox, 0)
        source = target_input(workdir, SPEED)
        return bare_loop("marketo_target", sandbox.marketo.url, stdin=source)

    tap_catalog(sandbox, workdir)
    tap_speed, bare_tap_speed = speed_pair(lambda: tap(SPEED), bare_tap)
    target_speed, bare_target_speed = speed_pair(lambda: target(SPEED), bare_target)
    return {
        "tap": {**memory_runs(tap), "speed": tap_speed},
        "bare_tap": with_rate(bare_tap_speed, SPEED),
        "target": {**memory_runs(target), "speed": target_speed},
        "bare_target": with_rate(bare_target_speed, SPEED),
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
            f"calls for {size(large_tap['records'])} records",
            large_tap["calls"],
            f"= ceil(N/300) + {DESCRIBES} describes = {large_tap['minimum_calls']:,}",
        ),
        *speed_rows(TAP, "records", tap["speed"], results["bare_tap"], "bare Marketo read loop"),
        *rss_rows(TAP, "records", tap["small"], large_tap),
        calls_row(
            TARGET,
            f"sync calls for {size(large_target['records'])} records",
            large_target["calls"],
            f"= ceil(N/300) = {large_target['minimum_calls']:,}",
        ),
        *speed_rows(
            TARGET, "records", target["speed"], results["bare_target"], "bare Marketo upsert loop"
        ),
        *rss_rows(TARGET, "records", target["small"], large_target),
    ]
