"""SATORI benchmarks: bulk uploads, throughput and memory of target-satori-bridge.

- bulk upload calls for 10k and 1M new customers vs the minimum ceil(N / 10,000) (SATORI's
  rows per bulk request); the status polls apart (the emulator answers `processing` once,
  then `finished`: 2 per upload), and that the emulator applied all N rows;
- records/s at 100k next to a bare loop that uploads the same CSVs and polls the same jobs
  (aim: at least 50% of the bare loop);
- peak RSS at 10k vs 1M customers (aim: under 30 MB growth).
"""

from __future__ import annotations

import json
import math
import typing as t

from harness import (
    BIN,
    SPEED,
    Row,
    Runner,
    Sandbox,
    bare_loop,
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

TARGET = "target-satori-bridge"
ROWS_PER_BULK = 10_000  # SATORI: about 10,000 rows a bulk request
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
    """The Singer file of `count` customers (written once per size)."""
    path = workdir / f"satori-{count}.singer"
    if not path.exists():
        write_singer(path, SCHEMA, customers(count), None)
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
            "poll_interval_seconds": 0.01,
            "reject_file": str(workdir / "satori-rejects.jsonl"),
        },
    )
    before = counters(sandbox)
    result = runner(
        [str(BIN / TARGET), "--config", str(config)], stdin=target_input(workdir, count)
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
        return bare_loop(
            "satori_target",
            sandbox.satori.url,
            json.dumps(COLUMNS, ensure_ascii=False),
            stdin=target_input(workdir, SPEED),
        )

    speed, bare_speed = speed_pair(lambda: target(SPEED), bare)
    return {
        "target": {**memory_runs(target), "speed": speed},
        "bare_loop": with_rate(bare_speed, SPEED),
    }


def profile(sandbox: Sandbox, workdir: Path, runner: Runner) -> dict[str, dict]:
    """The target at the speed size under `runner` (cProfile)."""
    return {TARGET: run_target(sandbox, workdir, SPEED, runner=runner)}


def rows(results: dict) -> list[Row]:
    """One row per measure: what was measured, the value, and the aim."""
    small, large = results["target"]["small"], results["target"]["large"]
    sizes = f"{size(small['records'])} / {size(large['records'])}"
    return [
        (
            f"{TARGET}: bulk uploads for {sizes} customers",
            f"{small['uploads']} / {large['uploads']:,}",
            f"= ceil(N/10,000) = {small['minimum_uploads']} / {large['minimum_uploads']:,}",
        ),
        (
            f"{TARGET}: bulk status polls for {sizes} customers",
            f"{small['status_polls']} / {large['status_polls']:,}",
            f"= {POLLS_PER_UPLOAD} per upload (processing, finished) = "
            f"{POLLS_PER_UPLOAD * small['minimum_uploads']} / "
            f"{POLLS_PER_UPLOAD * large['minimum_uploads']:,}",
        ),
        (
            f"{TARGET}: single upsert calls for {sizes} customers",
            f"{small['single_calls']} / {large['single_calls']}",
            "0 (every batch above bulk_threshold goes by bulk)",
        ),
        (
            f"{TARGET}: rows SATORI applied of {sizes}",
            f"{small['applied']:,} / {large['applied']:,}",
            "= N (checked; the run fails otherwise)",
        ),
        *speed_rows(
            TARGET,
            "customers",
            results["target"]["speed"],
            results["bare_loop"],
            "bare SATORI bulk loop",
        ),
        *rss_rows(TARGET, "customers", small, large),
    ]
