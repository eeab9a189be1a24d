"""SATORI benchmarks: bulk uploads, throughput and memory of target-satori-bridge.

- bulk upload calls for 10k and 1M new customers vs the minimum ceil(N / 10,000) (SATORI's
  rows per bulk request); the status polls apart (the emulator answers `processing` once,
  then `finished`: 2 per upload, a scripted count that checks only that the target asks until
  `finished` and stops there; its waits against unscripted times: satori_polls_bench.py), and
  that the emulator applied all N rows;
- records/s at 100k against a bare loop that makes the same calls (the same CSVs, polls and
  waits, one batch written while the next is read: bare_loops.py), over interleaved rounds
  (aim: 70% of the bare loop, median of the rounds);
- peak RSS at 10k vs 1M customers (aim: under 30 MB growth).
"""

from __future__ import annotations

import json
import math
import typing as t

from checks import Row, equal
from harness import (
    BIN,
    SPEED,
    Runner,
    Sandbox,
    bare_loop,
    measured,
    memory_runs,
    size,
    with_rate,
    write_json,
    write_singer,
)
from rounds import interleaved
from rows import TARGET_SPEED_AIM, rss_rows, speed_rows

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TARGET = "target-satori-bridge"
# SATORI: about 10,000 rows a bulk request (vendor-notes "SATORI"; target-satori-bridge
# README, Vendor contract).
ROWS_PER_BULK = 10_000
POLL_INTERVAL = 0.01  # the first wait between status polls, for the plugin and its loop
POLLS_PER_UPLOAD = 2  # the emulator's default status_polls_until_finished
KEYS = {
    "user_key": "sandbox-user-key",
    "user_secret": "sandbox-user-secret",
    "company_key": "sandbox-company-key",
    "company_secret": "sandbox-company-secret",
}
# SATORI field -> record property; both Writable (the option's usual linkage for a load).
COLUMNS = {"lead_company_name": "company", "last_name": "family_name"}
LINKAGE = {key: {"linkage": "Writable", "property": name} for key, name in COLUMNS.items()}
SCHEMA = {
    "type": "SCHEMA",
    "stream": "contacts",
    "key_properties": ["email"],
    "schema": {
        "type": "object",
        "properties": {name: {"type": ["string", "null"]} for name in ("email", *COLUMNS.values())},
    },
}
FAMILY_NAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")


def customers(count: int) -> Iterator[dict[str, str]]:
    """Unique addresses c0000000@example.jp …, a company and a family name each."""
    for i in range(count):
        yield {
            "email": f"c{i:07d}@example.jp",
            "company": f"株式会社サンプル{i % 1000}",
            "family_name": FAMILY_NAMES[i % len(FAMILY_NAMES)],
        }


def fresh_company(sandbox: Sandbox) -> None:
    """An empty SATORI company with the emulator's default answers."""
    sandbox.reset()


def counters(sandbox: Sandbox) -> dict[str, int]:
    """Calls per endpoint the emulator counted (cumulative)."""
    return dict(sandbox.satori.counters()["by_endpoint"])


def target_input(workdir: Path, count: int) -> Path:
    """The Singer file of `count` customers and a final STATE (written once per size)."""
    path = workdir / f"satori-{count}.singer"
    if not path.exists():
        write_singer(path, SCHEMA, customers(count), {"bookmarks": {"contacts": {"rows": count}}})
    return path


def run_target(sandbox: Sandbox, workdir: Path, count: int, *, runner: Runner = measured) -> dict:
    """Upsert `count` new customers into an empty company; uploads, polls, speed.

    Raises:
        SystemExit: the emulator did not apply every row.
    """
    fresh_company(sandbox)
    config = write_json(
        workdir / "satori-target.json",
        {
            "base_url": sandbox.satori.url,
            **KEYS,
            "field_linkage": LINKAGE,
            "poll_interval_seconds": POLL_INTERVAL,
            "reject_file": str(workdir / "satori-rejects.jsonl"),
        },
    )
    before = counters(sandbox)
    result = runner(
        [str(BIN / TARGET), "--config", str(config)],
        stdin=target_input(workdir, count),
        stdout=workdir / "satori-target.out",
    )
    after = counters(sandbox)
    result["uploads"] = after["bulk_upsert"] - before["bulk_upsert"]
    result["status_polls"] = after["bulk_status"] - before["bulk_status"]
    result["single_calls"] = after["upsert"] - before["upsert"]
    result["minimum_uploads"] = math.ceil(count / ROWS_PER_BULK)
    jobs = sandbox.satori.bulk_jobs()
    result["applied"] = sum(job["success_rows"] for job in jobs)
    if result["applied"] != count:
        raise SystemExit(f"{TARGET}: SATORI applied {result['applied']:,} of {count:,} rows")
    return with_rate(result, count)


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every SATORI measure."""

    def target(count: int) -> dict:
        result = run_target(sandbox, workdir, count)
        target_input(workdir, count).unlink()
        return result

    def bare() -> dict:
        fresh_company(sandbox)
        result = bare_loop(
            "satori_target",
            sandbox.satori.url,
            json.dumps(COLUMNS, ensure_ascii=False),
            str(POLL_INTERVAL),
            stdin=target_input(workdir, SPEED),
            stdout=workdir / "bare-satori-target.out",
        )
        return with_rate(result, SPEED)

    return {
        "target": {**memory_runs(target), "speed": interleaved(lambda: target(SPEED), bare)},
    }


def profile(sandbox: Sandbox, workdir: Path, runner: Runner) -> dict[str, dict]:
    """The target at the speed size under `runner` (cProfile)."""
    return {TARGET: run_target(sandbox, workdir, SPEED, runner=runner)}


def rows(results: dict) -> list[Row]:
    """One row per measure: what was measured, the value, and the aim."""
    small, large = results["target"]["small"], results["target"]["large"]
    sizes = f"{size(small['records'])} / {size(large['records'])}"
    minimum = [small["minimum_uploads"], large["minimum_uploads"]]
    return [
        equal(
            f"{TARGET}: bulk uploads for {sizes} customers",
            [small["uploads"], large["uploads"]],
            minimum,
            f"ceil(N/{ROWS_PER_BULK:,})",
        ),
        equal(
            f"{TARGET}: bulk status polls for {sizes} customers",
            [small["status_polls"], large["status_polls"]],
            [POLLS_PER_UPLOAD * uploads for uploads in minimum],
            f"{POLLS_PER_UPLOAD} per upload: the emulator's scripted processing, finished "
            "(checks that the target stops at finished)",
        ),
        equal(
            f"{TARGET}: single upsert calls for {sizes} customers",
            [small["single_calls"], large["single_calls"]],
            [0, 0],
            "0 (every batch above bulk_threshold goes by bulk)",
        ),
        equal(
            f"{TARGET}: rows SATORI applied of {sizes}",
            [small["applied"], large["applied"]],
            [small["records"], large["records"]],
            "N (the emulator's bulk jobs)",
        ),
        *speed_rows(
            TARGET,
            "customers",
            results["target"]["speed"],
            TARGET_SPEED_AIM,
            "bare SATORI bulk loop",
        ),
        *rss_rows(TARGET, "customers", small, large),
    ]
