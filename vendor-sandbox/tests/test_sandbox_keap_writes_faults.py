"""Keap writes under faults and limits: lost answers after the write, throttle and quota."""

from __future__ import annotations

import pytest
import requests
from test_sandbox_keap_writes import email_body, message, send

from vendor_sandbox.client.base import SandboxControlError


def contacts_with(keap_api, address: str) -> list[int]:
    return [c["id"] for c in keap_api.get("/contacts", email=address)["contacts"]]


def test_a_dropped_answer_comes_after_the_write_was_applied(keap_api, keap):
    pending = keap.lose_answer("POST", "/contacts")["pending"]

    with pytest.raises(requests.ConnectionError):
        send(keap_api, "POST", "/contacts", email_body("lost@shop.example"))

    assert pending == [
        {
            "kind": "drop", "count": 1, "status": 503, "code": None, "path": "/contacts",
            "after": 0, "seconds": 65.0, "method": "POST", "after_apply": True,
        }
    ]  # fmt: skip
    assert contacts_with(keap_api, "lost@shop.example") == [26]
    (entry,) = keap.written("contacts")
    assert (entry["id"], entry["answer_lost"]) == (26, "drop")
    again = send(keap_api, "PUT", "/contacts", email_body("lost@shop.example"))
    assert (again.status_code, again.json()["id"]) == (200, 26)
    assert contacts_with(keap_api, "lost@shop.example") == [26]
    counters = keap.counters()
    assert counters["faults_injected"] == 1
    assert counters["by_path"]["POST /contacts"] == 1


def test_a_stalled_answer_outlasts_the_client_timeout_after_the_write(keap_api, keap):
    keap.lose_answer("PUT", "/contacts", how="timeout", seconds=30)

    with pytest.raises(requests.Timeout):
        send(keap_api, "PUT", "/contacts", email_body("slow@shop.example"), timeout=0.3)

    assert contacts_with(keap_api, "slow@shop.example") == [26]
    assert keap.written("contacts")[0]["answer_lost"] == "timeout"


def test_a_gateway_error_can_replace_the_answer_of_an_applied_write(keap_api, keap):
    keap.lose_answer("POST", "/tags", how="http_error", status=504)

    answer = send(keap_api, "POST", "/tags", {"name": "Applied anyway"})

    assert answer.status_code == 504
    assert keap_api.get("/tags", name="applied anyway")["count"] == 1
    assert keap.written("tags")[0]["answer_lost"] == "http_error"


def test_the_nth_write_loses_its_answer_and_reads_do_not_count(keap_api, keap):
    keap.lose_answer("POST", "/contacts", after=1)

    first = send(keap_api, "POST", "/contacts", email_body("one@shop.example"))
    keap_api.get("/contacts")
    with pytest.raises(requests.ConnectionError):
        send(keap_api, "POST", "/contacts", email_body("two@shop.example"))
    third = send(keap_api, "POST", "/contacts", email_body("three@shop.example"))

    assert (first.status_code, third.status_code) == (201, 201)
    assert [e["answer_lost"] for e in keap.written("contacts")] == [None, "drop", None]
    assert keap_api.get("/contacts")["count"] == 28


def test_a_refused_write_whose_answer_is_lost_writes_nothing(keap_api, keap):
    keap.lose_answer("POST", "/contacts")

    with pytest.raises(requests.ConnectionError):
        send(keap_api, "POST", "/contacts", {"given_name": "No address"})

    assert keap.written() == []
    assert keap_api.get("/contacts")["count"] == 25


def test_a_method_fault_breaks_only_that_method_before_it_runs(keap_api, keap):
    keap._call("POST", "faults", {"kind": "http_error", "status": 502, "method": "PATCH"})

    assert keap_api.call("/contacts/1").status_code == 200
    refused = send(keap_api, "PATCH", "/contacts/1", {"job_title": "Never"})

    assert refused.status_code == 502
    assert keap_api.get("/contacts/1")["job_title"] != "Never"
    assert keap.written() == []


def test_lost_answers_work_for_every_write_method(keap_api, keap):
    keap.lose_answer("DELETE", "/contacts/5/tags/5")

    with pytest.raises(requests.ConnectionError):
        send(keap_api, "DELETE", "/contacts/5/tags/5")

    assert keap_api.get("/contacts/5")["tag_ids"] == []


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"kind": "error_code", "code": "429", "after_apply": True}, "after_apply"),
        ({"kind": "drop", "after_apply": "yes"}, "after_apply"),
        ({"kind": "drop", "method": "P UT"}, "method"),
        ({"kind": "drop", "method": 5}, "method"),
    ],
)
def test_bad_lost_answer_faults_are_400(keap, fields, word):
    with pytest.raises(SandboxControlError, match=word):
        keap._call("POST", "faults", fields)


def test_vendors_without_writes_refuse_the_new_fault_fields(sandbox):
    sandbox.reset()

    with pytest.raises(SandboxControlError, match="after_apply"):
        sandbox.marketo._call("POST", "faults", {"kind": "drop", "after_apply": True})


THROTTLE = "x-keap-product-throttle-available"
QUOTA = "x-keap-product-quota-available"


def test_writes_carry_the_limit_headers_and_count_against_them(keap_api, keap):
    keap.configure(throttle_limit=3)

    created = send(keap_api, "POST", "/contacts", email_body("h@shop.example"))
    deleted = send(keap_api, "DELETE", "/contacts/26")
    refused = send(keap_api, "POST", "/contacts", {"given_name": "x"})
    throttled = send(keap_api, "POST", "/tags", {"name": "Too fast"})

    assert [r.headers[THROTTLE] for r in (created, deleted, refused)] == ["2", "1", "0"]
    assert created.headers[QUOTA] == "29999"
    assert deleted.headers["x-keap-product-quota-used"] == "2"
    assert throttled.status_code == 429
    assert throttled.json()["fault"]["detail"]["errorcode"] == "policies.ratelimit.QuotaViolation"
    assert int(throttled.headers["Retry-After"]) >= 1
    assert [e["resource"] for e in keap.written()] == ["contacts", "contacts"]


def test_the_daily_quota_refuses_writes_too(keap_api, keap):
    keap.configure(quota_limit=10, quota_used=9)

    last = send(keap_api, "PUT", "/account/profile", {"name": "Last call"})
    over = send(keap_api, "PUT", "/account/profile", {"name": "Over"})

    assert (last.status_code, last.headers[QUOTA]) == (200, "0")
    assert over.status_code == 429
    assert over.json()["fault"]["faultstring"] == "Daily quota exceeded"
    assert keap.records("account_profile")[0]["name"] == "Last call"


def test_oauth_writes_are_limited_per_client(keap_api, keap):
    token = keap_api.token

    answer = send(keap_api, "POST", "/notes", {"contact_id": 1, "title": "By OAuth"}, token=token)

    assert answer.status_code == 201
    assert answer.headers["x-keap-product-throttle-limit"] == "1500"
    assert answer.headers["x-keap-product-quota-limit"] == "150000"
    assert "title or body" in message(
        send(keap_api, "POST", "/notes", {"contact_id": 1}, token=token)
    )
    assert send(keap_api, "POST", "/notes", {}, token="wrong").status_code == 401


def test_write_calls_are_counted_per_method_and_template(keap_api, keap):
    send(keap_api, "POST", "/contacts/5/tags", {"tagIds": [1]})
    send(keap_api, "DELETE", "/contacts/5/tags/1")
    send(keap_api, "DELETE", "/contacts/5/tags/1")

    by_path = keap.counters()["by_path"]
    assert by_path["POST /contacts/{id}/tags"] == 1
    assert by_path["DELETE /contacts/{id}/tags/{tag_id}"] == 2
    assert keap.counters()["by_status"] == {"200": 1, "204": 2}
