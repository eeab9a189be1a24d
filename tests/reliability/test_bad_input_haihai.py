"""target-haihai-mail's bad-input corpus: every case refused alone, everything else written.

Each case is one run of the target as a process against the 配配メール sandbox: SCHEMA, good
records, the case's lines, good records, final STATE. The shared checks (bad_input.py) prove
the case's records are in the reject file with reasons naming the record and the field, that
the reasons are logged, that the final STATE is emitted and that the run exits 1; this file
then proves 配配メール holds exactly the good records, with their values: nothing else was
written, nothing was lost.

Where each refusal happens (see the target's README): malformed lines in the reader
("input line N: ..."), an invalid SCHEMA and its stream's records in the target, a record's
values in the sink before anything is uploaded, a row 配配メール refuses (失敗, e.g. 未登録 or
a value over 255 characters) after the upload, named by its address.
"""

from __future__ import annotations

import typing as t

import pytest
from bad_input import BadInput, assert_refused_alone, corpus_input

from vendor_sandbox.testing.haihai import connection_config, seeded_at_now

TARGET = "target-haihai-mail"
FIELD_MAP = {"email": "メールアドレス", "full_name": "氏名", "company": "会社名"}
PROPERTIES: dict[str, t.Any] = {
    "email": {"type": ["string", "null"]},
    "full_name": {"type": ["string", "null"]},
    "company": {"type": ["string", "null"]},
    "note": {"type": ["string", "null"]},
}
SCHEMA = {
    "type": "SCHEMA",
    "stream": "contacts",
    "schema": {"properties": PROPERTIES},
    "key_properties": ["email"],
}
BEFORE = [
    {"email": "before1@example.jp", "full_name": "前田 一郎", "company": "株式会社前田"},
    {"email": "before2@example.jp", "full_name": "前田 二郎", "note": "送られない"},
]
AFTER = [
    {"email": "after1@example.jp", "full_name": "後藤 一子", "company": "後藤商店"},
    {"email": "after2@example.jp", "full_name": "髙橋 ①", "company": None},
]
# The SCHEMA is input line 1, the good records before the case follow it.
FIRST_CASE_LINE = 2 + len(BEFORE)
DELETED_AT = "2026-11-23T01:00:00Z"


def record(stream: str = "contacts", **values: t.Any) -> dict[str, t.Any]:
    """A RECORD message."""
    return {"type": "RECORD", "stream": stream, "record": values}


def line(offset: int) -> str:
    """How a reason names the case's line `offset` (0 = its first line)."""
    return f"input line {FIRST_CASE_LINE + offset}"


def schema(stream: str = "contacts", **properties: t.Any) -> dict[str, t.Any]:
    """A SCHEMA message for `stream` with `properties` (a drifted or invalid one)."""
    return {
        "type": "SCHEMA",
        "stream": stream,
        "schema": {"properties": properties},
        "key_properties": ["email"],
    }


def raw_bytes(text: bytes) -> str:
    """Bytes that are not UTF-8, as a line `corpus_input` takes (encoded back below)."""
    return text.decode("utf-8", "surrogateescape")


LONG_ADDRESS = f"{'x' * 64}@{'d' * 63}.{'e' * 63}.{'f' * 63}.jp"  # 259 characters
INVALID_ADDRESSES = (
    "not-an-email",
    "no-domain@",
    "@example.jp",
    "two@@example.jp",
    "a@example",
    "space in@example.jp",
    "a..b@example.jp",
    "a@-example.jp",
    "a@example.jp,b@example.jp",
    "<a@example.jp>",
    "山田@example.jp",
    "a@example.jp\n",
)
DRIFTED_TYPE = {**PROPERTIES, "company": {"type": ["integer", "null"]}}
ADDED_FIELD = {**PROPERTIES, "電話番号": {"type": ["string", "null"]}}

CORPUS = (
    BadInput(
        "missing_email",
        (record(full_name="宛先 なし"),),
        (line(0), "field 'email' (メールアドレス): email address is missing"),
    ),
    BadInput(
        "null_email",
        (record(email=None, full_name="宛先 なし"),),
        (line(0), "field 'email' (メールアドレス): email address is missing"),
    ),
    BadInput(
        "empty_and_blank_email",
        (record(email="", full_name="空"), record(email="   ", full_name="空白")),
        (line(0), line(1), "email address is missing"),
        rejected=2,
    ),
    BadInput(
        "invalid_email_shapes",
        tuple(record(email=address) for address in INVALID_ADDRESSES),
        (
            "field 'email' (メールアドレス)",
            *(f"{address!r} is not a valid email address" for address in INVALID_ADDRESSES),
            *(line(n) for n in range(len(INVALID_ADDRESSES))),
        ),
        rejected=len(INVALID_ADDRESSES),
    ),
    BadInput(
        "email_longer_than_254",
        (record(email=LONG_ADDRESS, full_name="長い アドレス"),),
        (line(0), "field 'email' (メールアドレス): email address is longer than 254"),
    ),
    BadInput(
        "local_part_longer_than_64",
        (record(email=f"{'l' * 65}@example.jp"),),
        (line(0), "field 'email' (メールアドレス): the part before @ is longer than 64"),
    ),
    BadInput(
        "email_not_text",
        (record(email=12345), record(email=["list@example.jp"])),
        (
            f"{line(0)}, stream 'contacts': field 'email' (メールアドレス): 12345 is not of type",
            f"{line(1)}, stream 'contacts': field 'email' (メールアドレス): ['list@example.jp']",
        ),
        rejected=2,
    ),
    BadInput(
        "values_over_255_characters_refused_by_haihai",
        (
            record(email="long-name@example.jp", full_name="長" * 256),
            record(email="long-company@example.jp", company="社" * 300),
        ),
        (
            f"{line(0)}, stream 'contacts' (long-name@example.jp): 配配メール refused row",
            "氏名が255文字を超えています",
            f"{line(1)}, stream 'contacts' (long-company@example.jp)",
            "会社名が255文字を超えています",
        ),
        rejected=2,
    ),
    BadInput(
        "emoji_not_in_cp932",
        (record(email="emoji@example.jp", full_name="山田 😀"),),
        (
            f"{line(0)}, stream 'contacts' (emoji@example.jp): field 'full_name' (氏名)",
            "character '😀' (U+1F600) at position 4 cannot be written in cp932",
        ),
    ),
    BadInput(
        "kanji_outside_cp932",
        (
            record(email="yoshi@example.jp", company="𠮷野家"),
            record(email="ogai@example.jp", full_name="森 鷗外"),
            record(email="hokke@example.jp", company="𩸽専門店"),
        ),
        (
            "(yoshi@example.jp): field 'company' (会社名): character '𠮷' (U+20BB7)",
            "(ogai@example.jp): field 'full_name' (氏名): character '鷗' (U+9DD7)",
            "(hokke@example.jp): field 'company' (会社名): character '𩸽' (U+29E3D)",
        ),
        rejected=3,
    ),
    BadInput(
        "lone_surrogate_escaped",
        (
            '{"type": "RECORD", "stream": "contacts", "record": '
            '{"email": "surrogate@example.jp", "full_name": "\\ud800"}}',
        ),
        (
            f"{line(0)}, stream 'contacts' (surrogate@example.jp): field 'full_name' (氏名): "
            "holds a lone UTF-16 surrogate (U+D800) at position 1, which no text encoding can "
            "hold",
        ),
    ),
    BadInput(
        "bytes_not_utf8",
        (
            raw_bytes(
                b'{"type": "RECORD", "stream": "contacts", "record": '
                b'{"email": "raw@example.jp", "full_name": "\xed\xa0\x80"}}'
            ),
            raw_bytes(
                b'{"type": "RECORD", "stream": "contacts", "record": '
                b'{"email": "sjis@example.jp", "full_name": "' + "髙橋".encode("cp932") + b'"}}'
            ),
        ),
        (
            f"{line(0)}, stream 'contacts' (raw@example.jp): field 'full_name' (氏名): holds a "
            "byte that is not UTF-8 (0xed)",
            f"{line(1)}, stream 'contacts' (sjis@example.jp): field 'full_name' (氏名): holds a "
            "byte that is not UTF-8 (0xee)",
        ),
        rejected=2,
    ),
    BadInput(
        "formula_equals",
        (record(email="eq@example.jp", company='=HYPERLINK("http://example.com","x")'),),
        ("(eq@example.jp): field 'company' (会社名): value starts with '='",),
    ),
    BadInput(
        "formula_plus",
        (record(email="plus@example.jp", company="+81-3-1234-5678"),),
        ("(plus@example.jp): field 'company' (会社名): value starts with '+'",),
    ),
    BadInput(
        "formula_minus",
        (record(email="minus@example.jp", full_name="-1+2"),),
        ("(minus@example.jp): field 'full_name' (氏名): value starts with '-'",),
    ),
    BadInput(
        "formula_at",
        (record(email="at@example.jp", company="@SUM(A1:A9)"),),
        ("(at@example.jp): field 'company' (会社名): value starts with '@'",),
    ),
    BadInput(
        "formula_tab_and_cr",
        (
            record(email="tab@example.jp", full_name="\t=1+1"),
            record(email="cr@example.jp", company="\r=1+1"),
        ),
        (
            "(tab@example.jp): field 'full_name' (氏名): value starts with '\\t'",
            "(cr@example.jp): field 'company' (会社名): value starts with '\\r'",
        ),
        rejected=2,
    ),
    BadInput(
        "formula_in_email",
        (record(email="=cmd@example.jp", full_name="式"),),
        (line(0), "field 'email' (メールアドレス): '=cmd@example.jp' starts with a formula"),
    ),
    BadInput(
        "number_where_text_is_expected",
        (record(email="number@example.jp", full_name=42),),
        ("(number@example.jp): field 'full_name' (氏名): 42 is not of type 'string', 'null'",),
    ),
    BadInput(
        "object_where_text_is_expected",
        (record(email="object@example.jp", company={"name": "株式会社"}),),
        ("(object@example.jp): field 'company' (会社名): {'name': '株式会社'} is not of type",),
    ),
    BadInput(
        "array_where_text_is_expected",
        (record(email="array@example.jp", full_name=["山田", "太郎"]),),
        ("(array@example.jp): field 'full_name' (氏名): ['山田', '太郎'] is not of type",),
    ),
    BadInput(
        "boolean_where_text_is_expected",
        (record(email="bool@example.jp", company=True),),
        ("(bool@example.jp): field 'company' (会社名): True is not of type",),
    ),
    # 配配メール does not define what one import does with two rows for one address, so the
    # first row is kept (as sent, see BEFORE) and each later one, whatever its case, is
    # rejected naming the address and the kept row: deterministic, and nothing is lost.
    BadInput(
        "duplicate_address_in_one_upload",
        (
            record(email="before1@example.jp", full_name="別人 一郎"),
            record(email="BEFORE2@Example.JP", company="大文字"),
        ),
        (
            f"{line(0)}, stream 'contacts' (before1@example.jp): field 'email' (メールアドレス)",
            "already has a row for this address (input line 2, stream 'contacts' "
            "(before1@example.jp)); two rows for one address in one import are ambiguous, "
            "so the first is kept",
            f"{line(1)}, stream 'contacts' (BEFORE2@Example.JP)",
            "(input line 3, stream 'contacts' (before2@example.jp))",
        ),
        rejected=2,
    ),
    # A field arriving in the data (not in the stream's SCHEMA) is that record's problem: a
    # reject. A field_map naming a field the account lacks is a configuration error and
    # stops the run before any upload (target-haihai-mail/tests/test_haihai_target.py).
    BadInput(
        "undeclared_property_the_account_lacks",
        (record(email="dept@example.jp", full_name="部署 あり", 部署="営業部"),),
        ("(dept@example.jp): property '部署' is not declared in the stream's SCHEMA",),
    ),
    BadInput(
        "undeclared_property_named_like_a_field",
        (record(email="phone@example.jp", 電話番号="03-1234-5678"),),
        ("(phone@example.jp): property '電話番号' is not declared in the stream's SCHEMA",),
    ),
    BadInput(
        "delete_of_an_address_haihai_does_not_hold",
        (record(email="nobody@example.jp", _sdc_deleted_at=DELETED_AT),),
        (
            f"{line(0)}, stream 'contacts' (nobody@example.jp): 配配メール refused row 1 of "
            "delete part 1 (一括削除): 未登録",
        ),
    ),
    BadInput(
        "stop_of_an_address_haihai_does_not_hold",
        (
            schema("unsubscribes", email={"type": "string"}),
            record("unsubscribes", email="ghost@example.jp"),
        ),
        (
            f"{line(1)}, stream 'unsubscribes' (ghost@example.jp): 配配メール refused row 1 of "
            "stop part 1 (配信停止): 未登録",
        ),
    ),
    BadInput(
        "not_json",
        ('{"type": "RECORD", "stream": "contacts", "record": {',),
        (f"{line(0)}: not valid JSON",),
    ),
    BadInput(
        "not_an_object",
        ('["RECORD", "contacts", {"email": "list@example.jp"}]', '"RECORD"'),
        (f"{line(0)}: not a JSON object", f"{line(1)}: not a JSON object"),
        rejected=2,
    ),
    BadInput(
        "missing_type",
        ({"stream": "contacts", "record": {"email": "notype@example.jp"}},),
        (f"{line(0)}: field 'type' must be one of",),
    ),
    BadInput(
        "unknown_type",
        ({"type": "RECORDS", "stream": "contacts", "record": {"email": "typo@example.jp"}},),
        (f"{line(0)}: field 'type' must be one of", "got 'RECORDS'"),
    ),
    BadInput(
        "record_before_schema",
        (record("leads", email="lead@example.jp"),),
        (f"{line(0)}: a RECORD of stream 'leads' came before its SCHEMA",),
    ),
    BadInput(
        "record_not_an_object",
        (
            {"type": "RECORD", "stream": "contacts", "record": "email=text@example.jp"},
            {"type": "RECORD", "stream": "contacts", "record": ["list@example.jp"]},
        ),
        (f"{line(0)}: field 'record' must be a JSON object", f"{line(1)}: field 'record'"),
        rejected=2,
    ),
    BadInput(
        "schema_without_properties",
        (
            {"type": "SCHEMA", "stream": "leads", "schema": {"type": "object"}},
            record("leads", email="lead@example.jp"),
        ),
        (
            f"{line(0)}: field 'schema' must be a JSON Schema object with 'properties'",
            f"{line(1)}: a RECORD of stream 'leads' came before its SCHEMA",
        ),
        rejected=2,
    ),
    BadInput(
        "schema_not_a_valid_json_schema",
        (schema("leads", email={"type": "strin"}), record("leads", email="lead@example.jp")),
        (
            f"{line(0)}: SCHEMA of stream 'leads' refused, not a valid JSON Schema at "
            "schema['properties']['email']['type']",
            f"{line(1)}, stream 'leads' (lead@example.jp): not written: the stream's SCHEMA "
            f"({line(0)}) was refused",
        ),
        rejected=2,
    ),
    BadInput(
        "schema_drift_changes_a_type",
        (
            schema(**DRIFTED_TYPE),
            record(email="drift-text@example.jp", company="株式会社ドリフト"),
            record(email="drift-code@example.jp", company=1024),
            SCHEMA,
        ),
        (
            f"{line(1)}, stream 'contacts' (drift-text@example.jp): field 'company' (会社名): "
            "'株式会社ドリフト' is not of type 'integer', 'null'",
        ),
    ),
    BadInput(
        "schema_drift_adds_a_field",
        (
            schema(**ADDED_FIELD),
            record(email="phone-ok@example.jp", 電話番号="03-1234-5678"),
            record(email="phone-bad@example.jp", 電話番号=312345678),
        ),
        (
            f"{line(2)}, stream 'contacts' (phone-bad@example.jp): field '電話番号' (電話番号): "
            "312345678 is not of type 'string', 'null'",
        ),
    ),
)
# Good records some cases carry besides the bad ones: written like BEFORE and AFTER.
ALSO_WRITTEN: dict[str, list[dict[str, t.Any]]] = {
    "schema_drift_changes_a_type": [{"email": "drift-code@example.jp", "company": 1024}],
    "schema_drift_adds_a_field": [{"email": "phone-ok@example.jp", "電話番号": "03-1234-5678"}],
}


def target_config(haihai, tmp_path) -> dict[str, t.Any]:
    return connection_config(
        haihai,
        str(tmp_path / "state"),
        field_map=FIELD_MAP,
        formula_cells="reject",
        stream_operations={"unsubscribes": "stop"},
        reject_file=str(tmp_path / "rejects.jsonl"),
        poll_interval_seconds=0.05,
    )


def customers(haihai) -> dict[str, dict[str, t.Any]]:
    return {customer["mail_address"]: customer for customer in haihai.customers()}


def held_fields(row: dict[str, t.Any]) -> dict[str, str]:
    """The fields 配配メール holds for a good row: mapped or field-named, non-empty, as text."""
    return {
        FIELD_MAP.get(name, name): str(value)
        for name, value in row.items()
        if name not in {"email", "note"} and value not in (None, "")
    }


def test_the_corpus_covers_every_kind_of_bad_input():
    assert len(CORPUS) >= 20
    assert len({case.name for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_bad_input_is_refused_alone(haihai, run_plugin, tmp_path, case):
    env = seeded_at_now(haihai)
    seeded = customers(haihai)
    stdin = corpus_input(
        SCHEMA, [record(**row) for row in BEFORE], case, [record(**row) for row in AFTER]
    )
    run = run_plugin(
        TARGET,
        target_config(haihai, tmp_path),
        stdin=stdin.encode("utf-8", "surrogateescape"),
        env=env,
    )

    assert "Traceback" not in run.stderr, run.stderr
    assert_refused_alone(case, run, tmp_path / "rejects.jsonl")
    good = [*BEFORE, *ALSO_WRITTEN.get(case.name, []), *AFTER]
    held = customers(haihai)
    assert set(held) == set(seeded) | {row["email"] for row in good}
    for address, customer in seeded.items():
        assert held[address] == customer, f"{address} changed"
    for row in good:
        customer = held[row["email"]]
        assert customer["fields"] == held_fields(row), row
        assert customer["status"] == "配信中", row
