"""A batch judged clean at once only when the per-record checks would pass every record as is."""

import random

import pytest

from singer_commons.csvcodec import CsvFormat, FormulaCells
from singer_commons.errors import RecordRejected
from singer_commons.sdk.record_schema import RecordSchema
from target_haihai_mail.batch_check import clean_columns
from target_haihai_mail.fields import stream_columns
from target_haihai_mail.rows import record_cells

CP932 = CsvFormat.from_settings("cp932", "crlf")
PROPERTIES = {
    "email": {"type": ["string", "null"]},
    "name": {"type": ["string", "null"]},
    "company": {"type": "string"},
    "note": {"type": ["string", "null"]},
}
SCHEMA = RecordSchema({"properties": PROPERTIES})
COLUMNS = stream_columns(
    "contacts",
    PROPERTIES,
    field_map={"email": "メールアドレス", "name": "氏名", "company": "会社名"},
    account_fields=frozenset({"メールアドレス", "氏名", "会社名"}),
    email_field="メールアドレス",
)
SENT = list(COLUMNS.fields)
GOOD = [
    {"email": "a@example.jp", "name": "髙橋 ①", "company": "株式会社みらい", "note": "x"},
    {"email": "b@example.jp", "name": None, "company": "", "note": None},
    {"email": "c@example.jp", "name": "佐藤 = 一", "company": "山田商事"},
]


def judged(records, *, check_types=True, schema=SCHEMA):
    return clean_columns(
        records,
        SENT,
        email_property="email",
        schema=schema,
        check_types=check_types,
        encoding="cp932",
    )


def test_a_clean_batch_gives_each_sent_propertys_cells_nulls_sent_empty():
    assert judged(GOOD) == [
        ["a@example.jp", "b@example.jp", "c@example.jp"],
        ["髙橋 ①", "", "佐藤 = 一"],
        ["株式会社みらい", "", "山田商事"],
    ]


@pytest.mark.parametrize(
    "odd",
    [
        {"email": "d@example.jp", "company": "x", "extra": "undeclared"},
        {"email": "d@example.jp", "company": "x", "_sdc_deleted_at": "2026-11-23T00:00:00Z"},
        {"email": "d@example.jp", "company": 42},
        {"email": "d@example.jp", "company": True},
        {"email": "d@example.jp", "company": None},  # not nullable
        {"email": "d@example.jp", "company": {"a": 1}},
        {"email": None, "company": "x"},
        {"email": "not-an-address", "company": "x"},
        {"email": "d@example.jp\ne@example.jp", "company": "x"},
        {"email": "=d@example.jp", "company": "x"},
        {"email": "d@example.jp", "company": "=HYPERLINK()"},
        {"email": "d@example.jp", "company": "-5"},
        {"email": "d@example.jp", "company": "絵文字😀"},
        {"email": "d@example.jp", "company": "\udcee"},
    ],
)
def test_any_odd_record_sends_the_whole_batch_to_the_per_record_checks(odd):
    assert judged([*GOOD, odd]) is None


def test_an_open_or_beyond_plain_schema_is_left_to_the_per_record_checks():
    open_schema = RecordSchema({"properties": PROPERTIES, "additionalProperties": True})
    limited = RecordSchema(
        {"properties": {**PROPERTIES, "name": {"type": "string", "maxLength": 9}}}
    )
    assert judged(GOOD, schema=open_schema) is None
    assert judged(GOOD, schema=limited) is None
    assert judged([{**GOOD[0]}], schema=limited, check_types=False) is not None


def per_record_cells(record):
    """The per-record verdict: the row's cells, or None when the record is refused."""
    if SCHEMA.undeclared_problem(record) or SCHEMA.type_problem(record, SENT):
        return None
    try:
        cells, _ = record_cells(
            record, COLUMNS, all_fields=True, csv_format=CP932, formulas=FormulaCells.REJECT
        )
    except RecordRejected:
        return None
    return list(cells.values())


ODD_VALUES = [None, "", "x@y", "=1", "+81", "😀", "\udcee", 3, True, "a\nb", "bad", 5]


def test_a_batch_judged_clean_is_one_the_per_record_checks_send_unchanged():
    chooser = random.Random(20261123)  # noqa: S311
    clean = 0
    for _ in range(2000):
        batch = []
        for _ in range(chooser.randint(1, 4)):
            record = dict(chooser.choice(GOOD))
            for name in ("email", "name", "company", "note", "extra"):
                if chooser.random() < 0.05:
                    record[name] = chooser.choice(ODD_VALUES)
            batch.append(record)
        columns = judged(batch)
        if columns is not None:
            clean += 1
            assert [per_record_cells(record) for record in batch] == [
                list(row) for row in zip(*columns, strict=True)
            ], batch
    assert clean > 500  # the comparison ran on many batches
