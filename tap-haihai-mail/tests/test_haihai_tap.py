"""tap-haihai-mail as a real process against the 配配メール sandbox."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from vendor_sandbox.testing.haihai import (
    NOW,
    at,
    calls_on,
    connection_config,
    next_day,
    seeded_at_now,
)
from vendor_sandbox.testing.runner import selecting

TAP = "tap-haihai-mail"
DATE_APIS = ("opens", "clicks", "visits", "mails")
MEASUREMENT_TYPES = ("open", "click", "conversion")
EXIT_BUDGET_SPENT = 75


def tap_config(haihai, tmp_path, **overrides):
    return connection_config(haihai, str(tmp_path / "state"), **overrides)


def bookmarks(state: dict) -> dict:
    """Stream (or stream[measurement type]) → its date bookmark."""
    found = {}
    for stream, entry in state["bookmarks"].items():
        if "replication_key_value" in entry:
            found[stream] = entry["replication_key_value"]
        for partition in entry.get("partitions", []):
            found[f"{stream}[{partition['context']['measurement_type']}]"] = partition[
                "replication_key_value"
            ]
    return found


def test_every_stream_reads_its_api_once_per_day_with_typed_values(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    config = tap_config(
        haihai,
        tmp_path,
        start_date="2026-11-20",
        customer_view_emails=["customer001@example.jp", "nobody@example.jp"],
    )
    run = run_plugin(TAP, config, env=env)
    assert run.returncode == 0, run.stderr
    counts = Counter(message["stream"] for message in run.messages if message["type"] == "RECORD")
    assert counts == {
        "opens": 3 * 6,
        "clicks": 3 * 4,
        "visits": 3 * 3,
        "mails": 3 * 2,
        "responders": 3 * 2 * len(MEASUREMENT_TYPES),
        "unsubscribed_customers": 2,
        "forms": 2,
        "form_answers": 6,
        "groups_and_step_plans": 3,
        "database_fields": 6,
        "customer_view_urls": 1,
    }
    # One call per date API per day (three days), one per measurement type per day, one per
    # list, one per form, one per listed address (the unknown one is refused, not counted).
    assert calls_on(haihai, "2026-11-23") == {
        **dict.fromkeys(DATE_APIS, 3),
        **{f"responders:{kind}": 3 for kind in MEASUREMENT_TYPES},
        "unsubscribed_customers": 1,
        "forms": 1,
        "form_answers": 2,
        "groups": 1,
        "database_fields": 1,
        "customer_view_url": 1,
    }
    opens = run.records("opens")
    assert {record["date"] for record in opens} == {"2026-11-20", "2026-11-21", "2026-11-22"}
    assert all(record["opened_at"].endswith("+09:00") for record in opens)
    assert {record["status"] for record in run.records("unsubscribed_customers")} == {
        "stopped",
        "forbidden",
    }
    mails = run.records("mails")
    assert {record["delivery_type"] for record in mails} == {"broadcast", "step_mail"}
    assert all(isinstance(record["delivered_count"], int) for record in mails)
    answers = [
        answer for record in run.records("form_answers") for answer in record["answers"].values()
    ]
    assert any("," in answer and '"' in answer and "\n" in answer for answer in answers)
    assert run.records("customer_view_urls")[0]["email"] == "customer001@example.jp"
    assert "nobody@example.jp" in run.stderr
    assert bookmarks(run.states()[-1]) == {
        **dict.fromkeys(DATE_APIS, "2026-11-22"),
        **{f"responders[{kind}]": "2026-11-22" for kind in MEASUREMENT_TYPES},
        # The latest 更新日時 of the stopped/forbidden list (the seed changes them yesterday).
        "unsubscribed_customers": "2026-11-22T12:00:00+09:00",
    }
    assert "sandbox-haihai-token" not in run.stderr


def test_the_next_day_costs_one_call_per_date_api(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    config = tap_config(haihai, tmp_path, start_date="2026-11-21")
    catalog = selecting(
        json.loads(run_plugin(TAP, config, args=("--discover",)).stdout), "opens", "responders"
    )
    first = run_plugin(TAP, config, catalog=catalog, env=env)
    assert first.returncode == 0, first.stderr

    again = run_plugin(TAP, config, catalog=catalog, state=first.states()[-1], env=env)
    assert again.returncode == 0, again.stderr
    assert again.records() == []
    assert calls_on(haihai, "2026-11-23") == {
        "opens": 2,
        **{f"responders:{kind}": 2 for kind in MEASUREMENT_TYPES},
    }

    tomorrow = next_day(NOW)
    env = at(haihai, tomorrow)
    haihai.add_events(
        opens=[
            {
                "mail_id": 900,
                "subject": "新着",
                "mail_address": "customer005@example.jp",
                "at": "2026-11-23T20:00:00+09:00",
            }
        ]
    )
    later = run_plugin(TAP, config, catalog=catalog, state=again.states()[-1], env=env)
    assert later.returncode == 0, later.stderr
    assert [record["mail_id"] for record in later.records("opens")] == ["900"]
    assert calls_on(haihai, "2026-11-24") == {
        "opens": 1,
        **{f"responders:{kind}": 1 for kind in MEASUREMENT_TYPES},
    }
    assert bookmarks(later.states()[-1])["opens"] == "2026-11-23"


def test_a_spent_budget_stops_at_a_complete_day_and_resumes_the_next_day(
    haihai, run_plugin, tmp_path
):
    env = seeded_at_now(haihai)
    config = tap_config(haihai, tmp_path, start_date="2026-11-18", daily_call_budget=3)
    catalog = selecting(
        json.loads(run_plugin(TAP, config, args=("--discover",)).stdout), "opens", "mails"
    )
    first = run_plugin(TAP, config, catalog=catalog, env=env)
    assert first.returncode == EXIT_BUDGET_SPENT
    assert "resets at 2026-11-24T00:00:00+09:00" in first.stderr
    # Both streams ran (separate quotas), each stopped after three whole days.
    assert bookmarks(first.states()[-1]) == {"opens": "2026-11-20", "mails": "2026-11-20"}
    assert haihai.counters()["rate_limited"] == 0

    same_day = run_plugin(TAP, config, catalog=catalog, state=first.states()[-1], env=env)
    assert same_day.returncode == EXIT_BUDGET_SPENT
    assert same_day.records() == []
    assert calls_on(haihai, "2026-11-23") == {"opens": 3, "mails": 3}

    env = at(haihai, next_day(NOW))
    resumed = run_plugin(TAP, config, catalog=catalog, state=first.states()[-1], env=env)
    assert resumed.returncode == 0, resumed.stderr
    opens = first.records("opens") + resumed.records("opens")
    keys = [(r["date"], r["mail_id"], r["email"], r["opened_at"]) for r in opens]
    assert len(keys) == len(set(keys))  # nothing read twice
    assert {r["date"] for r in opens} == {f"2026-11-{day}" for day in range(18, 23)}
    assert len(opens) == 5 * 6  # nothing lost
    assert bookmarks(resumed.states()[-1]) == {"opens": "2026-11-23", "mails": "2026-11-23"}


def test_a_429_from_the_vendor_stops_the_api_for_the_day(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    haihai.configure(daily_quota=1)
    config = tap_config(haihai, tmp_path, start_date="2026-11-21")
    catalog = selecting(json.loads(run_plugin(TAP, config, args=("--discover",)).stdout), "opens")
    run = run_plugin(TAP, config, catalog=catalog, env=env)
    assert run.returncode == EXIT_BUDGET_SPENT
    assert "HTTP 429" in run.stderr
    assert bookmarks(run.states()[-1]) == {"opens": "2026-11-21"}
    again = run_plugin(TAP, config, catalog=catalog, state=run.states()[-1], env=env)
    assert again.returncode == EXIT_BUDGET_SPENT
    assert haihai.counters()["rate_limited"] == 1  # the ledger remembered the 429


def test_bridge_only_streams_are_skipped_on_the_standard_plan(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    haihai.configure(plan="standard")
    run = run_plugin(TAP, tap_config(haihai, tmp_path, plan="standard"), env=env)
    assert run.returncode == 0, run.stderr
    for stream in ("visits", "forms"):  # form_answers is read per form: none without forms
        assert f"Skipping stream '{stream}'" in run.stderr
    for stream in ("visits", "forms", "form_answers"):
        assert run.records(stream) == []
    assert not {"visits", "forms", "form_answers"} & set(calls_on(haihai, "2026-11-23"))
    assert run.records("opens")


@pytest.mark.parametrize(
    ("setup", "overrides", "words"),
    [
        ({}, {"api_token": "wrong-token"}, "rejected the API token"),
        ({"allowed_ips": ["203.0.113.7"]}, {}, "API IPアドレス制限"),
        ({"plan": "standard"}, {"plan": "bridge"}, "needs the Bridge plan"),
    ],
)
def test_token_ip_and_plan_refusals_stop_with_a_clear_line(
    haihai, run_plugin, tmp_path, setup, overrides, words
):
    env = seeded_at_now(haihai)
    if setup:
        haihai.configure(**setup)
    config = tap_config(haihai, tmp_path, **overrides)
    catalog = selecting(json.loads(run_plugin(TAP, config, args=("--discover",)).stdout), "visits")
    run = run_plugin(TAP, config, catalog=catalog, env=env)
    assert run.returncode == 1
    assert words in run.stderr
    assert "Traceback" not in run.stderr
    assert "wrong-token" not in run.stderr


def test_answers_in_utf8_with_lf_are_read_by_their_declared_charset(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    haihai.configure(csv_encoding="utf-8", csv_line_ending="lf")
    config = tap_config(haihai, tmp_path)
    catalog = selecting(
        json.loads(run_plugin(TAP, config, args=("--discover",)).stdout), "form_answers", "forms"
    )
    run = run_plugin(TAP, config, catalog=catalog, env=env)
    assert run.returncode == 0, run.stderr
    text = json.dumps(run.records("form_answers"), ensure_ascii=False)
    assert any(character in text for character in "①髙")


def test_the_unsubscribed_list_passes_on_only_changes_since_the_bookmark(
    haihai, run_plugin, tmp_path
):
    env = seeded_at_now(haihai)
    config = tap_config(haihai, tmp_path)
    catalog = selecting(
        json.loads(run_plugin(TAP, config, args=("--discover",)).stdout), "unsubscribed_customers"
    )
    first = run_plugin(TAP, config, catalog=catalog, env=env)
    assert first.returncode == 0, first.stderr
    seeded = first.records("unsubscribed_customers")
    assert len(seeded) == 2
    latest = max(record["updated_at"] for record in seeded)

    # A customer stops delivery the next day: that row moves, with the rows of the bookmark's
    # own second (Singer bookmarks are inclusive, so a same-second change is never missed).
    env = at(haihai, next_day(NOW))
    haihai.put_customers([{"mail_address": "customer003@example.jp", "status": "配信停止"}])
    again = run_plugin(TAP, config, catalog=catalog, state=first.states()[-1], env=env)
    assert again.returncode == 0, again.stderr
    changed = again.records("unsubscribed_customers")
    assert [r["email"] for r in changed if r["updated_at"] > latest] == ["customer003@example.jp"]
    assert {r["updated_at"] for r in changed if r["updated_at"] <= latest} == {latest}

    # Nothing changed since: only the bookmark's own second repeats, older rows stay put.
    env = at(haihai, next_day(NOW, days=2))
    last = run_plugin(TAP, config, catalog=catalog, state=again.states()[-1], env=env)
    assert last.returncode == 0, last.stderr
    assert [r["email"] for r in last.records("unsubscribed_customers")] == [
        "customer003@example.jp"
    ]
    assert calls_on(haihai, "2026-11-25") == {"unsubscribed_customers": 1}
