"""target-satori-bridge as a real process against the SATORI sandbox (and its SMTP sink)."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest

from vendor_sandbox.mail import DEFAULT_PASSWORD, DEFAULT_USERNAME, SANDBOX_CERT_FILE
from vendor_sandbox.testing.runner import BIN, singer_lines
from vendor_sandbox.testing.satori import (
    KEYS,
    LINKAGE,
    SCHEMA,
    STATE,
    TARGET,
    by_email,
    records,
    rejects,
    target_config,
)

EXIT_TRY_AGAIN = 75
HASH_A = "a" * 32
HASH_B = "b" * 32


def calls(satori):
    return satori.counters()["by_endpoint"]


def people(count, start=0):
    return [
        {"email": f"p{n}@example.jp", "company": f"株式会社{n}", "family_name": f"山田{n}"}
        for n in range(start, start + count)
    ]


def test_small_loads_upsert_one_by_one_sending_only_writable_fields(satori, run_plugin, tmp_path):
    rows = [
        {**row, "industry": "製造", "phone": "03-1234-5678", "opted_in": False, "tags": ["展示会"]}
        for row in people(3)
    ]
    run = run_plugin(
        TARGET,
        target_config(
            satori,
            tmp_path,
            delivery_permission={"property": "opted_in"},
            append_tags={"property": "tags", "tags": ["配配メール開封"]},
        ),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
    )
    assert run.returncode == 0, run.stderr
    assert run.states() == [STATE["value"]]
    held = by_email(satori)
    customer = held["p0@example.jp"]
    assert customer["lead_company_name"] == "株式会社0"
    assert customer["last_name"] == "山田0"
    assert customer["custom:industry"] == "製造"
    assert "phone_number" not in customer  # Readable: never written by the target
    assert customer["delivery_permission"] == "拒否"
    assert customer["tags"] == sorted(["展示会", "配配メール開封"])
    assert calls(satori)["upsert"] == 3
    assert calls(satori)["bulk_upsert"] == 0


def test_large_loads_go_by_bulk_csv_with_english_headers(satori, run_plugin, tmp_path):
    rows = people(25)
    run = run_plugin(
        TARGET,
        target_config(satori, tmp_path, bulk_threshold=10),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
    )
    assert run.returncode == 0, run.stderr
    assert run.states() == [STATE["value"]]
    assert len(by_email(satori)) == 25
    [job] = satori.bulk_jobs()
    assert job["identity_type"] == "email"
    assert job["header"] == ["email", "lead_company_name", "last_name", "custom:industry"]
    assert job["total_rows"] == 25
    assert calls(satori)["upsert"] == 0
    assert calls(satori)["bulk_upsert"] == 1
    assert "Writing 25 record(s)" in run.stderr


PUBLIC_LINKAGE = {
    "last_name": {"linkage": "Writable", "property": "family_name"},
    "first_name": {"linkage": "Writable", "property": "given_name"},
    "last_name_reading": {"linkage": "Writable", "property": "family_kana"},
    "first_name_reading": {"linkage": "Writable", "property": "given_kana"},
    "lead_company_name": {"linkage": "Writable", "property": "company"},
    "phone_number": {"linkage": "Writable", "property": "phone"},
    "mobile_phone_number": {"linkage": "Writable", "property": "mobile"},
    "address": {"linkage": "Writable", "property": "address"},
    "memo": {"linkage": "Writable", "property": "memo"},
    "collection_route": {"linkage": "Writable", "property": "route"},
    "collection_date": {"linkage": "Writable", "property": "met_on"},
}
PUBLIC_SCHEMA = {
    **SCHEMA,
    "schema": {
        "properties": {
            **SCHEMA["schema"]["properties"],
            **{link["property"]: {"type": ["string", "null"]} for link in PUBLIC_LINKAGE.values()},
        }
    },
}


def public_row(n):
    return {
        "email": f"pub{n}@example.jp",
        "family_name": "山田",
        "given_name": "太郎",
        "family_kana": "やまだ",
        "given_kana": "たろう",
        "company": f"株式会社{n}",
        "phone": "03-1234-5678",
        "mobile": "090-1234-5678",
        "address": "東京都千代田区",
        "memo": "展示会",
        "route": "[お問い合わせ]HP",
        "met_on": "2026/03/10",
        "opted_in": n % 2 == 0,
    }


@pytest.mark.parametrize("threshold", [10, 1], ids=["single", "bulk"])
def test_the_public_field_keys_and_permission_words_are_stored(
    satori, run_plugin, tmp_path, threshold
):
    config = target_config(
        satori,
        tmp_path,
        field_linkage=PUBLIC_LINKAGE,
        delivery_permission={"property": "opted_in"},
        append_tags={"tags": ["問い合わせ"]},
        bulk_threshold=threshold,
    )
    rows = [public_row(n) for n in range(2)]

    run = run_plugin(TARGET, config, stdin=singer_lines(PUBLIC_SCHEMA, *records(*rows), STATE))

    assert run.returncode == 0, run.stderr
    held = by_email(satori)
    for n, row in enumerate(rows):
        customer = held[row["email"]]
        assert {key: customer.get(key) for key in PUBLIC_LINKAGE} == {
            key: row[link["property"]] for key, link in PUBLIC_LINKAGE.items()
        } | {"collection_date": "2026-03-10"}
        assert customer["delivery_permission"] == ("許可" if n % 2 == 0 else "拒否")
        assert customer["tags"] == ["問い合わせ"]
    counted = calls(satori)
    assert (counted["upsert"], counted["bulk_upsert"]) == ((2, 0) if threshold == 10 else (0, 1))


def test_a_refusal_word_the_single_api_does_not_take_is_rejected_by_satori(
    satori, run_plugin, tmp_path
):
    rows = [
        {"email": "yes@example.jp", "opted_in": True},
        {"email": "no@example.jp", "opted_in": False},
    ]
    config = target_config(
        satori,
        tmp_path,
        delivery_permission={"property": "opted_in"},
        single_api_refusal_value="拒否",
        fail_on_reject=False,
    )

    run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*rows), STATE))

    assert run.returncode == 0, run.stderr
    [refused] = rejects(tmp_path)
    assert refused["record"]["email"] == "no@example.jp"
    assert refused["reason"].startswith(
        "SATORI refused the customer: customer[delivery_permission]は「approval」または「reject」"
    )
    assert set(by_email(satori)) == {"yes@example.jp"}


def test_a_declared_key_the_company_lacks_is_refused_by_satori(satori, run_plugin, tmp_path):
    config = target_config(
        satori,
        tmp_path,
        field_linkage={"department": {"linkage": "Writable", "property": "company"}},
        extra_standard_fields={"department": "部署"},
        fail_on_reject=False,
    )

    run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*people(1)), STATE))

    assert run.returncode == 0, run.stderr
    [refused] = rejects(tmp_path)
    assert "customer[department]は存在しない項目です" in refused["reason"]
    assert satori.customers() == []


DEPARTMENT = {"department": "部署"}
DEPARTMENT_SCHEMA = {
    **SCHEMA,
    "schema": {
        "properties": {**SCHEMA["schema"]["properties"], "dept": {"type": ["string", "null"]}}
    },
}


@pytest.mark.parametrize(
    ("bulk_threshold", "upserts", "bulk_uploads"),
    [(10, 3, 0), (0, 0, 1)],
    ids=["single", "bulk"],
)
def test_a_declared_key_the_company_has_is_written(
    satori, run_plugin, tmp_path, bulk_threshold, upserts, bulk_uploads
):
    satori.set_extra_standard_fields(DEPARTMENT)
    rows = [{**row, "dept": f"第{n}営業部"} for n, row in enumerate(people(3))]
    config = target_config(
        satori,
        tmp_path,
        field_linkage={**LINKAGE, "department": {"linkage": "Writable", "property": "dept"}},
        extra_standard_fields=DEPARTMENT,
        bulk_threshold=bulk_threshold,
    )

    run = run_plugin(TARGET, config, stdin=singer_lines(DEPARTMENT_SCHEMA, *records(*rows), STATE))

    assert run.returncode == 0, run.stderr
    assert run.states() == [STATE["value"]]
    assert rejects(tmp_path) == []
    held = by_email(satori)
    assert {email: c["department"] for email, c in held.items()} == {
        f"p{n}@example.jp": f"第{n}営業部" for n in range(3)
    }
    assert held["p0@example.jp"]["lead_company_name"] == "株式会社0"
    assert calls(satori)["upsert"] == upserts
    assert calls(satori)["bulk_upsert"] == bulk_uploads
    headers = [job["header"] for job in satori.bulk_jobs()]
    header = ["email", "lead_company_name", "last_name", "custom:industry", "department"]
    assert headers == [header] * bulk_uploads


def test_a_guessed_key_stops_the_run_before_any_call(satori, run_plugin, tmp_path):
    config = target_config(
        satori, tmp_path, field_linkage={"company_name": {"linkage": "Writable", "property": "c"}}
    )

    run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*people(1)), STATE))

    assert run.returncode == 1
    assert "field_linkage.company_name: not a SATORI customer field" in run.stderr
    assert "extra_standard_fields" in run.stderr
    assert satori.counters()["calls"] == 0


def test_ten_thousand_rows_a_request(satori, run_plugin, tmp_path):
    rows = [{"email": f"bulk{n}@example.jp", "company": "株式会社大量"} for n in range(10_001)]
    run = run_plugin(
        TARGET,
        target_config(satori, tmp_path, bulk_threshold=0),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
    )
    assert run.returncode == 0, run.stderr
    assert [job["total_rows"] for job in satori.bulk_jobs()] == [10_000, 1]
    assert len(satori.customers()) == 10_001


@pytest.mark.parametrize(
    ("linkage", "message"),
    [
        (
            {"score": {"linkage": "Writable", "property": "s"}},
            "'score' (スコア) can never be Writable",
        ),
        ({"hashcode": {"linkage": "ReadableWritable", "property": "h"}}, "'hashcode'"),
        ({"status": {"linkage": "Writable", "property": "s"}}, "'status'"),
        ({"customer_id": {"linkage": "Writable", "property": "c"}}, "'customer_id'"),
        (
            {"delivery_status": {"linkage": "Readable"}},
            "'delivery_status' (配信ステータス) can never be linked",
        ),
        ({"mail_status": {"linkage": "Writable", "property": "m"}}, "'mail_status'"),
        (
            {"custom:member_id": {"linkage": "Writable", "property": "m", "unique": True}},
            "unique across customers",
        ),
        ({"email": {"linkage": "Writable", "property": "mail"}}, "email is the identity"),
    ],
)
def test_linkage_violations_stop_before_any_call(satori, run_plugin, tmp_path, linkage, message):
    run = run_plugin(
        TARGET,
        target_config(satori, tmp_path, field_linkage=linkage),
        stdin=singer_lines(SCHEMA, *records(*people(2)), STATE),
    )
    assert run.returncode == 1
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert satori.counters()["calls"] == 0
    assert satori.customers() == []


def test_readable_writable_is_sent_with_a_warning(satori, run_plugin, tmp_path):
    linkage = {"memo": {"linkage": "Readable/Writable", "property": "company"}}
    run = run_plugin(
        TARGET,
        target_config(satori, tmp_path, field_linkage=linkage),
        stdin=singer_lines(SCHEMA, *records(*people(1)), STATE),
    )
    assert run.returncode == 0, run.stderr
    assert "field_linkage.memo is ReadableWritable: SATORI does not recommend it" in run.stderr
    assert by_email(satori)["p0@example.jp"]["memo"] == "株式会社0"


def test_bad_emails_and_email_conflicts_are_rejected_before_sending(satori, run_plugin, tmp_path):
    satori.put_customers(
        [
            {"hashcode": HASH_A, "email": "a@example.jp"},
            {"hashcode": HASH_B, "email": "b@example.jp"},
        ]
    )
    linkage = {"email": {"linkage": "Writable", "property": "email"}, **LINKAGE}
    rows = [
        {"hashcode": HASH_A, "email": "shared@example.jp", "company": "一社"},
        {"hashcode": HASH_B, "email": "SHARED@example.jp", "company": "二社"},
        {"hashcode": HASH_B, "email": "x" * 250 + "@example.jp"},
        {"hashcode": HASH_B, "email": "not an email"},
        {"hashcode": HASH_B, "company": "二社だけ"},
    ]
    run = run_plugin(
        TARGET,
        target_config(
            satori,
            tmp_path,
            identity_type="hashcode",
            field_linkage=linkage,
            fail_on_reject=False,
        ),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
    )
    assert run.returncode == 0, run.stderr
    reasons = [reject["reason"] for reject in rejects(tmp_path)]
    assert len(reasons) == 3
    assert f"already used by customer '{HASH_A}' earlier in this run" in reasons[0]
    assert "property 'email'" in reasons[1]
    assert "longer than" in reasons[1]
    assert "not a valid email" in reasons[2]
    assert [r["record"]["company"] for r in rejects(tmp_path)[:1]] == ["二社"]
    held = {customer["hashcode"]: customer for customer in satori.customers()}
    assert held[HASH_A]["email"] == "shared@example.jp"
    assert held[HASH_B]["email"] == "b@example.jp"
    assert held[HASH_B]["lead_company_name"] == "二社だけ"
    assert calls(satori)["upsert"] == 2


def test_blank_values_never_erase_unless_asked(satori, run_plugin, tmp_path):
    satori.put_customers(
        [
            {
                "email": f"p{n}@example.jp",
                "fields": {"lead_company_name": "旧社名", "last_name": "旧姓"},
            }
            for n in range(4)
        ]
    )
    rows = [{"email": f"p{n}@example.jp", "company": "", "family_name": None} for n in range(4)]
    for threshold in (10, 2):
        run = run_plugin(
            TARGET,
            target_config(satori, tmp_path, bulk_threshold=threshold),
            stdin=singer_lines(SCHEMA, *records(*rows), STATE),
        )
        assert run.returncode == 0, run.stderr
        assert {c["lead_company_name"] for c in satori.customers()} == {"旧社名"}
    run = run_plugin(
        TARGET,
        target_config(satori, tmp_path, bulk_threshold=2, clear_blank_values=True),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
    )
    assert run.returncode == 0, run.stderr
    for customer in satori.customers():
        assert not customer.get("lead_company_name")
        assert not customer.get("last_name")


@pytest.mark.parametrize("numbering", ["data_row", "file_line"])
def test_bulk_failures_map_to_the_right_records(satori, run_plugin, tmp_path, numbering):
    satori.configure(row_numbering=numbering)
    satori.put_customers(
        [{"hashcode": f"{n:032x}", "email": f"h{n}@example.jp"} for n in range(1, 7)]
    )
    rows = [{"hashcode": f"{n:032x}", "company": f"社{n}"} for n in range(1, 7)]
    rows.insert(2, {"hashcode": "c" * 32, "company": "存在しない"})
    rows.insert(5, {"hashcode": "d" * 32, "company": "これも存在しない"})
    run = run_plugin(
        TARGET,
        target_config(satori, tmp_path, identity_type="hashcode", bulk_threshold=3),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
    )
    assert run.returncode == 1
    assert run.states() == [STATE["value"]]
    refused = rejects(tmp_path)
    assert [r["record"]["company"] for r in refused] == ["存在しない", "これも存在しない"]
    assert all(r["reason"].startswith("SATORI refused the row: ") for r in refused)
    assert all(r["vendor_response"]["process_code"] for r in refused)
    held = {customer["hashcode"]: customer for customer in satori.customers()}
    assert all(held[f"{n:032x}"]["lead_company_name"] == f"社{n}" for n in range(1, 7))
    # Rows 3 and 6 (or 4 and 7) do not show the numbering: one one-row probe job settles it.
    assert calls(satori)["bulk_upsert"] == 2
    assert "from a probe job" in run.stderr


def test_deletes_tags_and_permission_in_input_order(satori, run_plugin, tmp_path):
    satori.put_customers(
        [{"email": f"p{n}@example.jp", "tags": ["旧タグ", "残す"]} for n in range(3)]
    )
    rows = [
        {"email": "p0@example.jp", "opted_in": True},
        {"email": "p1@example.jp", "_sdc_deleted_at": "2026-11-23T00:00:00Z"},
        {"email": "gone@example.jp", "_sdc_deleted_at": "2026-11-23T00:00:00Z"},
        {"email": "p2@example.jp", "opted_in": False},
    ]
    run = run_plugin(
        TARGET,
        target_config(
            satori,
            tmp_path,
            delivery_permission={"property": "opted_in"},
            delete_tags={"tags": ["旧タグ"]},
        ),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
    )
    assert run.returncode == 0, run.stderr
    held = by_email(satori)
    assert set(held) == {"p0@example.jp", "p2@example.jp"}
    assert held["p0@example.jp"]["tags"] == ["残す"]
    assert held["p2@example.jp"]["delivery_permission"] == "拒否"
    counted = calls(satori)
    # Removing tags needs the bulk CSV even for two customers; deletes go one by one.
    assert (counted["bulk_upsert"], counted["delete"], counted["upsert"]) == (2, 2, 0)
    assert "gone@example.jp was not in SATORI" in run.stderr


@pytest.mark.parametrize("envelope", ["body", "message"])
def test_both_envelopes_and_errors_in_http_200_bodies(satori, run_plugin, tmp_path, envelope):
    satori.configure(envelope=envelope, http_200_errors=True)
    satori.put_customers([{"email": "known@example.jp", "hashcode": HASH_A}])
    rows = [{"hashcode": HASH_A, "company": "更新"}, {"hashcode": HASH_B, "company": "不明"}]
    for threshold in (10, 1):  # single calls, then one bulk upload
        config = target_config(satori, tmp_path, identity_type="hashcode", bulk_threshold=threshold)
        run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*rows), STATE))
        assert run.returncode == 1
        assert run.states() == [STATE["value"]]
    refused = rejects(tmp_path)
    assert [r["record"]["hashcode"] for r in refused] == [HASH_B, HASH_B]
    assert all("カスタマーが見つかりません" in r["reason"] for r in refused)
    assert by_email(satori)["known@example.jp"]["lead_company_name"] == "更新"


def test_transient_faults_are_retried_and_nothing_is_lost(satori, run_plugin, tmp_path):
    satori.fault("http_error", status=503, count=2)
    satori.fault("drop", count=1, path="status.json")
    run = run_plugin(
        TARGET,
        target_config(satori, tmp_path, bulk_threshold=5),
        stdin=singer_lines(SCHEMA, *records(*people(12)), STATE),
    )
    assert run.returncode == 0, run.stderr
    assert len(by_email(satori)) == 12
    assert run.states() == [STATE["value"]]
    # Retries log the failed calls; the status URL carries the keys as query parameters.
    assert "Retrying" in run.stderr or "retry" in run.stderr.lower()
    for key in KEYS.values():
        assert key not in run.stderr


def test_refused_keys_stop_with_one_line_and_no_secret(satori, run_plugin, tmp_path):
    config = target_config(satori, tmp_path, company_secret="wrong-company-secret")
    run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*people(1)), STATE))
    assert run.returncode == 1
    assert "SATORI refused the API keys" in run.stderr
    assert "Traceback" not in run.stderr
    assert "wrong-company-secret" not in run.stderr
    assert run.states() == []


def test_no_state_past_an_unfinished_bulk_job_and_the_rerun_completes(satori, run_plugin, tmp_path):
    satori.configure(status_polls_until_finished=100_000)
    config = target_config(satori, tmp_path, bulk_threshold=1, bulk_timeout_minutes=0.002)
    stdin = singer_lines(SCHEMA, *records(*people(5)), STATE)
    run = run_plugin(TARGET, config, stdin=stdin)
    assert run.returncode == EXIT_TRY_AGAIN
    assert run.states() == []
    assert "has not finished bulk job" in run.stderr
    assert satori.customers() == []
    satori.configure(status_polls_until_finished=1)
    run = run_plugin(TARGET, config, stdin=stdin)
    assert run.returncode == 0, run.stderr
    assert run.states() == [STATE["value"]]
    assert len(by_email(satori)) == 5


def notification_settings(where, **overrides):
    return {
        "error_notification_email": "ops@example.jp",
        "smtp_host": where["host"],
        "smtp_port": where["port"],
        "smtp_tls": "none",
        "smtp_user": DEFAULT_USERNAME,
        "smtp_password": DEFAULT_PASSWORD,
        **overrides,
    }


def test_one_summary_mail_when_records_are_rejected(satori, mail, run_plugin, tmp_path):
    rows = [*people(2), {"email": "broken-address", "company": "x"}]
    config = target_config(satori, tmp_path, **notification_settings(mail.settings()))
    run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*rows), STATE))
    assert run.returncode == 1
    [received] = mail.messages()
    assert received["recipients"] == ["ops@example.jp"]
    assert received["subject"] == "[target-satori-bridge] 1 record(s) rejected"
    body = received["body"]
    assert "Customers upserted: 2" in body
    assert "'broken-address' is not a valid email address" in body
    assert str(tmp_path / "rejects.jsonl") in body
    for secret in (KEYS["user_secret"], KEYS["company_secret"], DEFAULT_PASSWORD):
        assert secret not in body
    assert "Sent the run summary to ops@example.jp" in run.stderr


def test_no_mail_when_everything_was_written(satori, mail, run_plugin, tmp_path):
    config = target_config(satori, tmp_path, **notification_settings(mail.settings()))
    run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*people(2)), STATE))
    assert run.returncode == 0, run.stderr
    assert mail.messages() == []


def test_a_failed_run_mails_over_starttls(satori, tls_mail_sink, run_plugin, tmp_path):
    where = {"host": tls_mail_sink.host, "port": tls_mail_sink.port}
    config = target_config(
        satori,
        tmp_path,
        company_secret="wrong-company-secret",
        **notification_settings(where, smtp_tls="starttls"),
    )
    run = run_plugin(
        TARGET,
        config,
        stdin=singer_lines(SCHEMA, *records(*people(1)), STATE),
        env={"SSL_CERT_FILE": str(SANDBOX_CERT_FILE)},
    )
    assert run.returncode == 1
    [received] = tls_mail_sink.messages()
    assert received.tls
    assert received.message["Subject"].startswith(
        "[target-satori-bridge] run stopped: SATORI refused"
    )
    assert "wrong-company-secret" not in received.text()


def test_an_unreachable_mail_server_does_not_change_the_outcome(satori, run_plugin, tmp_path):
    where = {"host": "127.0.0.1", "port": 9}
    rows = [{"email": "broken-address"}]
    config = target_config(satori, tmp_path, **notification_settings(where))
    run = run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *records(*rows), STATE))
    assert run.returncode == 1
    assert "could not send the notification mail through 127.0.0.1:9" in run.stderr
    assert DEFAULT_PASSWORD not in run.stderr


def sheet(config_path, output_format):
    return subprocess.run(
        [str(BIN / TARGET), "--config", str(config_path), "--requirements-sheet", output_format],
        capture_output=True,
        text=True,
        check=False,
    )


def test_requirements_sheet_from_the_config(satori, tmp_path):
    config = target_config(
        satori,
        tmp_path,
        error_notification_email="ops@example.jp",
        delivery_permission={"value": "拒否"},
        append_tags={"tags": ["配配メール開封"]},
        linkage_timing="毎日 03:00",
    )
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    markdown = sheet(path, "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith("# 連携要件連絡書")
    assert "Error notification address (エラー通知先): ops@example.jp" in markdown.stdout
    assert (
        "| field | lead_company_name | 会社名 | Writable | other tool → SATORI | company "
        "| 毎日 03:00 |" in markdown.stdout
    )
    rows = list(csv.DictReader(io.StringIO(sheet(path, "csv").stdout)))
    by_field = {row["satori_field"]: row for row in rows if row["item"] == "field"}
    assert by_field["phone_number"]["linkage"] == "Readable"
    assert by_field["phone_number"]["timing"] == ""
    assert by_field["custom:member_id"]["linkage"] == "NG"
    assert by_field["custom:industry"]["singer_property"] == "industry"
    items = {row["item"]: row for row in rows}
    assert items["error_notification"]["notes"] == "ops@example.jp"
    assert items["delivery_permission"]["notes"] == (
        "fixed 拒否; sent as approval / reject by the single API, 許可 / 拒否 by bulk CSV"
    )
    assert items["append_tags"]["notes"] == "fixed tags: 配配メール開封"
    assert satori.counters()["calls"] == 0

    config["field_linkage"] = {"score": {"linkage": "Writable", "property": "s"}}
    path.write_text(json.dumps(config), encoding="utf-8")
    refused = sheet(path, "markdown")
    assert refused.returncode == 1
    assert "can never be Writable" in refused.stderr
    assert refused.stdout == ""
