"""配配メール benchmarks: API calls of tap-haihai-mail; uploads, speed and memory of the target.

- tap calls of a first run over the 7 seeded days vs the minimum its README promises: per day
  1 call per date API (opens, clicks, visits, mails) and per measurement type of responders
  (3), plus 1 per list API (unsubscribed_customers, forms, groups, database_fields), 1 per
  form for form_answers and none for customer_view_urls (customer_view_emails empty);
- tap calls of the next day's run, started from the first run's state (aim: 1 per date API,
  1 per measurement type of responders);
- target uploads and status polls for 10k and 1M contacts (aim: ceil(N / max_rows_per_upload)
  uploads, the default 100,000 rows each; 3 polls per upload, as the emulator answers
  処理待ち, 処理中, then 完了), and that the emulator then holds all N customers;
- target records/s of the whole run, and CSV build rows/s (spool → CP932 CSV, in-process);
- target peak RSS at 10k vs 1M contacts (aim: under 30 MB growth).
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
import time
import typing as t
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from harness import BIN, Sandbox, measured

from singer_commons.csvcodec import CsvFormat
from target_haihai_mail.csvfile import write_part_csv
from target_haihai_mail.operations import Operation
from target_haihai_mail.spool import OperationSpool

if t.TYPE_CHECKING:
    from collections.abc import Iterator

TAP = "tap-haihai-mail"
TARGET = "target-haihai-mail"
TOKEN = "sandbox-haihai-token"
NOW_ENV = "SINGER_CONNECTORS_NOW"
# Bridge is the only plan with every API (visits, forms, form answers); the emulator's quota
# is raised so it never refuses, the plugins keep their ledger at the plan's 240 a day.
ACCOUNT = {"plan": "bridge", "daily_quota": 10_000_000}
PLUGIN_PLAN = {"plan": "bridge", "daily_call_budget": 240}
DAYS = 7
DATE_APIS = ("opens", "clicks", "visits", "mails")
MEASUREMENT_TYPES = ("open", "click", "conversion")
RESPONDER_KEYS = tuple(f"responders:{kind}" for kind in MEASUREMENT_TYPES)
LIST_APIS = ("unsubscribed_customers", "forms", "groups", "database_fields")
TARGET_SIZES = (10_000, 1_000_000)
MAX_ROWS_PER_UPLOAD = 100_000  # the target's default
# The emulator answers 処理待ち once (pending_polls), 処理中 once (processing_polls), then 完了.
POLLS_PER_UPLOAD = 3
FIELD_MAP = {"email": "メールアドレス", "name": "氏名", "company": "会社名"}
FAMILY_NAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")
GIVEN_NAMES = ("太郎", "花子", "翔太", "美咲", "健一", "陽菜", "大輔", "さくら", "蓮", "結衣")
COMPANIES = ("山田商事株式会社", "東京電機株式会社", "大阪物産株式会社", "", "株式会社みらい")


def start_account(sandbox: Sandbox) -> str:
    """A fresh 配配メール account whose clock is frozen at 10:00 JST of the emulator's day.

    Why frozen: the tap reads up to yesterday and the quota turns at 0:00 JST; a run that
    crossed midnight would change what it reads. Returns that instant, for the plugins'
    clock (`SINGER_CONNECTORS_NOW`), so the emulator and the plugins agree on the day.
    """
    sandbox.control("/haihai/reset", {})
    sandbox.control("/haihai/configure", ACCOUNT)
    day = sandbox.control("/haihai/clock")["day"]
    return str(sandbox.control("/haihai/clock", {"now": f"{day}T10:00:00+09:00"})["now"])


def advance_one_day(sandbox: Sandbox) -> str:
    """Move the emulator one day on; its new now, for the plugins' clock."""
    return str(sandbox.control("/haihai/clock", {"advance_seconds": 86_400})["now"])


@contextmanager
def plugin_clock(now: str) -> Iterator[None]:
    """Run the plugins (child processes inherit the environment) at the emulator's `now`."""
    previous = os.environ.get(NOW_ENV)
    os.environ[NOW_ENV] = now
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(NOW_ENV, None)
        else:
            os.environ[NOW_ENV] = previous


def counters(sandbox: Sandbox) -> dict:
    """The emulator's call counters (cumulative: measures diff two snapshots)."""
    return sandbox.control("/haihai/counters")


def calls_by_key(before: dict, after: dict, day: str) -> dict[str, int]:
    """Successful calls per ledger key on `day` between two counter snapshots.

    The emulator's `by_day` is what its quota charged, per API (per measurement type for
    responders), so it is exactly what the README's "calls per run" promises are about.
    """
    old, new = before["by_day"].get(day, {}), after["by_day"].get(day, {})
    return {key: new[key] - old.get(key, 0) for key in new if new[key] != old.get(key, 0)}


def connection(sandbox: Sandbox, workdir: Path) -> dict[str, t.Any]:
    """The settings both plugins share; a fresh call ledger (state_dir) for every run."""
    return {
        "base_url": sandbox.urls["haihai"],
        "api_token": TOKEN,
        **PLUGIN_PLAN,
        "state_dir": tempfile.mkdtemp(prefix="haihai-state-", dir=workdir),
    }


def last_state(singer_file: Path) -> dict:
    """The value of the last STATE message of a tap's output (what the next run starts at)."""
    state: dict = {}
    with singer_file.open(encoding="utf-8") as lines:
        for line in lines:
            if '"STATE"' in line:
                message = json.loads(line)
                if message.get("type") == "STATE":
                    state = message["value"]
    return state


def records_of(singer_file: Path, stream: str) -> int:
    """RECORD messages of `stream` in a tap's output."""
    count = 0
    with singer_file.open(encoding="utf-8") as lines:
        for line in lines:
            message = json.loads(line)
            count += message.get("type") == "RECORD" and message.get("stream") == stream
    return count


def run_tap_once(
    sandbox: Sandbox, workdir: Path, name: str, *, now: str, config: dict, state: dict | None
) -> dict:
    """One tap run at `now`: its measures, its output and the calls the emulator counted."""
    config_path = workdir / f"haihai-tap-{name}.json"
    config_path.write_text(json.dumps({**connection(sandbox, workdir), **config}), encoding="utf-8")
    command = [str(BIN / TAP), "--config", str(config_path)]
    if state is not None:
        state_path = workdir / f"haihai-tap-{name}-state.json"
        state_path.write_text(json.dumps(state), encoding="utf-8")
        command += ["--state", str(state_path)]
    output = workdir / f"haihai-tap-{name}.singer"
    before = counters(sandbox)
    with plugin_clock(now):
        result = measured(command, stdout=output)
    after = counters(sandbox)
    day = sandbox.control("/haihai/clock")["day"]
    result["calls"] = calls_by_key(before, after, day)
    result["total_calls"] = sum(result["calls"].values())
    result["failed_calls"] = after["failed"] - before["failed"]
    result["output"] = str(output)
    return result


def run_tap(sandbox: Sandbox, workdir: Path) -> dict:
    """Seed 7 days, read them all, then read the next day from the first run's state."""
    now = start_account(sandbox)
    sandbox.control("/haihai/seed", {"days": DAYS})
    today = date.fromisoformat(now[:10])
    config = {"start_date": (today - timedelta(days=DAYS)).isoformat()}
    first = run_tap_once(sandbox, workdir, "first", now=now, config=config, state=None)
    forms = records_of(Path(first["output"]), "forms")
    first["minimum_calls"] = (
        DAYS * (len(DATE_APIS) + len(MEASUREMENT_TYPES)) + len(LIST_APIS) + forms
    )
    next_now = advance_one_day(sandbox)
    state = last_state(Path(first["output"]))
    second = run_tap_once(sandbox, workdir, "next-day", now=next_now, config=config, state=state)
    second["minimum_calls"] = len(DATE_APIS) + len(MEASUREMENT_TYPES) + len(LIST_APIS) + forms
    return {"first_run": first, "next_day_run": second, "forms": forms}


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


def write_contacts(path: Path, count: int) -> None:
    """A Singer file of `count` contacts, written line by line (never held in memory)."""
    schema = {
        "type": "SCHEMA",
        "stream": "contacts",
        "key_properties": ["email"],
        "schema": {
            "type": "object",
            "properties": {name: {"type": "string"} for name in FIELD_MAP},
        },
    }
    state = {"type": "STATE", "value": state_of(count)}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(schema) + "\n")
        for record in contacts(count):
            message = {"type": "RECORD", "stream": "contacts", "record": record}
            out.write(json.dumps(message, ensure_ascii=False) + "\n")
        out.write(json.dumps(state) + "\n")


def run_target(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    """Register `count` new contacts in one run; uploads, polls, speed, memory, and checks.

    Raises:
        SystemExit: the emulator does not hold all `count` customers afterwards, some row
            was rejected, or the target did not pass the input's STATE on.
    """
    now = start_account(sandbox)
    source = workdir / f"haihai-contacts-{count}.singer"
    write_contacts(source, count)
    rejects = workdir / f"haihai-rejects-{count}.jsonl"
    config = workdir / f"haihai-target-{count}.json"
    config.write_text(
        json.dumps(
            {
                **connection(sandbox, workdir),
                "field_map": FIELD_MAP,
                "max_rows_per_upload": MAX_ROWS_PER_UPLOAD,
                "poll_interval_seconds": 0.2,
                "reject_file": str(rejects),
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    output = workdir / f"haihai-target-{count}.out"
    before = counters(sandbox)
    with plugin_clock(now):
        result = measured([str(BIN / TARGET), "--config", str(config)], stdin=source, stdout=output)
    after = counters(sandbox)
    source.unlink()
    result["calls"] = calls_by_key(before, after, now[:10])
    result["uploads"] = after["uploads"] - before["uploads"]
    result["status_polls"] = after["status_polls"] - before["status_polls"]
    result["minimum_uploads"] = math.ceil(count / MAX_ROWS_PER_UPLOAD)
    result["expected_status_polls"] = POLLS_PER_UPLOAD * result["minimum_uploads"]
    result["records_per_second"] = count / result["seconds"]
    imports = sandbox.control("/haihai/imports")["imports"]
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
    problems = []
    if result["imported"] != count or result["import_failures"]:
        problems.append(
            f"the emulator imported {result['imported']:,} of {count:,} contacts "
            f"({result['import_failures']} failed or その他)"
        )
    if result["rejected"]:
        problems.append(f"{result['rejected']} records rejected (see {rejects})")
    if result["state_out"] != state_of(count):
        problems.append(f"it passed on {result['state_out']!r}, not the input's final state")
    if problems:
        raise SystemExit(f"{TARGET} with {count:,} contacts: " + "; ".join(problems))
    return result


def csv_build(workdir: Path, count: int) -> dict:
    """Spool `count` rows and write them as the upload CSVs, in-process, each step timed.

    Why apart from the run: the target's records/s includes the SDK's message handling,
    record checks, the upload and the polls; this isolates the spool → CP932 CSV step the
    target repeats for every part before uploading it.
    """
    csv_format = CsvFormat.from_settings("cp932", "crlf")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        spool = OperationSpool(
            Path(tmp),
            Operation.REGISTER,
            max_rows=MAX_ROWS_PER_UPLOAD,
            email_field=FIELD_MAP["email"],
        )
        start = time.perf_counter()
        for record in contacts(count):
            cells = {FIELD_MAP[name]: value for name, value in record.items()}
            spool.add("contacts", record, cells)
        parts = spool.close()
        spooled = time.perf_counter()
        for part in parts:
            write_part_csv(part, part.path.with_suffix(".csv"), csv_format)
        written = time.perf_counter()
    return {
        "rows": count,
        "parts": len(parts),
        "spool_seconds": spooled - start,
        "csv_seconds": written - spooled,
        "spool_rows_per_second": count / (spooled - start),
        "csv_rows_per_second": count / (written - spooled),
    }


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every 配配メール measure."""
    small, large = TARGET_SIZES
    results: dict[str, t.Any] = {"tap": run_tap(sandbox, workdir)}
    for count in TARGET_SIZES:
        results[f"target_{count}"] = run_target(sandbox, workdir, count)
    results["csv_build"] = csv_build(workdir, large)
    results["rss_growth_mb"] = (
        results[f"target_{large}"]["peak_rss_mb"] - results[f"target_{small}"]["peak_rss_mb"]
    )
    return results


def rows(results: dict) -> list[tuple[str, str, str]]:
    """One row per measure: what was measured, the value, and the aim."""
    tap = results["tap"]
    first, second = tap["first_run"], tap["next_day_run"]
    keys = (*DATE_APIS, *RESPONDER_KEYS)
    small, large = (results[f"target_{count}"] for count in TARGET_SIZES)
    build = results["csv_build"]
    sizes = " / ".join(f"{count:,}" for count in TARGET_SIZES)
    return [
        (
            f"tap-haihai-mail: calls of a first run over {DAYS} days",
            f"{first['total_calls']}",
            f"= {DAYS} days x ({len(DATE_APIS)} date APIs + {len(MEASUREMENT_TYPES)} responder "
            f"types) + {len(LIST_APIS)} lists + {tap['forms']} forms = {first['minimum_calls']}",
        ),
        (
            "tap-haihai-mail: next day's calls per date API (" + ", ".join(keys) + ")",
            ", ".join(str(second["calls"].get(key, 0)) for key in keys),
            "1 each",
        ),
        (
            "tap-haihai-mail: calls of the next day's run",
            f"{second['total_calls']}",
            f"= {len(keys)} date calls + {len(LIST_APIS)} lists + {tap['forms']} forms "
            f"= {second['minimum_calls']}",
        ),
        (
            f"target-haihai-mail: uploads for {sizes} contacts",
            f"{small['uploads']} / {large['uploads']}",
            f"= ceil(N / {MAX_ROWS_PER_UPLOAD:,} max_rows_per_upload) = "
            f"{small['minimum_uploads']} / {large['minimum_uploads']}",
        ),
        (
            f"target-haihai-mail: status polls for {sizes} contacts",
            f"{small['status_polls']} / {large['status_polls']}",
            f"= {POLLS_PER_UPLOAD} per upload (処理待ち, 処理中, 完了) = "
            f"{small['expected_status_polls']} / {large['expected_status_polls']}",
        ),
        (
            f"target-haihai-mail: customers imported of {sizes}",
            f"{small['imported']:,} / {large['imported']:,}",
            "= N (checked; the run fails otherwise)",
        ),
        (
            f"target-haihai-mail records/s at {sizes} (whole run)",
            f"{small['records_per_second']:,.0f} / {large['records_per_second']:,.0f}",
            "",
        ),
        (
            f"target-haihai-mail CSV build rows/s at {build['rows']:,} (spool → CP932 CSV)",
            f"{build['csv_rows_per_second']:,.0f}",
            "",
        ),
        (
            f"target-haihai-mail spool rows/s at {build['rows']:,} (in-process)",
            f"{build['spool_rows_per_second']:,.0f}",
            "",
        ),
        (
            f"target-haihai-mail peak RSS at {sizes} contacts (MB)",
            f"{small['peak_rss_mb']:.0f} / {large['peak_rss_mb']:.0f}",
            "",
        ),
        (
            f"target-haihai-mail RSS growth {TARGET_SIZES[0]:,} -> {TARGET_SIZES[1]:,} (MB)",
            f"{results['rss_growth_mb']:.1f}",
            "< 30",
        ),
    ]


if __name__ == "__main__":
    with Sandbox() as box, tempfile.TemporaryDirectory() as scratch:
        measures = run(box, Path(scratch))
        json.dump(measures, sys.stdout, indent=2, ensure_ascii=False)
        print()
        for row in rows(measures):
            print(" | ".join(row))
