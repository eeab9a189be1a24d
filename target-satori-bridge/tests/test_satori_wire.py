"""The requests the target sends SATORI, field by field, and the answers it handles.

The whole target runs in-process; only the HTTP layer is replaced (requests-mock), so each
test pins the exact form of a single call or the exact CSV of a bulk upload. Shapes and
sources: the plugin README's "Vendor contract".
"""

from __future__ import annotations

import io
import json
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

import pytest

from singer_commons.connection import RETRY_WAIT_SCALE_ENV
from target_satori_bridge.customers import CustomerShape
from target_satori_bridge.target import TargetSatoriBridge

BASE = "https://api.satr.jp/api/v4/public"
KEYS = {
    "user_key": "uk-1234",
    "user_secret": "us-1234",
    "company_key": "ck-1234",
    "company_secret": "cs-1234",
}
HASHCODE = "0123456789abcdef0123456789abcdef"
LINKAGE = {
    "lead_company_name": {"linkage": "Writable", "property": "company"},
    "last_name_reading": {"linkage": "Writable", "property": "kana"},
    "collection_date": {"linkage": "Writable", "property": "met_on"},
    "custom:industry": {"linkage": "Writable", "property": "industry"},
    "phone_number": {"linkage": "Readable", "property": "phone"},
}
SCHEMA = {
    "type": "SCHEMA",
    "stream": "contacts",
    "key_properties": ["email"],
    "schema": {
        "properties": {
            name: {"type": ["string", "null"]}
            for name in ("email", "company", "kana", "met_on", "industry", "phone")
        }
        | {
            "opted_in": {"type": ["boolean", "null"]},
            "_sdc_deleted_at": {"type": ["string", "null"]},
        }
    },
}
UPSERTED = {"status": 200, "message": {"customer[hashcode]": HASHCODE}}


@pytest.fixture
def satori(requests_mock, monkeypatch):
    monkeypatch.setenv(RETRY_WAIT_SCALE_ENV, "0.001")
    requests_mock.post(f"{BASE}/customer/upsert.json", json=UPSERTED)
    requests_mock.post(f"{BASE}/customer/delete.json", json={"status": 200, "message": "OK"})
    return requests_mock


def run_target(tmp_path, rows, **settings):
    target = TargetSatoriBridge(
        config={
            "base_url": BASE,
            **KEYS,
            "field_linkage": LINKAGE,
            "delivery_permission": {"property": "opted_in"},
            "append_tags": {"tags": ["展示会", "資料請求"]},
            "reject_file": str(tmp_path / "rejects.jsonl"),
            "poll_interval_seconds": 0.01,
            **settings,
        }
    )
    lines = [SCHEMA, *({"type": "RECORD", "stream": "contacts", "record": r} for r in rows)]
    target.listen(io.StringIO("".join(json.dumps(line) + "\n" for line in lines)))
    return target


def forms(mock, path):
    """The form of each POST to `path`, as ordered (name, value) pairs."""
    return [
        parse_qsl(request.text, keep_blank_values=True)
        for request in mock.request_history
        if request.method == "POST" and request.path.endswith(path)
    ]


def rejects(tmp_path):
    path = tmp_path / "rejects.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def test_an_upsert_posts_every_customer_attribute_inside_customer(satori, tmp_path):
    row = {
        "email": "taro@example.jp",
        "company": "株式会社みらい",
        "kana": "やまだ",
        "met_on": "2026/03/10",
        "industry": "製造",
        "phone": "03-0000-0000",
        "opted_in": False,
    }

    run_target(tmp_path, [row])

    assert forms(satori, "customer/upsert.json") == [
        [
            *KEYS.items(),
            ("customer[identity_type]", "email"),
            ("customer[email]", "taro@example.jp"),
            ("customer[lead_company_name]", "株式会社みらい"),
            ("customer[last_name_reading]", "やまだ"),
            ("customer[collection_date]", "2026-03-10"),
            ("customer[custom:industry]", "製造"),
            ("customer[delivery_permission]", "reject"),
            ("customer[append_tags]", "展示会,資料請求"),
        ]
    ]
    assert rejects(tmp_path) == []


@pytest.mark.parametrize(
    ("opted_in", "settings", "word"),
    [
        (True, {}, "approval"),
        (False, {}, "reject"),
        (False, {"single_api_refusal_value": "refusal"}, "refusal"),
    ],
)
def test_the_single_apis_permission_words(satori, tmp_path, opted_in, settings, word):
    run_target(tmp_path, [{"email": "p@example.jp", "opted_in": opted_in}], **settings)

    [form] = forms(satori, "customer/upsert.json")
    sent = dict(form)
    assert sent["customer[delivery_permission]"] == word
    assert "delivery_permission" not in sent
    assert "append_tags" not in sent


def test_a_fixed_refusal_from_the_bulk_csv_word(satori, tmp_path):
    run_target(tmp_path, [{"email": "p@example.jp"}], delivery_permission={"value": "拒否"})

    [form] = forms(satori, "customer/upsert.json")
    assert dict(form)["customer[delivery_permission]"] == "reject"


def test_a_delete_posts_the_identity_only(satori, tmp_path):
    row = {"email": "gone@example.jp", "company": "x", "_sdc_deleted_at": "2026-11-23T00:00:00Z"}

    run_target(tmp_path, [row])

    assert forms(satori, "customer/delete.json") == [
        [
            *KEYS.items(),
            ("customer[identity_type]", "email"),
            ("customer[email]", "gone@example.jp"),
        ]
    ]
    assert forms(satori, "customer/upsert.json") == []


def test_blank_values_are_sent_empty_only_when_clearing(satori, tmp_path):
    row = {"email": "c@example.jp", "company": "", "kana": None}

    run_target(tmp_path, [row], clear_blank_values=True, append_tags=None, delivery_permission=None)

    assert forms(satori, "customer/upsert.json") == [
        [
            *KEYS.items(),
            ("customer[identity_type]", "email"),
            ("customer[email]", "c@example.jp"),
            ("customer[lead_company_name]", ""),
            ("customer[last_name_reading]", ""),
        ]
    ]


def test_a_declared_standard_key_is_sent_as_declared(satori, tmp_path):
    linkage = {"department": {"linkage": "Writable", "property": "company"}}

    run_target(
        tmp_path,
        [{"email": "d@example.jp", "company": "営業部"}],
        field_linkage=linkage,
        extra_standard_fields={"department": "部署"},
        append_tags=None,
        delivery_permission=None,
    )

    [form] = forms(satori, "customer/upsert.json")
    assert form[-1] == ("customer[department]", "営業部")


@pytest.mark.parametrize("http_status", [200, 400])
def test_an_error_answer_rejects_the_record_with_satoris_message(satori, tmp_path, http_status):
    # Public callers read `status` and `message`; errors come with the status in the body.
    error = {"status": 400, "message": "customer[delivery_permission]が不正です"}
    satori.post(f"{BASE}/customer/upsert.json", json=error, status_code=http_status)

    target = run_target(
        tmp_path, [{"email": "e@example.jp", "opted_in": True}], fail_on_reject=False
    )

    [refused] = rejects(tmp_path)
    assert refused["reason"].startswith(
        "SATORI refused the customer: customer[delivery_permission]が不正です"
    )
    assert refused["vendor_response"] == error
    assert target.run.counts.upserted == 0


def multipart_parts(request):
    raw = request.body.read() if hasattr(request.body, "read") else request.body
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    return {
        part.get_param("name", header="content-disposition"): part for part in message.iter_parts()
    }


def test_a_bulk_upload_keeps_the_csv_words_and_english_headers(satori, tmp_path):
    uploads = []

    def accept(request, context):
        uploads.append(multipart_parts(request))
        return {"status": 202, "message": "Accepted", "body": {"process_code": "p" * 32}}

    satori.post(f"{BASE}/bulk_customers/upsert.json", json=accept)
    satori.get(
        f"{BASE}/bulk_customers/status.json",
        json={
            "status": 200,
            "message": "OK",
            "body": {"process_code": "p" * 32, "process_status": "finished", "failed_rows": []},
        },
    )
    rows = [
        {"email": "a@example.jp", "company": "一社", "opted_in": False},
        {"email": "b@example.jp", "met_on": "2026-03-10", "opted_in": True},
    ]

    run_target(tmp_path, rows, bulk_threshold=1)

    [parts] = uploads
    assert {name: parts[name].get_content() for name in (*KEYS, "identity_type")} == {
        **KEYS,
        "identity_type": "email",
    }
    csv_part = parts["customer_csv_file"]
    assert csv_part.get_content_type() == "text/csv"
    assert csv_part.get_param("charset") == "utf-8"
    assert csv_part.get_payload(decode=True).decode("utf-8").split("\r\n") == [
        "email,lead_company_name,last_name_reading,collection_date,custom:industry,"
        "delivery_permission,append_tags",
        'a@example.jp,一社,,,,拒否,"展示会,資料請求"',
        'b@example.jp,,,2026-03-10,,許可,"展示会,資料請求"',
        "",
    ]
    assert forms(satori, "customer/upsert.json") == []
    status_call = next(r for r in satori.request_history if r.method == "GET")
    assert status_call.qs["process_code"] == ["p" * 32]


def test_a_reason_names_only_refused_records(satori, tmp_path, monkeypatch):
    labelled = []
    label = CustomerShape.label

    def counted(shape, where, record):
        labelled.append(record.get("email"))
        return label(shape, where, record)

    monkeypatch.setattr(CustomerShape, "label", counted)
    refusal = {"status": 400, "message": "customer[email]は登録できません"}
    satori.post(
        f"{BASE}/customer/upsert.json",
        [{"json": UPSERTED}, {"json": refusal}, {"json": UPSERTED}],
    )
    rows = [
        {"email": "a@example.jp"},
        {"email": "refused-by-satori@example.jp"},
        {"email": "not-an-address"},
        {"email": "c@example.jp"},
    ]

    run_target(tmp_path, rows, fail_on_reject=False)

    assert labelled == ["not-an-address", "refused-by-satori@example.jp"]
    assert [reject["reason"].split(":")[0] for reject in rejects(tmp_path)] == [
        "input line 4, email 'not-an-address'",
        "SATORI refused the customer",
    ]
    assert rejects(tmp_path)[1]["reason"].endswith(
        "(input line 3, email 'refused-by-satori@example.jp')"
    )


def test_every_stream_shares_the_runs_email_claims(satori, tmp_path):
    target = TargetSatoriBridge(
        config={
            "base_url": BASE,
            **KEYS,
            "identity_type": "hashcode",
            "field_linkage": {"email": {"linkage": "Writable", "property": "email"}},
            "reject_file": str(tmp_path / "rejects.jsonl"),
            "fail_on_reject": False,
        }
    )
    schema = {"properties": {"hashcode": {"type": "string"}, "email": {"type": "string"}}}
    lines = [
        {"type": "SCHEMA", "stream": stream, "key_properties": ["hashcode"], "schema": schema}
        for stream in ("leads", "contacts")
    ] + [
        {"type": "RECORD", "stream": "leads", "record": {"hashcode": "a" * 32, "email": "x@y.jp"}},
        {
            "type": "RECORD",
            "stream": "contacts",
            "record": {"hashcode": "b" * 32, "email": "x@y.jp"},
        },
    ]

    target.listen(io.StringIO("".join(json.dumps(line) + "\n" for line in lines)))

    [refused] = rejects(tmp_path)
    assert refused["stream"] == "contacts"
    assert f"already used by customer '{'a' * 32}' earlier in this run" in refused["reason"]
    assert [dict(form)["customer[hashcode]"] for form in forms(satori, "upsert.json")] == ["a" * 32]
    assert target.run.counts.upserted == 1
