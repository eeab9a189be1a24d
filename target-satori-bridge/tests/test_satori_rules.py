"""The option's linkage rules, mappings and record checks, without a process or a network."""

from __future__ import annotations

import logging

import pytest

from satori_client.settings import KEY_SETTINGS
from singer_commons.errors import RecordRejected
from target_satori_bridge.bulk import bulk_cells
from target_satori_bridge.conflicts import EmailOwners
from target_satori_bridge.customers import CustomerShape
from target_satori_bridge.fields import (
    STANDARD_FIELDS,
    Linkage,
    LinkageError,
    known_fields,
    parse_field_linkage,
)
from target_satori_bridge.mappings import (
    ALLOW,
    DENY,
    MappingError,
    PermissionMapping,
    TagMapping,
)
from target_satori_bridge.rows import FailedRowMapper, RowNumbering
from target_satori_bridge.settings import SatoriTargetSettings
from target_satori_bridge.sheet import sheet_rows

LOGGER = logging.getLogger("test-satori-rules")


@pytest.mark.parametrize("field", ["score", "status", "hashcode", "customer_id"])
@pytest.mark.parametrize("linkage", ["Writable", "ReadableWritable", "Readable/Writable"])
def test_never_writable_fields(field, linkage):
    with pytest.raises(LinkageError, match=f"'{field}'.*can never be Writable"):
        parse_field_linkage({field: {"linkage": linkage, "property": "x"}})


@pytest.mark.parametrize("field", ["score", "status", "hashcode", "customer_id"])
def test_never_writable_fields_may_be_readable(field):
    (link,) = parse_field_linkage({field: {"linkage": "Readable"}})
    assert link.linkage is Linkage.READABLE
    assert not link.linkage.writes


@pytest.mark.parametrize("field", ["delivery_status", "mail_status"])
@pytest.mark.parametrize("linkage", ["Readable", "Writable", "ReadableWritable"])
def test_never_linked_fields(field, linkage):
    with pytest.raises(LinkageError, match=f"'{field}'.*can never be linked"):
        parse_field_linkage({field: {"linkage": linkage, "property": "x"}})
    (link,) = parse_field_linkage({field: {"linkage": "NG"}})
    assert link.linkage is Linkage.NG


def test_unique_custom_fields_cannot_link():
    with pytest.raises(LinkageError, match="unique across customers"):
        parse_field_linkage({"custom:member_id": {"linkage": "Readable", "unique": True}})
    (link,) = parse_field_linkage({"custom:member_id": {"linkage": "NG", "unique": True}})
    assert link.unique
    assert link.is_custom


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"linkage": "Sometimes"}, "not one of NG, Readable, Writable, ReadableWritable"),
        ({"property": "company"}, "linkage is required"),
        ({"linkage": "Writable"}, "needs the Singer property"),
        ({"linkage": "Writable", "property": "c", "colour": "red"}, "unknown keys"),
        ("Writable", "must be an object"),
    ],
)
def test_malformed_entries_name_the_field(entry, message):
    with pytest.raises(LinkageError, match=message) as caught:
        parse_field_linkage({"lead_company_name": entry})
    assert "lead_company_name" in str(caught.value)


def test_unknown_standard_field_and_unique_on_standard_field():
    with pytest.raises(LinkageError, match="not a SATORI customer field"):
        parse_field_linkage({"nickname": {"linkage": "Writable", "property": "n"}})
    with pytest.raises(LinkageError, match="custom fields only"):
        parse_field_linkage({"lead_company_name": {"linkage": "NG", "unique": True}})


PUBLIC_KEYS = [
    "email",
    "last_name",
    "first_name",
    "last_name_reading",
    "first_name_reading",
    "lead_company_name",
    "phone_number",
    "mobile_phone_number",
    "address",
    "memo",
    "collection_route",
    "collection_date",
]
GUESSED_KEYS = [
    "last_name_kana",
    "first_name_kana",
    "company_name",
    "tel",
    "mobile_phone",
    "fax",
    "zip_code",
    "prefecture",
    "url",
    "department",
    "position",
]


def test_the_standard_keys_are_those_of_public_callers():
    writable = [key for key, field in STANDARD_FIELDS.items() if field.writable]
    assert writable == PUBLIC_KEYS


@pytest.mark.parametrize("key", GUESSED_KEYS)
def test_keys_without_public_evidence_are_not_built_in(key):
    with pytest.raises(LinkageError, match=r"declare the key .* in extra_standard_fields"):
        parse_field_linkage({key: {"linkage": "Writable", "property": "x"}})


def test_declared_standard_keys_link_like_the_others():
    fields = known_fields({"department": "部署", "zip_code": "郵便番号"})
    links = parse_field_linkage(
        {
            "department": {"linkage": "Writable", "property": "dept"},
            "zip_code": {"linkage": "Readable"},
            "memo": {"linkage": "Writable", "property": "note"},
        },
        fields,
    )
    assert [(link.key, link.label, link.declared) for link in links] == [
        ("department", "部署", True),
        ("zip_code", "郵便番号", True),
        ("memo", "メモ", False),
    ]


def test_the_requirements_sheet_marks_declared_keys_and_the_permission_words():
    settings = SatoriTargetSettings.from_config(
        {
            **{name: "key" for name in KEY_SETTINGS},
            "field_linkage": {"department": {"linkage": "Writable", "property": "dept"}},
            "extra_standard_fields": {"department": "部署"},
            "delivery_permission": {"property": "opted_in"},
            "single_api_refusal_value": "no",
        }
    )
    rows = {row.item + row.satori_field: row for row in sheet_rows(settings)}
    assert rows["fielddepartment"].japanese_name == "部署"
    assert "declared in extra_standard_fields" in rows["fielddepartment"].notes
    assert rows["delivery_permissiondelivery_permission"].notes == (
        "sent as approval / no by the single API, 許可 / 拒否 by bulk CSV"
    )


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"Department": "部署"}, "lower-case letters"),
        ({"custom:x": "x"}, "custom:<key>"),
        ({"memo": "メモ"}, "standard field this target knows"),
        ({"delivery_permission": "配信"}, "setting of its own"),
        ({"department": ""}, "Japanese name"),
        ({"department": 1}, "Japanese name"),
    ],
)
def test_bad_declarations_name_the_key(declared, message):
    with pytest.raises(LinkageError, match=message) as caught:
        known_fields(declared)
    assert f"extra_standard_fields.{next(iter(declared))}" in str(caught.value)


def test_linkage_spellings():
    assert Linkage.named("readable/writable") is Linkage.READABLE_WRITABLE
    assert Linkage.named("Readable+Writable") is Linkage.READABLE_WRITABLE
    assert Linkage.named("ng") is Linkage.NG


def shape(**overrides):
    settings = {
        "identity_type": "email",
        "identity_property": "email",
        "links": parse_field_linkage(
            {
                "lead_company_name": {"linkage": "Writable", "property": "company"},
                "custom:industry": {"linkage": "ReadableWritable", "property": "industry"},
                "phone_number": {"linkage": "Readable", "property": "phone"},
            }
        ),
        "permission": PermissionMapping.from_setting({"property": "opted_in"}),
        "append_tags": TagMapping.from_setting(
            "append_tags", {"property": "tags", "tags": ["配配メール開封"]}
        ),
    }
    settings.update(overrides)
    return CustomerShape(**settings)


def test_only_writable_fields_are_sent_and_blanks_are_left_alone():
    change = shape().change(
        {
            "email": "taro@example.com",
            "company": "",
            "industry": 42.0,
            "phone": "03-0000-0000",
            "opted_in": False,
            "tags": ["展示会", "配配メール開封"],
        }
    )
    assert change.identity == "taro@example.com"
    assert change.cells == {"custom:industry": "42"}
    assert change.clears == ()
    assert change.delivery_permission == DENY
    assert change.append_tags == ("配配メール開封", "展示会")


def test_blank_values_clear_only_when_asked():
    change = shape(clear_blank_values=True).change(
        {"email": "taro@example.com", "company": None, "industry": " "}
    )
    assert change.clears == ("lead_company_name", "custom:industry")
    assert change.cells == {}


def test_bulk_header_and_cells():
    the_shape = shape()
    assert the_shape.header == (
        "email",
        "lead_company_name",
        "custom:industry",
        "delivery_permission",
        "append_tags",
    )
    change = the_shape.change({"email": "a@example.com", "company": "ACME", "opted_in": "yes"})
    assert bulk_cells(change, the_shape.header, "email") == [
        "a@example.com",
        "ACME",
        "",
        ALLOW,
        "配配メール開封",
    ]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({}, "property 'email' .* is missing"),
        ({"email": "not-an-email"}, "not a valid email"),
        ({"email": "a" * 250 + "@example.com"}, "longer than"),
        ({"email": "全角@example.com"}, "not a valid email"),
        ({"email": "a@example.com", "company": ["x"]}, "'company' .*lead_company_name.*hold text"),
        ({"email": "a@example.com", "opted_in": "maybe"}, "'opted_in' = 'maybe'"),
        ({"email": "a@example.com", "tags": ["a,b"]}, "contains a comma"),
        ({"email": "a@example.com", "industry": float("nan")}, "'industry'"),
    ],
)
def test_records_satori_would_refuse_name_the_property(record, message):
    with pytest.raises(RecordRejected, match=message):
        shape().change(record)


@pytest.mark.parametrize(
    ("value", "sent"), [("2026-03-10", "2026-03-10"), ("2026/03/10", "2026-03-10")]
)
def test_a_collection_date_is_sent_as_yyyy_mm_dd(value, sent):
    links = parse_field_linkage({"collection_date": {"linkage": "Writable", "property": "on"}})
    change = shape(links=links).change({"email": "a@example.com", "on": value})
    assert change.cells == {"collection_date": sent}


@pytest.mark.parametrize(
    "value", ["2026-02-30", "10/03/2026", "2026-03-10T09:00:00+09:00", 20260310]
)
def test_a_collection_date_that_is_not_a_date_is_refused(value):
    links = parse_field_linkage({"collection_date": {"linkage": "Writable", "property": "on"}})
    with pytest.raises(RecordRejected, match=r"'on' .*collection_date.*not a date.*YYYY-MM-DD"):
        shape(links=links).change({"email": "a@example.com", "on": value})


def test_hashcode_identity_with_writable_email_is_checked():
    links = parse_field_linkage({"email": {"linkage": "Writable", "property": "mail"}})
    the_shape = shape(identity_type="hashcode", identity_property="hash", links=links)
    change = the_shape.change({"hash": "0f" * 16, "mail": "new@example.com"})
    assert (change.identity, change.email) == ("0f" * 16, "new@example.com")
    assert the_shape.header[:2] == ("hashcode", "email")
    with pytest.raises(RecordRejected, match="'mail'"):
        the_shape.change({"hash": "0f" * 16, "mail": "nope"})
    with pytest.raises(RecordRejected, match="not a SATORI hashcode"):
        the_shape.change({"hash": "has space"})


def test_email_conflicts_keep_the_first_claim():
    owners = EmailOwners()
    assert owners.conflict("h1", "taro@example.com") is None
    assert owners.conflict("h1", "TARO@example.com") is None
    reason = owners.conflict("h2", "Taro@Example.com")
    assert reason is not None
    assert "'h1'" in reason
    assert "unique per company" in reason
    assert owners.conflict("h2", None) is None


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"value": "maybe"}, "must be 許可 or 拒否"),
        ({"property": "p", "values": {"y": "yes"}}, "values must map"),
        ({"values": {"y": ALLOW}}, "needs a property"),
        ({"property": "p", "extra": 1}, "unknown keys"),
    ],
)
def test_permission_settings_are_checked(setting, message):
    with pytest.raises(MappingError, match=message):
        PermissionMapping.from_setting(setting)


def test_permission_translations_and_fixed_value():
    mapping = PermissionMapping.from_setting(
        {"property": "state", "values": {"subscribed": ALLOW, "gone": DENY}, "value": DENY}
    )
    assert mapping is not None
    assert mapping.permission({"state": "subscribed"}) == ALLOW
    assert mapping.permission({"state": "gone"}) == DENY
    assert mapping.permission({}) == DENY


def test_tag_settings_are_checked():
    with pytest.raises(MappingError, match="comma"):
        TagMapping.from_setting("append_tags", {"tags": ["a,b"]})
    with pytest.raises(MappingError, match="needs a property"):
        TagMapping.from_setting("delete_tags", {"tags": []})
    mapping = TagMapping.from_setting("delete_tags", {"property": "t"})
    assert mapping is not None
    assert mapping.names({"t": "a, b,,a"}) == ("a", "b")


IDS = ["a@example.com", "b@example.com", "c@example.com"]


def no_probe():
    raise AssertionError("the answer decides; no probe job is needed")


@pytest.mark.parametrize(
    ("failed", "numbering", "expected"),
    [
        ([{"row_number": 1, "message": "x"}], RowNumbering.AUTO, {0: "x"}),
        ([{"row_number": 4, "message": "x"}], RowNumbering.AUTO, {2: "x"}),
        (
            [{"row_number": 3, "message": "c@example.com: bad"}],
            RowNumbering.AUTO,
            {2: "c@example.com: bad"},
        ),
        (
            [{"row_number": 3, "message": "b@example.com: bad"}],
            RowNumbering.AUTO,
            {1: "b@example.com: bad"},
        ),
        ([{"row_number": 2, "message": "bad"}], RowNumbering.FILE_LINE, {0: "bad"}),
        ([{"row_number": 3, "message": "bad"}], RowNumbering.DATA_ROW, {2: "bad"}),
        ([{"row_number": 9, "message": "bad"}], RowNumbering.DATA_ROW, {}),
        ([{"message": "no number"}], RowNumbering.AUTO, {}),
        ([], RowNumbering.AUTO, {}),
    ],
)
def test_failed_rows_map_to_the_right_records(failed, numbering, expected):
    assert FailedRowMapper(numbering, LOGGER).failed(failed, IDS, no_probe) == expected


@pytest.mark.parametrize(("probe_row", "expected"), [(1, {1: "bad"}), (2, {0: "bad"})])
def test_ambiguous_failures_run_one_probe_per_run(probe_row, expected):
    probes = []

    def probe():
        probes.append(1)
        return [{"row_number": probe_row, "message": "メールアドレスの形式が正しくありません"}]

    mapper = FailedRowMapper(RowNumbering.AUTO, LOGGER)
    ambiguous = [{"row_number": 2, "message": "bad"}]
    assert mapper.failed(ambiguous, IDS, probe) == expected
    assert mapper.failed(ambiguous, IDS, probe) == expected
    assert probes == [1]


def test_a_probe_the_vendor_accepts_falls_back_to_data_rows(caplog):
    mapper = FailedRowMapper(RowNumbering.AUTO, LOGGER)
    assert mapper.failed([{"row_number": 2, "message": "bad"}], IDS, lambda: []) == {1: "bad"}
    assert "did not refuse the probe row" in caplog.text


def test_with_email_identities_only_source_keys_can_conflict():
    owners = EmailOwners("email")
    # One email is one customer: sending it twice updates that customer twice.
    assert owners.conflict("taro@example.com", "taro@example.com") is None
    assert owners.conflict("taro@example.com", "TARO@example.com") is None
    assert owners.key_conflict("contacts", "taro@example.com", "id=1") is None
    assert owners.key_conflict("contacts", "taro@example.com", "id=2") is not None
    owners.close()
