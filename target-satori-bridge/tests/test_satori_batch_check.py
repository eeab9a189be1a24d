"""A batch judged plain at once only when each record's own checks give the same change."""

from __future__ import annotations

import random

import pytest

from singer_commons.errors import RecordRejected
from singer_commons.sdk.record_schema import RecordSchema
from target_satori_bridge.batch_check import plain_changes
from target_satori_bridge.customers import CustomerShape
from target_satori_bridge.fields import parse_field_linkage
from target_satori_bridge.mappings import PermissionMapping

LINKS = {
    "email": {"linkage": "Writable", "property": "email"},
    "lead_company_name": {"linkage": "Writable", "property": "company"},
    "last_name": {"linkage": "ReadableWritable", "property": "family_name"},
    "phone_number": {"linkage": "Readable", "property": "phone"},
}
PROPERTIES = {
    name: {"type": ["string", "null"]} for name in ("email", "company", "family_name", "phone")
}
SCHEMA = RecordSchema({"properties": PROPERTIES})
SHAPE = CustomerShape(
    identity_type="email", identity_property="email", links=parse_field_linkage(LINKS)
)
GOOD = [
    {"email": "a@example.jp", "company": "株式会社みらい", "family_name": "髙橋", "phone": "03"},
    {"email": "b@example.jp", "company": "", "family_name": None},
    {"email": "c@example.jp", "company": " 山田 = 商事 ", "family_name": "  "},
]


def judged(records, *, shape=SHAPE, schema=SCHEMA):
    return plain_changes(records, shape, schema=schema, check_types=True)


def test_a_plain_batch_gives_each_records_non_blank_written_values():
    assert [change.cells for change in judged(GOOD)] == [
        {"email": "a@example.jp", "lead_company_name": "株式会社みらい", "last_name": "髙橋"},
        {"email": "b@example.jp"},
        {"email": "c@example.jp", "lead_company_name": " 山田 = 商事 "},
    ]
    assert [(change.identity, change.email) for change in judged(GOOD)] == [
        (row["email"], row["email"]) for row in GOOD
    ]


@pytest.mark.parametrize(
    "odd",
    [
        {"email": "d@example.jp", "extra": "undeclared"},
        {"email": "d@example.jp", "_sdc_deleted_at": "2026-11-23T00:00:00Z"},
        {"email": "d@example.jp", "company": 42},
        {"email": None},
        {"email": "  "},
        {"email": "not-an-address"},
        {"email": "=d@example.jp"},
        {"email": "d@example.jp", "company": "=HYPERLINK()"},
        {"email": "d@example.jp", "family_name": "+81"},
        {"email": "d@example.jp", "company": "tab\there"},
        {"email": "d@example.jp", "company": "\udcee"},
    ],
)
def test_any_odd_record_sends_the_whole_batch_to_the_per_record_checks(odd):
    assert judged([*GOOD, odd]) is None


def test_shapes_beyond_plain_ones_are_left_to_the_per_record_checks():
    links = parse_field_linkage(LINKS)
    for shape in (
        CustomerShape(identity_type="hashcode", identity_property="email", links=links),
        CustomerShape(
            identity_type="email",
            identity_property="email",
            links=links,
            permission=PermissionMapping.from_setting({"value": "許可"}),
        ),
        CustomerShape(
            identity_type="email", identity_property="email", links=links, clear_blank_values=True
        ),
        CustomerShape(
            identity_type="email",
            identity_property="email",
            links=parse_field_linkage(
                {**LINKS, "collection_date": {"linkage": "Writable", "property": "company"}}
            ),
        ),
    ):
        assert judged(GOOD, shape=shape) is None
    assert (
        judged(GOOD, schema=RecordSchema({"properties": PROPERTIES, "additionalProperties": True}))
        is None
    )


def per_record_change(record):
    """The per-record verdict: the change, or None when the record is refused."""
    if SCHEMA.undeclared_problem(record) or SCHEMA.type_problem(record, SHAPE.read_properties):
        return None
    if record.get("_sdc_deleted_at"):
        return None
    try:
        return SHAPE.change(record)
    except RecordRejected:
        return None


ODD_VALUES = [None, "", " ", "x@y", "=1", "+81", "\t", "\udcee", 3, True, "a\nb", "bad"]


def test_a_batch_judged_plain_is_one_each_records_checks_change_the_same_way():
    chooser = random.Random(20261123)  # noqa: S311
    plain = 0
    for _ in range(2000):
        batch = []
        for _ in range(chooser.randint(1, 4)):
            record = dict(chooser.choice(GOOD))
            for name in ("email", "company", "family_name", "phone", "extra"):
                if chooser.random() < 0.05:
                    record[name] = chooser.choice(ODD_VALUES)
            batch.append(record)
        changes = judged(batch)
        if changes is not None:
            plain += 1
            assert [per_record_change(record) for record in batch] == changes, batch
    assert plain > 500  # the comparison ran on many batches
