"""配配メール benchmarks of target-haihai-mail: uploads, throughput and memory.

- uploads and status polls for 10k and 1M contacts (aim: one upload per operation, split
  only every max_rows_per_upload rows (the default 100,000): ceil(N / 100,000); 3 polls per
  upload, as the emulator answers 処理待ち, 処理中, then 完了), and that the emulator then
  holds all N customers and the target passed the input's final STATE on;
- records/s at 100k against a bare loop that makes the same calls (the database fields, the
  same CP932 CSV uploads, the same polls and waits: bare_loops.py), over interleaved rounds
  (aim: 70% of the bare loop, median of the rounds);
- peak RSS at 10k vs 1M contacts (aim: under 30 MB growth).
"""

from __future__ import annotations

import json
import math
import typing as t

from checks import Row, equal
from haihai_bench import connection, counters, plugin_clock, start_account
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

TARGET = "target-haihai-mail"
MAX_ROWS_PER_UPLOAD = 100_000  # the target's default
POLL_INTERVAL = 0.01  # the first wait between status polls, for the plugin and its loop
# The emulator answers 処理待ち once (pending_polls), 処理中 once (processing_polls), then 完了.
POLLS_PER_UPLOAD = 3
FIELD_MAP = {"email": "メールアドレス", "name": "氏名", "company": "会社名"}
SCHEMA = {
    "type": "SCHEMA",
    "stream": "contacts",
    "key_properties": ["email"],
    "schema": {"type": "object", "properties": {name: {"type": "string"} for name in FIELD_MAP}},
}
FAMILY_NAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")
GIVEN_NAMES = ("太郎", "花子", "翔太", "美咲", "健一", "陽菜", "大輔", "さくら", "蓮", "結衣")
COMPANIES = ("山田商事株式会社", "東京電機株式会社", "大阪物産株式会社", "", "株式会社みらい")


def contacts(count: int) -> Iterator[dict[str, str]]:
    """Unique addresses user0000001@example.jp …, Japanese names, a company on 4 in 5."""
    for i in range(1, count + 1):
        yield {
            "email": f"user{i:07d}@example.jp",
            "name": f"{FAMILY_NAMES[i % 10]} {GIVEN_NAMES[i // 10 % 10]}",
            "company": COMPANIES[i % len(COMPANIES)],
        }


def state_of(count: int) -> dict:
    """The final state of the input: what the target must pass on once all is applied."""
    return {"bookmarks": {"contacts": {"rows": count}}}


def target_input(workdir: Path, count: int) -> Path:
    """The Singer file of `count` contacts and a final STATE (written once per size)."""
    path = workdir / f"haihai-contacts-{count}.singer"
    if not path.exists():
        write_singer(path, SCHEMA, contacts(count), state_of(count))
    return path


def problems(result: dict, count: int) -> list[str]:
    """What the emulator or the target's output says went wrong with a run of `count`."""
    found = []
    if result["imported"] != count or result["import_failures"]:
        found.append(
            f"the emulator imported {result['imported']:,} of {count:,} contacts "
            f"({result['import_failures']} failed or その他)"
        )
    if result["rejected"]:
        found.append(f"{result['rejected']} records rejected")
    if result["state_out"] != state_of(count):
        found.append(f"it passed on {result['state_out']!r}, not the input's final state")
    return found


def run_target(sandbox: Sandbox, workdir: Path, count: int, *, runner: Runner = measured) -> dict:
    """Register `count` new contacts in one run; uploads, polls, speed, and checks.

    Raises:
        SystemExit: the emulator does not hold all `count` customers afterwards, some row
            was rejected, or the target did not pass the input's STATE on.
    """
    now = start_account(sandbox)
    rejects = workdir / f"haihai-rejects-{count}.jsonl"
    config = write_json(
        workdir / f"haihai-target-{count}.json",
        {
            **connection(sandbox, workdir),
            "field_map": FIELD_MAP,
            "max_rows_per_upload": MAX_ROWS_PER_UPLOAD,
            "poll_interval_seconds": POLL_INTERVAL,
            "reject_file": str(rejects),
        },
    )
    output = workdir / f"haihai-target-{count}.out"
    before = counters(sandbox)
    with plugin_clock(now):
        result = runner(
            [str(BIN / TARGET), "--config", str(config)],
            stdin=target_input(workdir, count),
            stdout=output,
        )
    after = counters(sandbox)
    result["uploads"] = after["uploads"] - before["uploads"]
    result["status_polls"] = after["status_polls"] - before["status_polls"]
    result["minimum_uploads"] = math.ceil(count / MAX_ROWS_PER_UPLOAD)
    imports = sandbox.haihai.imports()
    result["imported"] = sum(job["counts"]["success"] for job in imports)
    result["import_failures"] = sum(
        job["counts"]["failure"] + job["counts"]["other"] for job in imports
    )
    result["rejected"] = (
        len(rejects.read_text(encoding="utf-8").splitlines()) if rejects.exists() else 0
    )
    # A target writes the state VALUES it was given, once their records are applied.
    lines = [line for line in output.read_text(encoding="utf-8").splitlines() if line]
    result["state_out"] = json.loads(lines[-1]) if lines else None
    if found := problems(result, count):
        raise SystemExit(f"{TARGET} with {count:,} contacts: " + "; ".join(found))
    return with_rate(result, count)


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every target measure."""

    def target(count: int) -> dict:
        result = run_target(sandbox, workdir, count)
        target_input(workdir, count).unlink()
        return result

    def bare() -> dict:
        start_account(sandbox)
        result = bare_loop(
            "haihai_target",
            sandbox.haihai.url,
            json.dumps(FIELD_MAP, ensure_ascii=False),
            str(MAX_ROWS_PER_UPLOAD),
            str(POLL_INTERVAL),
            stdin=target_input(workdir, SPEED),
            stdout=workdir / "bare-haihai-target.out",
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
    runs = results["target"]
    small, large = runs["small"], runs["large"]
    sizes = f"{size(small['records'])} / {size(large['records'])}"
    minimum = [small["minimum_uploads"], large["minimum_uploads"]]
    return [
        equal(
            f"{TARGET}: uploads for {sizes} contacts (one operation: register)",
            [small["uploads"], large["uploads"]],
            minimum,
            f"1 per operation, split every {MAX_ROWS_PER_UPLOAD:,} rows (max_rows_per_upload)",
        ),
        equal(
            f"{TARGET}: status polls for {sizes} contacts",
            [small["status_polls"], large["status_polls"]],
            [POLLS_PER_UPLOAD * uploads for uploads in minimum],
            f"{POLLS_PER_UPLOAD} per upload (処理待ち, 処理中, 完了)",
        ),
        equal(
            f"{TARGET}: customers imported of {sizes}",
            [small["imported"], large["imported"]],
            [small["records"], large["records"]],
            "N (the emulator's imports)",
        ),
        *speed_rows(TARGET, "contacts", runs["speed"], TARGET_SPEED_AIM, "bare 配配メール loop"),
        *rss_rows(TARGET, "contacts", small, large),
    ]
