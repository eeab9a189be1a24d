"""target-infusionsoft as a real process against the Keap sandbox.

What Keap ended up holding is read from the sandbox's write log (`keap.written`) and its
records, not from what the target believes it sent.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from vendor_sandbox.testing.keap import TAP, key_config, oauth_config
from vendor_sandbox.testing.runner import singer_lines

TARGET = "target-infusionsoft"
DELETED = {"_sdc_deleted_at": "2026-02-01T00:00:00Z"}
ANN = {"email_addresses": [{"email": "ann@shop.example", "field": "EMAIL1"}], "given_name": "Ann"}


def stream(name: str, *records: dict) -> list[dict]:
    """A SCHEMA naming the records' properties, then the records."""
    names = dict.fromkeys(key for record in records for key in record)
    schema = {
        "type": "SCHEMA",
        "stream": name,
        "key_properties": [],
        "schema": {"type": "object", "properties": {key: {} for key in names}},
    }
    return [schema, *({"type": "RECORD", "stream": name, "record": r} for r in records)]


def target_config(keap, tmp_path: Path, **overrides) -> dict:
    return key_config(
        keap, str(tmp_path / "state"), reject_file=str(tmp_path / "rejects.jsonl"), **overrides
    )


def rejects(tmp_path: Path) -> list[dict]:
    path = tmp_path / "rejects.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def applied(keap, resource: str) -> list[tuple[str, int]]:
    """(operation, status) of each write Keap applied to a resource, oldest first."""
    return [(entry["operation"], entry["status"]) for entry in keap.written(resource)]


def test_every_action_is_written_to_keap(keap, run_plugin, tmp_path):
    order = keap.records("orders")[1]
    item_id = order["order_items"][0]["id"]
    plan_product = next(p for p in keap.records("products") if p["subscription_plans"])
    plan_id = plan_product["subscription_plans"][0]["id"]
    lines = [
        *stream("account_profile", {"name": "Shop Example"}),
        *stream("affiliates", {"code": "AFF1", "contact_id": 3, "password": "s3cret"}),
        *stream(
            "appointments",
            {
                "title": "Call",
                "start_date": "2026-03-01T10:00:00Z",
                "end_date": "2026-03-01T10:30:00Z",
            },
            {"id": 2, "title": "Moved"},
            {"id": 3, **DELETED},
        ),
        *stream(
            "campaign_sequence_contacts",
            {"campaign_id": 1, "sequence_id": 1, "contact_id": 3},
            {"campaign_id": 1, "sequence_id": 1, "contact_id": 3, **DELETED},
        ),
        *stream("companies", {"company_name": "ACME"}, {"id": 2, "notes": "Key account"}),
        *stream("contacts", ANN, {"id": 4, "job_title": "CTO"}, {"id": 5, **DELETED}),
        *stream(
            "contact_tags",
            {"contact_id": 3, "tag_id": 1},
            {"contact_email": "ann@shop.example", "tag_name": "配信停止"},
            {"contact_id": 3, "tag_id": 1, **DELETED},
        ),
        *stream(
            "orders",
            {
                "contact_id": 3,
                "order_date": "2026-03-01T00:00:00.000Z",
                "order_title": "Web order",
                "order_type": "Online",
                "order_items": [{"product_id": 2, "quantity": 1}],
            },
        ),
        *stream(
            "order_items",
            {"order_id": 3, "product_id": 2, "quantity": 2},
            {"order_id": order["id"], "id": item_id, **DELETED},
        ),
        *stream("order_payments", {"order_id": 3, "payment_amount": "5.00", "charge_now": False}),
        *stream("subscriptions", {"contact_id": 3, "subscription_plan_id": plan_id}),
        *stream(
            "emails",
            {"sent_to_address": "ann@shop.example", "subject": "Hello", "contact_id": 3},
            {"id": 2, "sent_to_address": "ann@shop.example", "subject": "Re"},
            {"id": 3, **DELETED},
        ),
        *stream(
            "files",
            {
                "file_name": "a.txt",
                "file_data": "aGVsbG8=",
                "is_public": False,
                "file_association": "CONTACT",
                "contact_id": 3,
            },
        ),
        *stream(
            "notes",
            {"contact_id": 3, "title": "Called"},
            {"id": 2, "body": "Left a message"},
            {"id": 3, **DELETED},
        ),
        *stream(
            "opportunities",
            {"opportunity_title": "Renewal", "contact": {"id": 3}, "stage": {"id": 1}},
            {"id": 2, "stage": {"id": 2}},
        ),
        *stream(
            "products",
            {"product_name": "Widget", "sku": "W-1"},
            {"id": 2, "active": False},
            {"id": 9, **DELETED},
        ),
        *stream(
            "product_subscriptions",
            {"product_id": 4, "cycle_type": "MONTH", "frequency": 1, "plan_price": 9.5},
            {"product_id": plan_product["id"], "id": plan_id, **DELETED},
        ),
        *stream(
            "hooks",
            {"eventKey": "contact.add", "hookUrl": "https://example.com/hook"},
            {"key": "2", "eventKey": "order.add", "hookUrl": "https://example.com/orders"},
            {"key": "1", **DELETED},
        ),
        *stream("tags", {"name": "VIP"}),
        *stream(
            "tasks",
            {"title": "Follow up", "due_date": "2026-03-05T09:00:00Z"},
            {"id": 2, "completed": True},
            {"id": 3, **DELETED},
        ),
        *stream("users", {"email": "new.user@shop.example", "given_name": "New"}),
    ]

    run = run_plugin(TARGET, target_config(keap, tmp_path), stdin=singer_lines(*lines))

    assert run.returncode == 0, run.stderr
    assert rejects(tmp_path) == []
    assert applied(keap, "account_profile") == [("update", 200)]
    assert applied(keap, "affiliates") == [("create", 201)]
    assert applied(keap, "appointments") == [("create", 201), ("update", 200), ("delete", 204)]
    assert applied(keap, "campaign_sequence_contacts") == [("create", 204), ("delete", 204)]
    assert applied(keap, "companies") == [("create", 201), ("update", 200)]
    assert applied(keap, "contacts") == [("upsert", 200), ("update", 200), ("delete", 204)]
    assert [entry["operation"] for entry in keap.written("tags")] == ["create", "create"]
    assert applied(keap, "contact_tags") == [("create", 200), ("create", 200), ("delete", 204)]
    assert applied(keap, "orders") == [("create", 201)]
    assert applied(keap, "order_items") == [("create", 201), ("delete", 204)]
    assert applied(keap, "order_payments") == [("create", 201)]
    assert applied(keap, "subscriptions") == [("create", 201)]
    assert applied(keap, "emails") == [("create", 201), ("update", 200), ("delete", 204)]
    assert applied(keap, "files") == [("create", 200)]
    assert applied(keap, "notes") == [("create", 201), ("update", 200), ("delete", 204)]
    assert applied(keap, "opportunities") == [("create", 200), ("update", 200)]
    assert applied(keap, "products") == [("create", 201), ("update", 200), ("delete", 204)]
    assert applied(keap, "product_subscriptions") == [("create", 201), ("delete", 204)]
    assert applied(keap, "hooks") == [("create", 200), ("update", 200), ("delete", 204)]
    assert applied(keap, "tasks") == [("create", 200), ("update", 200), ("delete", 204)]
    assert applied(keap, "users") == [("create", 201)]
    # What was written reads back as Keap holds it.
    ann = keap.written("contacts")[0]
    assert ann["request"]["duplicate_option"] == "Email"
    tagged = [entry for entry in keap.written("contact_tags") if entry["id"] == ann["id"]]
    (new_tag,) = [entry for entry in keap.written("tags") if entry["request"]["name"] == "配信停止"]
    assert tagged[0]["request"] == {"tagIds": [new_tag["id"]]}
    assert (
        "Keap progress: 42 record(s) written (0 of them already in Keap), 0 rejected, 0 pending"
        in run.stderr
    )


def test_rejects_name_the_record_and_field_and_the_run_goes_on(keap, run_plugin, tmp_path):
    lines = stream(
        "notes",
        {"contact_id": 3},
        {"id": 999999, "title": "Unknown note"},
        {"contact_id": 3, "title": "Fine"},
    )

    run = run_plugin(TARGET, target_config(keap, tmp_path), stdin=singer_lines(*lines))

    assert run.returncode == 1  # fail_on_reject, after everything else was written
    refused_early, refused_by_keap = rejects(tmp_path)
    assert refused_early["reason"] == (
        "input line 2: notes record: a Keap note needs a title or a body"
    )
    assert refused_by_keap["record"] == {"id": 999999, "title": "Unknown note"}
    assert refused_by_keap["reason"].startswith(
        "input line 3: notes record id=999999: Keap refused it (HTTP 404): "
    )
    assert refused_by_keap["vendor_response"]["status"] == 404
    assert applied(keap, "notes") == [("create", 201)]


def test_keaps_400_message_goes_to_the_reject_file(keap, run_plugin, tmp_path):
    bad_region = {
        **ANN,
        "addresses": [{"field": "BILLING", "region": "Atlantis", "country_code": "USA"}],
    }

    run = run_plugin(
        TARGET,
        target_config(keap, tmp_path, fail_on_reject=False),
        stdin=singer_lines(*stream("contacts", bad_region)),
    )

    assert run.returncode == 0, run.stderr
    (reject,) = rejects(tmp_path)
    assert reject["vendor_response"]["status"] == 400
    assert reject["reason"].endswith(reject["vendor_response"]["message"])
    assert keap.written("contacts") == []


@pytest.mark.parametrize(
    "how",
    [
        {"how": "drop"},
        {"how": "timeout", "seconds": 3},
        {"how": "http_error", "status": 503},
    ],
)
def test_a_lost_answer_is_looked_up_and_nothing_is_created_twice(keap, run_plugin, tmp_path, how):
    notes = [{"contact_id": 3, "title": f"Call {i}", "body": "Left a message"} for i in range(4)]
    keap.lose_answer("POST", "/notes", after=1, **how)

    run = run_plugin(
        TARGET,
        target_config(keap, tmp_path, request_timeout=1),
        stdin=singer_lines(*stream("notes", *notes)),
    )

    assert run.returncode == 0, run.stderr
    written = keap.written("notes")
    assert [entry["request"]["title"] for entry in written] == [n["title"] for n in notes]
    assert [entry["answer_lost"] for entry in written] == [None, how["how"], None, None]
    assert rejects(tmp_path) == []
    counters = keap.counters()["by_path"]
    assert counters["POST /notes"] == 4
    assert counters["GET /notes"] == 1  # the one look-up
    assert "1 of them already in Keap" in run.stderr


def test_a_product_subscription_whose_answer_was_lost_is_not_created_twice(
    keap, run_plugin, tmp_path
):
    """The look-up reads the plan back from `GET /products/{id}` under Keap's `cycle_type`."""
    plans = [
        {"product_id": 2, "cycle_type": "MONTH", "frequency": 1, "plan_price": 9.5},
        {"product_id": 2, "cycle_type": "YEAR", "frequency": 1, "plan_price": 99.0},
    ]
    keap.lose_answer("POST", "/products/2/subscriptions")

    run = run_plugin(
        TARGET,
        target_config(keap, tmp_path),
        stdin=singer_lines(*stream("product_subscriptions", *plans)),
    )

    assert run.returncode == 0, run.stderr
    written = keap.written("product_subscriptions")
    assert [entry["answer_lost"] for entry in written] == ["drop", None]
    product = next(p for p in keap.records("products") if p["id"] == 2)
    kept = [(plan["cycle_type"], plan["plan_price"]) for plan in product["subscription_plans"]]
    assert kept == [("MONTH", 9.5), ("YEAR", 99.0)]
    assert rejects(tmp_path) == []
    counters = keap.counters()["by_path"]
    assert counters["POST /products/{id}/subscriptions"] == 2
    assert counters["GET /products/{id}"] == 1  # the one look-up
    assert "1 of them already in Keap" in run.stderr


def test_a_killed_run_resumes_without_a_duplicate(keap, run_plugin, tmp_path):
    notes = [{"contact_id": 3, "title": f"Visit {i}", "body": "On site"} for i in range(8)]
    lines = singer_lines(*stream("notes", *notes))
    config = target_config(keap, tmp_path)
    # The 4th create is applied and its answer held back: the run is killed while waiting.
    keap.lose_answer("POST", "/notes", after=3, how="timeout", seconds=60)

    process = run_plugin.start(TARGET, config, stdin=lines)
    deadline = time.monotonic() + 60
    while len(keap.written("notes")) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    killed = run_plugin.collect(TARGET, process)
    assert killed.returncode == -signal.SIGKILL
    assert len(keap.written("notes")) == 4

    resumed = run_plugin(TARGET, config, stdin=lines)

    assert resumed.returncode == 0, resumed.stderr
    titles = [entry["request"]["title"] for entry in keap.written("notes")]
    assert titles == [note["title"] for note in notes]  # each once, in order
    assert "4 of them already in Keap" in resumed.stderr


def test_a_re_run_of_the_same_input_creates_nothing_more(keap, run_plugin, tmp_path):
    lines = singer_lines(
        *stream("tasks", {"title": "Call back", "due_date": "2026-03-05T09:00:00Z"})
    )
    config = target_config(keap, tmp_path)

    first = run_plugin(TARGET, config, stdin=lines)
    second = run_plugin(TARGET, config, stdin=lines)

    assert first.returncode == second.returncode == 0
    assert applied(keap, "tasks") == [("create", 200)]


def test_state_follows_only_what_keap_answered(keap, run_plugin, tmp_path):
    state = {"type": "STATE", "value": {"bookmarks": {"notes": {"offset": 2}}}}
    lines = singer_lines(
        *stream("notes", {"contact_id": 3, "title": "A"}, {"contact_id": 3, "title": "B"}), state
    )
    keap.fault("http_error", count=50, path="/notes", status=503)

    failed = run_plugin(TARGET, target_config(keap, tmp_path), stdin=lines)

    assert failed.returncode == 75
    assert failed.states() == []
    keap.reset()
    done = run_plugin(TARGET, target_config(keap, tmp_path), stdin=lines)
    assert done.returncode == 0, done.stderr
    assert done.states() == [state["value"]]


def test_a_tap_and_a_target_of_one_app_share_the_rotating_refresh_token(keap, run_plugin, tmp_path):
    keap.configure(token_ttl=1, latency=0.1)
    config = oauth_config(keap, str(tmp_path / "state"), reject_file=str(tmp_path / "r.jsonl"))
    notes = [{"contact_id": 3, "title": f"Note {i}"} for i in range(6)]

    first = run_plugin(TARGET, config, stdin=singer_lines(*stream("notes", *notes[:3])))
    tap = run_plugin(
        TAP, {k: v for k, v in config.items() if k != "reject_file"}, args=("--discover",)
    )
    second = run_plugin(TARGET, config, stdin=singer_lines(*stream("notes", *notes[3:])))

    assert first.returncode == tap.returncode == second.returncode == 0, second.stderr
    counters = keap.counters()
    assert counters["token_calls"] >= 3
    assert counters["refresh_tokens_rejected"] == 0
    assert len(list(Path(config["state_dir"]).glob("keap-oauth-*.json"))) == 1
    assert len(keap.written("notes")) == 6


def test_the_sandboxs_opt_in_409_on_a_duplicate_email_is_a_reject(keap, run_plugin, tmp_path):
    """Keap v1 documents no 409 (it keeps duplicate contacts); the sandbox's knob makes one."""
    keap.configure(duplicate_email_conflict=True)
    taken = keap.records("contacts")[0]["email_addresses"][0]["email"]
    contact = {"email_addresses": [{"email": taken, "field": "EMAIL1"}], "given_name": "Dup"}

    run = run_plugin(
        TARGET,
        target_config(
            keap, tmp_path, fail_on_reject=False, stream_operations={"contacts": "create"}
        ),
        stdin=singer_lines(*stream("contacts", contact)),
    )

    assert run.returncode == 0, run.stderr
    (reject,) = rejects(tmp_path)
    assert reject["vendor_response"]["status"] == 409
    assert reject["reason"].startswith(
        "input line 2: contacts record: Keap refused it (HTTP 409): "
    )
    assert keap.written("contacts") == []


def test_writes_slow_down_on_keaps_throttle_headers_before_a_429(keap, run_plugin, tmp_path):
    """Writes count against the credential's throttle like reads and are paced by it alone.

    12 creates in a window of 12: the answer to the 11th leaves the reserve of one, so the
    target pauses (its waits scaled down by the runner) before the 12th, which Keap takes.
    """
    keap.configure(throttle_limit=12)
    notes = [{"contact_id": 3, "title": f"Paced {i}"} for i in range(12)]
    config = oauth_config(keap, str(tmp_path / "state"), reject_file=str(tmp_path / "r.jsonl"))

    run = run_plugin(TARGET, config, stdin=singer_lines(*stream("notes", *notes)))

    assert run.returncode == 0, run.stderr
    assert "x-keap-product-throttle is nearly spent; pausing" in run.stderr
    assert keap.counters()["throttled"] == 0
    assert len(keap.written("notes")) == 12


def test_keaps_daily_quota_stops_the_run_with_exit_75_and_no_state(keap, run_plugin, tmp_path):
    keap.configure(quota_used=29_995)
    notes = [{"contact_id": 3, "title": f"Quota {i}"} for i in range(10)]
    state = {"type": "STATE", "value": {"bookmarks": {"notes": {"offset": 10}}}}

    run = run_plugin(
        TARGET, target_config(keap, tmp_path), stdin=singer_lines(*stream("notes", *notes), state)
    )

    assert run.returncode == 75, run.stderr
    assert "quota" in run.stderr
    assert run.states() == []
    assert len(keap.written("notes")) < 10


def test_a_record_too_large_for_keap_is_rejected_and_the_run_goes_on(keap, run_plugin, tmp_path):
    """The sandbox's gateway refuses a body over 10 MB (413); the next record is written."""
    notes = [
        {"contact_id": 3, "title": "Huge", "body": "x" * 11_000_000},
        {"contact_id": 3, "title": "Small", "body": "fits"},
    ]

    run = run_plugin(
        TARGET,
        target_config(keap, tmp_path, fail_on_reject=False),
        stdin=singer_lines(*stream("notes", *notes)),
    )

    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    (reject,) = rejects(tmp_path)
    assert reject["reason"].startswith("input line 2: notes record: Keap refused it (HTTP 413): ")
    assert reject["reason"].endswith(
        "(the largest property is 'body': 11,000,002 characters of JSON)"
    )
    assert reject["vendor_response"]["status"] == 413
    assert [entry["request"]["title"] for entry in keap.written("notes")] == ["Small"]


def test_a_hook_key_holding_a_path_deletes_nothing_else(keap, run_plugin, tmp_path):
    contacts = len(keap.records("contacts"))
    hooks = [
        {"key": "../contacts/5", **DELETED},
        {"key": "1?x=y", **DELETED},
        {"key": "2", **DELETED},
    ]

    run = run_plugin(
        TARGET,
        target_config(keap, tmp_path, fail_on_reject=False),
        stdin=singer_lines(*stream("hooks", *hooks)),
    )

    assert run.returncode == 0, run.stderr
    assert [
        reject["reason"].split(": Keap refused it (HTTP 404)")[0] for reject in rejects(tmp_path)
    ] == [
        "input line 2: hooks record key='../contacts/5'",
        "input line 3: hooks record key='1?x=y'",
    ]
    assert [(entry["resource"], entry["path"]) for entry in keap.written()] == [
        ("hooks", "/hooks/2")
    ]
    assert len(keap.records("contacts")) == contacts
