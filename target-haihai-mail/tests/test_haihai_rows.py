import pytest

from singer_commons.csvcodec import CsvFormat, FormulaCells
from singer_commons.errors import RecordRejected
from target_haihai_mail.fields import FieldMappingError, stream_columns
from target_haihai_mail.rows import record_cells

ACCOUNT = frozenset({"メールアドレス", "氏名", "会社名", "電話番号"})
CP932 = CsvFormat.from_settings("cp932", "crlf")


def columns(properties=("email", "name", "会社名", "note", "_sdc_deleted_at"), **field_map):
    return stream_columns(
        "contacts",
        properties,
        field_map={"email": "メールアドレス", "name": "氏名", **field_map},
        account_fields=ACCOUNT,
        email_field="メールアドレス",
    )


def cells(record, formulas=FormulaCells.REJECT, *, all_fields=True):
    return record_cells(
        record, columns(), all_fields=all_fields, csv_format=CP932, formulas=formulas
    )


def test_the_email_property_comes_first_then_the_schemas_order():
    mapping = columns(properties=("name", "会社名", "email"))
    assert list(mapping.fields.items()) == [
        ("email", "メールアドレス"),
        ("name", "氏名"),
        ("会社名", "会社名"),
    ]


def test_mapped_and_same_named_properties_are_sent_others_ignored():
    mapping = columns()
    assert mapping.fields == {"email": "メールアドレス", "name": "氏名", "会社名": "会社名"}
    assert mapping.ignored == ("note",)
    assert mapping.email_property == "email"


def test_an_unknown_field_name_is_refused_with_the_accounts_fields():
    with pytest.raises(FieldMappingError, match=r"部署 .*its fields are: メールアドレス, 会社名"):
        columns(dept="部署")


def test_a_stream_without_the_email_field_is_refused():
    with pytest.raises(FieldMappingError, match="no property maps to the required field"):
        stream_columns(
            "contacts",
            ("name",),
            field_map={"name": "氏名"},
            account_fields=ACCOUNT,
            email_field="メールアドレス",
        )


def test_two_properties_for_one_field_are_refused():
    with pytest.raises(FieldMappingError, match="氏名 ← name, full_name"):
        columns(("email", "name", "full_name"), full_name="氏名")


def test_a_record_becomes_cells_by_field():
    row, neutralised = cells({"email": "a@example.jp", "name": "髙橋", "会社名": None})
    assert row == {"メールアドレス": "a@example.jp", "氏名": "髙橋", "会社名": ""}
    assert neutralised == []


def test_only_the_email_is_sent_for_other_operations():
    row, _ = cells({"email": "a@example.jp", "name": "x"}, all_fields=False)
    assert row == {"メールアドレス": "a@example.jp"}


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"name": "x"}, "field 'email' (メールアドレス): email address is missing"),
        ({"email": "not-an-email"}, "not a valid email"),
        ({"email": "=a@example.jp"}, "formula character"),
        ({"email": "a@example.jp", "name": "😀"}, "field 'name' (氏名): character '😀'"),
        ({"email": "a@example.jp", "name": "=HYPERLINK()"}, "field 'name' (氏名): value starts"),
    ],
)
def test_bad_records_are_refused_with_the_field_named(record, words):
    with pytest.raises(RecordRejected, match=words.replace("(", r"\(").replace(")", r"\)")):
        cells(record)


def test_formula_cells_can_be_neutralised():
    row, neutralised = cells({"email": "a@example.jp", "name": "+81"}, FormulaCells.NEUTRALISE)
    assert row["氏名"] == "'+81"
    assert neutralised == ["氏名"]
