"""The upload plan as the one owner of the record flow: check, spool, upload, reject.

Only the HTTP layer is replaced (requests-mock): the plan is built from the settings object
and fed each stream's rules, as the sinks do, and the rejects it writes are read back.
"""

from __future__ import annotations

import json
import logging
from email import message_from_bytes
from email.policy import HTTP

import pytest

from haihai_mail_client.connection import HaihaiConnection
from singer_commons.rejects import RejectWriter
from singer_commons.sdk.record_schema import RecordSchema
from target_haihai_mail.plan import UploadPlan
from target_haihai_mail.settings import HaihaiTargetSettings

BASE = "https://example.hm-f.jp"
FIELDS_CSV = "項目ID,項目名\r\n1,メールアドレス\r\n2,氏名\r\n"
PROPERTIES = {"email": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]}}


@pytest.fixture
def plan(requests_mock, tmp_path):
    requests_mock.post(
        f"{BASE}/?ac=GetCustomerDbItemList",
        content=FIELDS_CSV.encode("cp932"),
        headers={"Content-Type": "text/csv; charset=Shift_JIS"},
    )
    settings = HaihaiTargetSettings.from_config(
        {
            "base_url": BASE,
            "api_token": "token",
            "state_dir": str(tmp_path / "state"),
            "field_map": {"email": "メールアドレス", "name": "氏名"},
            "reject_file": str(tmp_path / "rejects.jsonl"),
        }
    )
    connection = HaihaiConnection(settings.connection, sleep=lambda _: None)
    rejects = RejectWriter(settings.rejects.reject_file)
    plan = UploadPlan(
        connection, settings, rejects=rejects, sleep=lambda _: None, logger=logging.getLogger()
    )
    yield plan
    plan.close()
    rejects.close()


def rules(plan: UploadPlan, stream: str):
    return plan.stream_rules(
        stream, PROPERTIES, RecordSchema({"properties": PROPERTIES}), check_types=True
    )


def reasons(tmp_path) -> list[str]:
    path = tmp_path / "rejects.jsonl"
    return [json.loads(line)["reason"] for line in path.open(encoding="utf-8")]


def uploaded_csv(request) -> str:
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = message_from_bytes(head + request.body.read(), policy=HTTP)
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "csvfile":
            return part.get_payload(decode=True).decode("cp932")
    raise AssertionError("no csvfile part")


def test_refusals_keep_the_input_order_across_streams_and_name_only_refused_rows(
    plan, requests_mock, tmp_path
):
    upload = requests_mock.post(f"{BASE}/?ac=ScheduleCsvImport", json={"import_id": "7"})
    requests_mock.post(
        f"{BASE}/?ac=GetCsvImportResult",
        json={
            "state": "完了",
            "other": 0,
            "rows": [
                {"line": 2, "mail_address": "b@example.jp", "result": "失敗", "reason": "長すぎ"}
            ],
        },
    )
    contacts, leads = rules(plan, "contacts"), rules(plan, "leads")
    plan.add(contacts, 1, {"email": "a@example.jp", "name": "一"})
    plan.add(leads, 2, {"email": "not-an-address"})
    plan.add(leads, 3, {"email": "b@example.jp", "name": "二"})
    plan.add(contacts, 4, {"email": "A@example.jp", "name": "三"})

    plan.apply()

    assert uploaded_csv(upload.last_request) == (
        "メールアドレス,氏名\r\na@example.jp,一\r\nb@example.jp,二\r\n"
    )
    assert reasons(tmp_path) == [
        "input line 2, stream 'leads': field 'email' (メールアドレス): 'not-an-address' is not "
        "a valid email address (expected name@domain.tld)",
        "input line 4, stream 'contacts' (A@example.jp): field 'email' (メールアドレス): this "
        "run's 一括登録 (register) upload already has a row for this address (input line 1, "
        "stream 'contacts' (a@example.jp)); two rows for one address in one import are "
        "ambiguous, so the first is kept and this one is not sent",
        "input line 3, stream 'leads' (b@example.jp): 配配メール refused row 2 of register part "
        "1 (一括登録): 長すぎ",
    ]


def test_a_clean_batch_whose_address_was_claimed_names_the_first_row(plan, requests_mock, tmp_path):
    requests_mock.post(f"{BASE}/?ac=ScheduleCsvImport", json={"import_id": "8"})
    requests_mock.post(
        f"{BASE}/?ac=GetCsvImportResult", json={"state": "完了", "other": 0, "rows": []}
    )
    contacts, leads = rules(plan, "contacts"), rules(plan, "leads")
    plan.add(contacts, 1, {"email": "a@example.jp", "name": "一"})
    for line in range(2, 1001):  # the thousandth record admits the first thousand at once
        plan.add(leads, line, {"email": f"l{line}@example.jp", "name": "x"})
    plan.add(leads, 1001, {"email": "a@example.jp", "name": "二"})

    plan.apply()

    assert reasons(tmp_path) == [
        "input line 1001, stream 'leads' (a@example.jp): field 'email' (メールアドレス): this "
        "run's 一括登録 (register) upload already has a row for this address (input line 1, "
        "stream 'contacts' (a@example.jp)); two rows for one address in one import are "
        "ambiguous, so the first is kept and this one is not sent",
    ]
