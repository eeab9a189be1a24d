"""No duplicates after a failure: lost answers, re-runs and killed runs, with the write journal.

Keap has no idempotency key. A create whose answer is lost is looked up before it is sent
again; a create an earlier run journaled is not sent at all; one an earlier run sent and never
heard back about is looked up first; one Keap offers no look-up for is not guessed at.
"""

from __future__ import annotations

import json

import pytest
import requests
from keap_target import calls, config, messages, rejects, run, writes

from keap_client.settings import KeapConnectionSettings
from keap_client.testing import BASE
from singer_commons.errors import DailyBudgetExhausted, VendorUnavailable
from singer_commons.write_journal import WriteJournal, record_digest
from target_infusionsoft.writer import write_journal

DROPPED = {"exc": requests.exceptions.ConnectionError("connection reset by peer")}
NOTE = {"contact_id": 3, "title": "Called", "body": "Left a message"}


def journal_of(cfg: dict) -> WriteJournal:
    return write_journal(KeapConnectionSettings.from_config(cfg))


def test_a_lost_answer_is_settled_by_a_look_up_not_a_second_create(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/notes", [DROPPED])
    mocked_keap.get(
        f"{BASE}/notes",
        json={
            "notes": [{"id": 4, "contact_id": 3, "title": "Other"}, {"id": 9, **NOTE}],
            "count": 2,
        },
    )
    cfg = config(tmp_path)

    target = run(cfg, *messages("notes", NOTE))

    assert [call[:2] for call in calls(mocked_keap)] == [
        ("POST", "/notes"),
        ("GET", "/notes?contact_id=3&limit=1000&offset=0"),
    ]
    assert rejects(tmp_path) == []
    assert target.progress.written == 1
    assert target.progress.already == 1
    digest = record_digest("notes", "create", {}, NOTE)
    assert journal_of(cfg).entry(digest).vendor_id == "9"


def test_a_create_the_look_up_cannot_find_is_sent_once_more(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/notes", [DROPPED, {"status_code": 201, "json": {"id": 10}}])
    mocked_keap.get(f"{BASE}/notes", json={"notes": [], "count": 0})

    run(config(tmp_path), *messages("notes", NOTE))

    assert [call[0] for call in calls(mocked_keap)] == ["POST", "GET", "POST"]
    assert rejects(tmp_path) == []


def test_a_re_run_sends_nothing_for_records_already_created(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/notes", status_code=201, json={"id": 10})
    cfg = config(tmp_path)

    run(cfg, *messages("notes", NOTE))
    second = run(cfg, *messages("notes", NOTE, {**NOTE, "title": "Called again"}))

    assert [body["title"] for _, _, body in writes(mocked_keap)] == ["Called", "Called again"]
    assert second.progress.written == 2
    assert second.progress.already == 1


def test_a_create_sent_by_a_killed_run_is_looked_up_before_anything_is_sent(mocked_keap, tmp_path):
    cfg = config(tmp_path)
    journal_of(cfg).sending(record_digest("notes", "create", {}, NOTE))  # killed mid-call
    mocked_keap.get(f"{BASE}/notes", json={"notes": [{"id": 9, **NOTE}], "count": 1})

    run(cfg, *messages("notes", NOTE))

    assert writes(mocked_keap) == []
    assert journal_of(cfg).entry(record_digest("notes", "create", {}, NOTE)).vendor_id == "9"


def test_a_lost_payment_is_rejected_rather_than_charged_again(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/orders/5/payments", [DROPPED])
    payment = {"order_id": 5, "payment_amount": "10.00", "charge_now": True, "credit_card_id": 2}
    cfg = config(tmp_path)

    run(cfg, *messages("order_payments", payment))
    run(cfg, *messages("order_payments", payment))  # the re-run does not guess either

    assert len(writes(mocked_keap)) == 1
    first, second = rejects(tmp_path)
    assert "Keap's answer to its create was lost" in first["reason"]
    assert "a second payment may be a second charge" in first["reason"]
    assert "write-journal-keap-" in first["reason"]
    assert second["reason"] == first["reason"]


def test_a_lost_delete_answer_is_settled_by_reading_the_record(mocked_keap, tmp_path):
    mocked_keap.delete(f"{BASE}/notes/5", [DROPPED])
    mocked_keap.get(f"{BASE}/notes/5", status_code=404, json={"message": "Note not found"})

    target = run(config(tmp_path), *messages("notes", {"id": 5, "_sdc_deleted_at": "2026-01-01"}))

    assert [call[:2] for call in calls(mocked_keap)] == [
        ("DELETE", "/notes/5"),
        ("GET", "/notes/5"),
    ]
    assert rejects(tmp_path) == []
    assert target.progress.written == 1


def test_an_upsert_whose_answer_was_lost_is_simply_sent_again(mocked_keap, tmp_path):
    mocked_keap.put(f"{BASE}/contacts", [DROPPED, {"json": {"id": 1}}])
    contact = {"email_addresses": [{"email": "ann@example.com", "field": "EMAIL1"}]}

    run(config(tmp_path), *messages("contacts", contact))

    assert [call[0] for call in calls(mocked_keap)] == ["PUT", "PUT"]


def test_keaps_own_duplicate_refusal_after_a_lost_answer_is_the_earlier_write(
    mocked_keap, tmp_path
):
    mocked_keap.post(
        f"{BASE}/subscriptions",
        [DROPPED, {"status_code": 400, "json": {"message": "Duplicate subscription"}}],
    )
    found = {"id": 70, "contact_id": 3, "subscription_plan_id": 7}
    mocked_keap.get(
        f"{BASE}/subscriptions",
        [
            {"json": {"subscriptions": [], "count": 0}},
            {"json": {"subscriptions": [found], "count": 1}},
        ],
    )

    run(config(tmp_path), *messages("subscriptions", {"contact_id": 3, "subscription_plan_id": 7}))

    assert [call[0] for call in calls(mocked_keap)] == ["POST", "GET", "POST", "GET"]
    assert rejects(tmp_path) == []


def test_a_tag_whose_create_answer_was_lost_is_not_created_twice(mocked_keap, tmp_path):
    mocked_keap.get(
        f"{BASE}/tags",
        [
            {"json": {"tags": [], "count": 0}},
            {"json": {"tags": [{"id": 8, "name": "VIP"}], "count": 1}},
        ],
    )
    mocked_keap.post(f"{BASE}/tags", [DROPPED])
    mocked_keap.post(f"{BASE}/contacts/1/tags", json={"8": "SUCCESS"})

    run(config(tmp_path), *messages("contact_tags", {"contact_id": 1, "tag_name": "VIP"}))

    assert writes(mocked_keap) == [
        ("POST", "/tags", {"name": "VIP"}),
        ("POST", "/contacts/1/tags", {"tagIds": [8]}),
    ]


def test_state_is_passed_on_only_after_keap_answered(mocked_keap, tmp_path, capsys):
    mocked_keap.post(f"{BASE}/notes", status_code=201, json={"id": 10})
    state = {"type": "STATE", "value": {"bookmarks": {"notes": {"position": 1}}}}

    run(config(tmp_path), *messages("notes", NOTE), state)

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [state["value"]]
    assert mocked_keap.call_count == 1


def test_state_does_not_move_past_a_write_keap_never_answered(mocked_keap, tmp_path, capsys):
    mocked_keap.post(f"{BASE}/notes", status_code=503)
    mocked_keap.get(f"{BASE}/notes", json={"notes": [], "count": 0})
    state = {"type": "STATE", "value": {"bookmarks": {"notes": {"position": 1}}}}

    with pytest.raises(VendorUnavailable, match="still failing after 5 retries"):
        run(config(tmp_path), *messages("notes", NOTE), state)

    assert capsys.readouterr().out == ""


def test_a_budget_that_cannot_cover_a_batch_stops_before_its_first_call(mocked_keap, tmp_path):
    notes = [{**NOTE, "title": f"Call {i}"} for i in range(3)]

    with pytest.raises(DailyBudgetExhausted, match="cannot cover 3 planned calls"):
        run(config(tmp_path, daily_call_budget=2), *messages("notes", *notes))

    assert mocked_keap.call_count == 0
