"""Marketo's write log: one entry per record a sync or delete call wrote, by key and call."""

from __future__ import annotations

import time

import pytest
import requests
from sandbox_helpers import OPPORTUNITIES, ROLES

from vendor_sandbox.client.base import SandboxControlError

DELETE = "/rest/v1/opportunities/delete.json"
EXTERNAL_ID = "externalOpportunityId"


def test_each_written_record_is_logged_with_its_key_operation_and_call(api, marketo):
    marketo.seed(opportunities=2)
    first = {EXTERNAL_ID: "OPP-00000001", "stage": "Closed Won"}
    created = {EXTERNAL_ID: "NEW-1", "name": "Chairs"}
    api.post(OPPORTUNITIES, {"input": [first, created, {EXTERNAL_ID: "NEW-2"}]})  # 3rd skipped
    api.post(OPPORTUNITIES, {"input": [created]})
    api.post(DELETE, {"input": [{EXTERNAL_ID: "NEW-1"}, {EXTERNAL_ID: "GONE"}]})

    written = marketo.written()

    assert [(e["seq"], e["key"], e["operation"], e["call"]) for e in written] == [
        (1, {EXTERNAL_ID: "OPP-00000001"}, "update", 1),
        (2, {EXTERNAL_ID: "NEW-1"}, "create", 1),
        (3, {EXTERNAL_ID: "NEW-1"}, "update", 2),
        (4, {EXTERNAL_ID: "NEW-1"}, "delete", 3),
    ]
    assert [e["record"] for e in written[:3]] == [first, created, created]
    assert {e["resource"] for e in written} == {"opportunities"}
    assert all(e["answer_lost"] is None for e in written)


def test_a_role_is_logged_by_its_compound_key_and_apart_from_opportunities(api, marketo):
    marketo.seed(opportunities=1)
    role = {EXTERNAL_ID: "OPP-00000000", "leadId": "7", "role": "Influencer"}
    api.post(ROLES, {"input": [role]})

    (entry,) = marketo.written("roles")

    assert entry["key"] == {EXTERNAL_ID: "OPP-00000000", "leadId": 7, "role": "Influencer"}
    assert (entry["resource"], entry["operation"], entry["record"]) == ("roles", "create", role)
    assert marketo.written("opportunities") == []


def test_a_call_stalled_past_its_client_is_logged_with_its_answer_lost(api, marketo):
    record = {EXTERNAL_ID: "LATE-1", "name": "late"}
    marketo.fault(kind="timeout", seconds=0.5, path=OPPORTUNITIES)
    with pytest.raises(requests.Timeout):
        api.request("POST", OPPORTUNITIES, json={"input": [record]}, timeout=0.1)
    api.post(OPPORTUNITIES, {"input": [record]})  # the client sends it again
    for _ in range(100):  # the stalled call writes once its stall is over
        if len(marketo.written()) == 2:
            break
        time.sleep(0.05)

    written = marketo.written()

    assert [(e["operation"], e["answer_lost"]) for e in written] == [
        ("create", None),
        ("update", "timeout"),
    ]
    assert written[0]["call"] != written[1]["call"]


def test_a_call_refused_whole_writes_nothing(api, marketo):
    api.post(OPPORTUNITIES, {"action": "bogus", "input": [{EXTERNAL_ID: "X", "name": "x"}]})
    marketo.fault(kind="http_error", path=OPPORTUNITIES)
    api.request("POST", OPPORTUNITIES, json={"input": [{EXTERNAL_ID: "X", "name": "x"}]})

    assert marketo.written() == []


def test_a_seed_empties_the_log_and_an_unknown_object_is_refused(api, marketo):
    api.post(OPPORTUNITIES, {"input": [{EXTERNAL_ID: "X", "name": "x"}]})
    marketo.seed(opportunities=1)

    assert marketo.written() == []
    with pytest.raises(SandboxControlError, match="404"):
        marketo.written("leads")
