"""配配メール benchmarks of tap-haihai-mail, and the account both 配配メール plugins run in.

- tap calls of a first run over the 7 seeded days vs the minimum its README promises: per day
  1 call per date API (opens, clicks, visits, mails) and per measurement type of responders
  (3), plus 1 per list API (unsubscribed_customers, forms, groups, database_fields), 1 per
  form for form_answers and none for customer_view_urls (customer_view_emails empty);
- tap calls of the next day's run, started from the first run's state (aim: 1 per date API,
  1 per measurement type of responders).
The tap's data is a few rows a day and its limit is the quota (240 calls a day per API), so
calls are its measure; speed and memory are measured on the target (haihai_target_bench).
"""

from __future__ import annotations

import json
import tempfile
import typing as t
from datetime import date, timedelta
from pathlib import Path

from checks import Row, equal
from harness import BIN, Sandbox, measured, plugin_clock

TAP = "tap-haihai-mail"
TOKEN = "sandbox-haihai-token"
# Bridge is the only plan with every API (visits, forms, form answers); the emulator's quota
# is raised so it never refuses, the plugins keep their ledger at the plan's 240 a day.
ACCOUNT = {"plan": "bridge", "daily_quota": 10_000_000}
PLUGIN_PLAN = {"plan": "bridge", "daily_call_budget": 240}
DAYS = 7
DATE_APIS = ("opens", "clicks", "visits", "mails")
MEASUREMENT_TYPES = ("open", "click", "conversion")
RESPONDER_KEYS = tuple(f"responders:{kind}" for kind in MEASUREMENT_TYPES)
LIST_APIS = ("unsubscribed_customers", "forms", "groups", "database_fields")


def start_account(sandbox: Sandbox) -> str:
    """A fresh 配配メール account whose clock is frozen at 10:00 JST of the emulator's day.

    Why frozen: the tap reads up to yesterday and the quota turns at 0:00 JST; a run that
    crossed midnight would change what it reads. Returns that instant, for the plugins'
    clock (`SINGER_CONNECTORS_NOW`), so the emulator and the plugins agree on the day.
    """
    sandbox.haihai.reset()
    sandbox.haihai.configure(**ACCOUNT)
    day = sandbox.haihai.clock()["day"]
    return str(sandbox.haihai.set_clock(f"{day}T10:00:00+09:00")["now"])


def advance_one_day(sandbox: Sandbox) -> str:
    """Move the emulator one day on; its new now, for the plugins' clock."""
    return str(sandbox.haihai.advance_clock(86_400)["now"])


def counters(sandbox: Sandbox) -> dict:
    """The emulator's call counters (cumulative: measures diff two snapshots)."""
    return sandbox.haihai.counters()


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
        "base_url": sandbox.haihai.url,
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
    day = sandbox.haihai.clock()["day"]
    result["calls"] = calls_by_key(before, after, day)
    result["total_calls"] = sum(result["calls"].values())
    result["failed_calls"] = after["failed"] - before["failed"]
    result["output"] = str(output)
    return result


def run_tap(sandbox: Sandbox, workdir: Path) -> dict:
    """Seed 7 days, read them all, then read the next day from the first run's state."""
    now = start_account(sandbox)
    sandbox.haihai.seed(days=DAYS)
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


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every tap measure."""
    return {"tap": run_tap(sandbox, workdir)}


def rows(results: dict) -> list[Row]:
    """One row per measure: what was measured, the value, and the aim."""
    tap = results["tap"]
    first, second = tap["first_run"], tap["next_day_run"]
    keys = (*DATE_APIS, *RESPONDER_KEYS)
    return [
        equal(
            f"{TAP}: calls of a first run over {DAYS} days",
            first["total_calls"],
            first["minimum_calls"],
            f"{DAYS} days x ({len(DATE_APIS)} date APIs + {len(MEASUREMENT_TYPES)} responder "
            f"types) + {len(LIST_APIS)} lists + {tap['forms']} forms",
        ),
        equal(
            f"{TAP}: next day's calls per date API (" + ", ".join(keys) + ")",
            [second["calls"].get(key, 0) for key in keys],
            [1] * len(keys),
            "1 each",
        ),
        equal(
            f"{TAP}: calls of the next day's run",
            second["total_calls"],
            second["minimum_calls"],
            f"{len(keys)} date calls + {len(LIST_APIS)} lists + {tap['forms']} forms",
        ),
    ]
