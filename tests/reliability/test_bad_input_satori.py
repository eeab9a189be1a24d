"""target-satori-bridge's bad-input corpus: each case refused alone, everything else written.

Each case is one run of the target against the SATORI sandbox: SCHEMA, two good records, the
case's lines, two good records, the final STATE. The shared checks (bad_input.py) see the
case's lines rejected with reasons naming the record and the property, logged, the final STATE
emitted and exit code 1; this test then reads back what SATORI holds: exactly the good records
(and the good lines of a case), with their values, and nothing else.

Small loads go one single upsert call per customer; a batch of more than `bulk_threshold`
customers goes by bulk CSV. Cases named `…_bulk` set the threshold to 1, so their good records
go by bulk upload (the test checks which endpoint was used).

Decisions the corpus pins down (see the target's README, "Records that cannot be sent"):
- Values of properties linked to Readable or NG fields (here `phone` → `phone_number`,
  Readable) are never sent and not rejected: the linkage is configuration. Good records carry
  such values; each run must log the warning and SATORI must not hold `phone_number`.
- Formula-like values are neutralised by default (stored with a leading '), the same for
  single calls and bulk CSV; `formula_cells: reject` refuses them. An email starting like a
  formula is always refused: it cannot be neutralised without becoming another address.
- A property the stream's SCHEMA does not declare is refused (`validate_records`, on by
  default); `validate_records: false` leaves the target's own checks, which still refuse
  lists, objects and unknown delivery-permission words, but send numbers as text.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field, replace

import pytest
from bad_input import BadInput, assert_refused_alone, corpus_input

from vendor_sandbox.testing.satori import LINKAGE, SCHEMA, TARGET, records, target_config

if t.TYPE_CHECKING:
    from vendor_sandbox.client.satori import SatoriControl

STREAM = "contacts"
SETTINGS = {"delivery_permission": {"property": "opted_in"}, "append_tags": {"property": "tags"}}
BULK = {"bulk_threshold": 1}
BEFORE = (
    {
        "email": "before1@example.jp",
        "company": "株式会社前田製作所",
        "family_name": "前田",
        "industry": "製造",
        "phone": "03-1111-2222",
        "opted_in": True,
        "tags": ["展示会"],
    },
    {"email": "before2@example.jp", "company": "前川商事", "phone": "", "opted_in": False},
)
AFTER = (
    {
        "email": "after1@example.jp",
        "company": "後藤物産",
        "family_name": "後藤",
        "phone": "06-3333-4444",
        "tags": ["資料請求", "展示会"],
    },
    {"email": "after2@example.jp", "family_name": "後川", "opted_in": True},
)
LINE = 2 + len(BEFORE)  # the number of a case's first input line (SCHEMA is line 1)
PROPERTIES = SCHEMA["schema"]["properties"]


@dataclass(frozen=True)
class SatoriCase(BadInput):
    """A case of this target's corpus.

    Attributes:
        settings: Settings of this run on top of `SETTINGS`.
        written: Good records among the case's lines, as SATORI must hold them.
        schema: The SCHEMA that opens the input, when not `SCHEMA`.
    """

    settings: t.Mapping[str, t.Any] = field(default_factory=dict)
    written: tuple[dict[str, t.Any], ...] = ()
    schema: t.Mapping[str, t.Any] | None = None


def record(**row: t.Any) -> dict[str, t.Any]:
    """One RECORD message of the corpus's stream."""
    return {"type": "RECORD", "stream": STREAM, "record": row}


def schema(key_properties: list[str] | None = None, **properties: t.Any) -> dict[str, t.Any]:
    """`SCHEMA` with properties added (a value of None removes one)."""
    changed = {**PROPERTIES, **properties}
    return {
        **SCHEMA,
        "schema": {"properties": {k: v for k, v in changed.items() if v is not None}},
        "key_properties": key_properties if key_properties is not None else ["email"],
    }


def line(n: int) -> str:
    """How a reason names the case's n-th line (1-based)."""
    return f"input line {LINE + n - 1}"


def bulk(case: SatoriCase) -> SatoriCase:
    """The case with its good records written by bulk CSV upload."""
    return replace(case, name=f"{case.name}_bulk", settings={**case.settings, **BULK})


TEXT = {"type": ["string", "null"]}
WITH_MEMO = {**LINKAGE, "memo": {"linkage": "Writable", "property": "note"}}
BY_SOURCE_ID = schema(["id"], id={"type": ["integer", "null"]})

MISSING_IDENTITY = SatoriCase(
    "missing_identity",
    (
        record(company="名無し株式会社", family_name="匿名"),
        record(email=None, company="空"),
        record(email="   ", company="空白"),
    ),
    (line(1), line(2), line(3), "property 'email' (the customer's email", "is missing"),
    rejected=3,
)
INVALID_EMAILS = SatoriCase(
    "invalid_email_shapes",
    tuple(
        record(email=email, company="不正")
        for email in (
            "not an email",
            "a@localhost",
            "山田@example.jp",
            "a@@example.jp",
            "dot.@x.jp",
        )
    ),
    (
        line(1),
        line(5),
        "'not an email' is not a valid email address",
        "'a@localhost'",
        "'山田@example.jp'",
        "'a@@example.jp'",
        "'dot.@x.jp'",
    ),
    rejected=5,
)
LONG_EMAILS = SatoriCase(
    "email_over_255_characters",
    (
        record(email="x" * 250 + "@example.jp", company="長い"),
        record(email="y" * 244 + "@example.jp", company="255文字"),
        record(email="l" * 65 + "@example.jp", company="長いローカル部"),
    ),
    (
        line(1),
        line(2),
        line(3),
        "property 'email'",
        "longer than 254 characters (261)",
        "longer than 254 characters (255)",
        "the part before @ is longer than 64 characters",
    ),
    rejected=3,
)
SHARED_EMAIL = SatoriCase(
    "two_customers_sharing_an_email",
    (
        record(id=1, email="shared@example.jp", company="一社"),
        record(id=2, email="SHARED@example.jp", company="二社"),
        record(id=1, email="shared@example.jp", company="一社(更新)"),
    ),
    (line(2), "email 'SHARED@example.jp'", "(id=1)", "this one is id=2", "property 'email'"),
    written=({"email": "shared@example.jp", "company": "一社(更新)"},),
    schema=BY_SOURCE_ID,
)
NUMBER_FOR_TEXT = SatoriCase(
    "number_where_text_is_expected",
    (record(email="number@example.jp", company=42),),
    (line(1), "'number@example.jp'", "property 'company': 42 is not of type 'string', 'null'"),
)
WRONG_TYPES = SatoriCase(
    "object_array_and_non_boolean_values",
    (
        record(email="object@example.jp", company={"name": "株式会社オブジェクト"}),
        record(email="array@example.jp", family_name=["山田", "太郎"]),
        record(email="maybe@example.jp", opted_in="maybe"),
        record(email="one@example.jp", opted_in=1),
    ),
    (
        line(1),
        "'object@example.jp'",
        "property 'company': {'name'",
        "'array@example.jp': property 'family_name'",
        "'maybe@example.jp': property 'opted_in': 'maybe' is not of type 'boolean', 'null'",
        "'one@example.jp': property 'opted_in': 1 is not of type",
    ),
    rejected=4,
)
UNVALIDATED_TYPES = SatoriCase(
    "wrong_types_without_schema_validation",
    (
        record(email="object@example.jp", company={"name": "株式会社オブジェクト"}),
        record(email="array@example.jp", family_name=["山田", "太郎"]),
        record(email="maybe@example.jp", opted_in="maybe"),
        record(email="number@example.jp", company=42, industry=3.0),
    ),
    (
        "'object@example.jp': property 'company' (SATORI field 'lead_company_name', 会社名): "
        "SATORI fields hold text, got dict",
        "'array@example.jp': property 'family_name' (SATORI field 'last_name', 姓)",
        "'maybe@example.jp': property 'opted_in' = 'maybe' is not a delivery permission",
    ),
    rejected=3,
    settings={"validate_records": False},
    written=({"email": "number@example.jp", "company": "42", "industry": "3"},),
)
LONG_TAG = SatoriCase(
    "tag_over_255_characters",
    (record(email="tag@example.jp", tags=["t" * 256]),),
    (line(1), "'tag@example.jp': property 'tags' (append_tags)", "longer than 255 characters"),
)
MALFORMED_TAGS = SatoriCase(
    "malformed_tags",
    (
        record(email="comma@example.jp", tags=["展示会,セミナー"]),
        record(email="empty@example.jp", tags=["ok", " "]),
        record(email="number@example.jp", tags=["ok", 5]),
        record(email="text@example.jp", tags="展示会"),
        record(email="newline@example.jp", tags=["二行\nタグ"]),
    ),
    (
        "'comma@example.jp': property 'tags' (append_tags): tag name '展示会,セミナー' contains "
        "a comma",
        "'empty@example.jp': property 'tags' (append_tags): tag name ' ' must be non-empty",
        "'number@example.jp': property 'tags'[1]: 5 is not of type 'string'",
        "'text@example.jp': property 'tags': '展示会' is not of type 'array', 'null'",
        "'newline@example.jp': property 'tags' (append_tags): tag name '二行\\nタグ' contains a "
        "tab or line break",
    ),
    rejected=5,
)
LONE_SURROGATE = SatoriCase(
    "lone_surrogate",
    (
        json.dumps(record(email="surrogate@example.jp", company="株式会社\ud800")),
        json.dumps(record(email="x\udc00@example.jp", company="宛先")),
    ),
    (
        line(1),
        "'surrogate@example.jp': property 'company'",
        "holds a lone UTF-16 surrogate (U+D800) at position 5",
        line(2),
        "'x\\udc00@example.jp' is not a valid email address",
    ),
    rejected=2,
)
INVALID_UTF8 = SatoriCase(
    "bytes_that_are_not_utf8",
    (
        # Undecodable bytes are held as U+DC80..U+DCFF; the test sends them as raw bytes.
        record(email="latin1@example.jp", company="Caf\udce9 Bleu"),
        '{"type": "RECORD", "stream": "contacts", \udcff\udcfe}',
    ),
    (
        line(1),
        "'latin1@example.jp': property 'company'",
        "holds a byte that is not UTF-8 (0xe9), or a lone UTF-16 surrogate U+DCE9, at position 4",
        f"{line(2)}: not valid JSON",
    ),
    rejected=2,
)
NUL = SatoriCase(
    "nul_character",
    (record(email="nul@example.jp", company="株式会社\x00テスト"),),
    (
        line(1),
        "'nul@example.jp': property 'company'",
        "contains the control character U+0000 (NUL) at position 5",
    ),
)
CONTROL_CHARACTERS = SatoriCase(
    "control_characters",
    (
        record(email="esc@example.jp", family_name="山\x1b[31m田"),
        record(email="bel@example.jp", tags=["\x07ベル"]),
        record(email="del@example.jp", industry="製造\x7f"),
    ),
    (
        "'esc@example.jp': property 'family_name' (SATORI field 'last_name', 姓): contains the "
        "control character U+001B (ESC) at position 2",
        "'bel@example.jp': property 'tags' (append_tags)",
        "U+0007 (BEL)",
        "'del@example.jp': property 'industry'",
        "U+007F (DEL)",
    ),
    rejected=3,
)
FORMULAS_REFUSED = SatoriCase(
    "formula_cells_refused_when_set_to_reject_bulk",
    (
        record(email="formula@example.jp", company='=HYPERLINK("http://example.com","x")'),
        record(email="plus@example.jp", family_name="+cmd|' /C calc'!A0"),
        record(email="tagged@example.jp", tags=["@SUM(1+1)"]),
    ),
    (
        "'formula@example.jp': property 'company' (SATORI field 'lead_company_name', 会社名): "
        "value starts with '='",
        "'plus@example.jp': property 'family_name'",
        "'tagged@example.jp': property 'tags' (append_tags), tag '@SUM(1+1)'",
        "formula_cells is reject",
    ),
    rejected=3,
    settings={"formula_cells": "reject", **BULK},
)
FORMULA_EMAIL = SatoriCase(
    "formula_like_email_refused_even_when_neutralising_bulk",
    (
        record(email="-dash@example.jp", company="ダッシュ"),
        record(email="neutral@example.jp", company="=1+1", tags=["-"]),
    ),
    (line(1), "property 'email': '-dash@example.jp' starts with '-'", "cannot be neutralised"),
    settings=BULK,
    written=({"email": "neutral@example.jp", "company": "'=1+1", "tags": ["'-"]},),
)
UNDECLARED = SatoriCase(
    "property_the_schema_does_not_declare",
    (
        record(email="nick@example.jp", company="ニック商会", nickname="ニック"),
        record(email="null@example.jp", company="ヌル商会", nickname=None),
    ),
    (line(1), "'nick@example.jp'", "property 'nickname' is not declared in the stream's SCHEMA"),
    written=({"email": "null@example.jp", "company": "ヌル商会"},),
)
NOT_JSON = SatoriCase(
    "line_not_json",
    ('{"type": "RECORD", "stream": "contacts", "record": {',),
    (f"{line(1)}: not valid JSON",),
)
NOT_AN_OBJECT = SatoriCase(
    "line_not_an_object",
    ('["RECORD", "contacts"]', '"RECORD"'),
    (f"{line(1)}: not a JSON object", f"{line(2)}: not a JSON object"),
    rejected=2,
)
NESTED_TOO_DEEPLY = SatoriCase(
    "line_nested_too_deeply",
    ("[" * 100_000,),
    (f"{line(1)}: not valid JSON for this target (nested deeper than 100 levels)",),
)
MISSING_TYPE = SatoriCase(
    "message_without_type",
    ({"stream": STREAM, "record": {"email": "notype@example.jp"}},),
    (f"{line(1)}: field 'type' must be one of", "got None"),
)
UNKNOWN_TYPE = SatoriCase(
    "unknown_message_type",
    ({"type": "RECORDS", "stream": STREAM, "record": {"email": "records@example.jp"}},),
    (f"{line(1)}: field 'type' must be one of", "got 'RECORDS'"),
)
RECORD_BEFORE_SCHEMA = SatoriCase(
    "record_before_its_schema",
    ({"type": "RECORD", "stream": "leads", "record": {"email": "lead@example.jp"}},),
    (f"{line(1)}: a RECORD of stream 'leads' came before its SCHEMA",),
)
RECORD_NOT_OBJECT = SatoriCase(
    "record_not_an_object",
    ({"type": "RECORD", "stream": STREAM, "record": ["notobject@example.jp"]},),
    (f"{line(1)}: field 'record' must be a JSON object",),
)
SCHEMA_WITHOUT_PROPERTIES = SatoriCase(
    "schema_without_properties",
    ({"type": "SCHEMA", "stream": STREAM, "schema": {"type": "object"}, "key_properties": []},),
    (f"{line(1)}: field 'schema' must be a JSON Schema object with 'properties'",),
)
BAD_ACTIVATE_VERSION = SatoriCase(
    "activate_version_without_stream_or_version",
    (
        {"type": "ACTIVATE_VERSION", "version": 2},
        {"type": "ACTIVATE_VERSION", "stream": STREAM, "version": "2"},
    ),
    (f"{line(1)}: field 'stream' of ACTIVATE_VERSION", f"{line(2)}: field 'version'"),
    rejected=2,
)
BATCH = SatoriCase(
    "batch_message",
    (
        {
            "type": "BATCH",
            "stream": STREAM,
            "encoding": {"format": "jsonl", "compression": "gzip"},
            "manifest": ["file:///tmp/contacts.jsonl.gz"],
        },
    ),
    (f"{line(1)}: BATCH messages are not supported",),
)
DRIFT_TYPE = SatoriCase(
    "schema_drift_changes_a_type",
    (
        schema(industry={"type": ["integer", "null"]}),
        record(email="coded@example.jp", company="コード化", industry=7),
        record(email="worded@example.jp", company="言葉のまま", industry="製造"),
    ),
    (
        line(3),
        "'worded@example.jp': property 'industry': '製造' is not of type 'integer'",
    ),
    written=({"email": "coded@example.jp", "company": "コード化", "industry": "7"},),
)
DRIFT_ADDS = SatoriCase(
    "schema_drift_adds_a_field",
    (
        record(email="early@example.jp", note="営業部"),
        schema(note=TEXT),
        record(email="sales@example.jp", note="営業部"),
        record(email="numbered@example.jp", note=5),
    ),
    (
        line(1),
        "'early@example.jp': property 'note' is not declared",
        line(4),
        "'numbered@example.jp': property 'note': 5 is not of type 'string', 'null'",
    ),
    rejected=2,
    settings={"field_linkage": WITH_MEMO},
    written=({"email": "sales@example.jp", "note": "営業部"},),
)
DRIFT_REMOVES = SatoriCase(
    "schema_drift_removes_a_field",
    (
        schema(industry=None),
        record(email="stale@example.jp", company="古い形", industry="製造"),
        record(email="fresh@example.jp", company="新しい形"),
    ),
    (
        line(2),
        "'stale@example.jp': property 'industry' is not declared",
    ),
    written=({"email": "fresh@example.jp", "company": "新しい形"},),
)
DRIFT_INVALID = SatoriCase(
    "schema_drift_to_an_invalid_json_schema",
    (
        {**SCHEMA, "schema": {"properties": {"email": {"type": "strin"}}}},
        record(email="unchecked@example.jp", company="検査不能"),
        SCHEMA,
    ),
    (
        f"{line(1)}: SCHEMA of stream 'contacts' refused, not a valid JSON Schema at "
        "schema['properties']['email']['type']",
        f"{line(2)}, email 'unchecked@example.jp': not written: the stream's SCHEMA "
        f"({line(1)}) was refused",
    ),
    rejected=2,
)
DRIFT_DANGLING_REF = SatoriCase(
    "schema_drift_to_a_ref_that_resolves_nowhere",
    (
        schema(company={"$ref": "#/$defs/company"}),
        record(email="refd@example.jp", company="参照先なし"),
        record(email="unrefd@example.jp", family_name="会社なし"),
        SCHEMA,
    ),
    (
        line(2),
        "'refd@example.jp': property 'company' cannot be checked",
        "$ref that resolves nowhere",
    ),
    written=({"email": "unrefd@example.jp", "family_name": "会社なし"},),
)

CASES = [
    MISSING_IDENTITY,
    INVALID_EMAILS,
    LONG_EMAILS,
    SHARED_EMAIL,
    bulk(SHARED_EMAIL),
    NUMBER_FOR_TEXT,
    bulk(NUMBER_FOR_TEXT),
    WRONG_TYPES,
    UNVALIDATED_TYPES,
    bulk(UNVALIDATED_TYPES),
    LONG_TAG,
    MALFORMED_TAGS,
    LONE_SURROGATE,
    bulk(LONE_SURROGATE),
    INVALID_UTF8,
    bulk(INVALID_UTF8),
    NUL,
    bulk(NUL),
    CONTROL_CHARACTERS,
    FORMULAS_REFUSED,
    FORMULA_EMAIL,
    UNDECLARED,
    NOT_JSON,
    NOT_AN_OBJECT,
    NESTED_TOO_DEEPLY,
    MISSING_TYPE,
    UNKNOWN_TYPE,
    RECORD_BEFORE_SCHEMA,
    RECORD_NOT_OBJECT,
    SCHEMA_WITHOUT_PROPERTIES,
    BAD_ACTIVATE_VERSION,
    BATCH,
    DRIFT_TYPE,
    bulk(DRIFT_TYPE),
    DRIFT_ADDS,
    DRIFT_REMOVES,
    DRIFT_INVALID,
    bulk(DRIFT_INVALID),
    DRIFT_DANGLING_REF,
]


def as_held(row: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """What SATORI must hold for a good record (Readable `phone` never written)."""
    permission = {True: "許可", False: "拒否", None: "許可"}[row.get("opted_in")]
    return {
        "lead_company_name": row.get("company"),
        "last_name": row.get("family_name"),
        "custom:industry": row.get("industry"),
        "memo": row.get("note"),
        "phone_number": None,
        "delivery_permission": permission,
        "tags": sorted(row.get("tags") or []),
    }


def held(satori: SatoriControl) -> dict[str | None, dict[str, t.Any]]:
    """Every customer SATORI holds, by email, reduced to what `as_held` says."""
    return {
        customer.get("email"): {name: customer.get(name) for name in as_held({})}
        for customer in satori.customers()
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_alone_and_the_rest_is_written(case, satori, run_plugin, tmp_path):
    config = target_config(satori, tmp_path, **{**SETTINGS, **case.settings})
    stdin = corpus_input(dict(case.schema or SCHEMA), records(*BEFORE), case, records(*AFTER))
    run = run_plugin(TARGET, config, stdin=stdin.encode("utf-8", "surrogateescape"))

    assert_refused_alone(case, run, tmp_path / "rejects.jsonl")
    assert "Traceback" not in run.stderr
    expected = {row["email"]: as_held(row) for row in (*BEFORE, *case.written, *AFTER)}
    assert held(satori) == expected
    bulk_uploads = satori.counters()["by_endpoint"]["bulk_upsert"]
    assert (bulk_uploads > 0) == ("bulk_threshold" in case.settings), run.stderr
    assert run.stderr.count("Property 'phone' of stream 'contacts' has values") >= 1
