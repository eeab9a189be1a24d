"""SATORI extra standard fields: a company with standard fields beyond the public keys.

By default the company has only the keys public callers send, so `department` is refused;
the control API gives it more, and every write path (single API, bulk CSV, put customers)
then takes them, until they are taken away again.
"""

from __future__ import annotations

import pytest
from sandbox_satori_helpers import SatoriApi, csv_text, customer, error_of

from vendor_sandbox.client.base import SandboxControlError

DEPARTMENT = {"department": "部署"}


def test_a_company_has_no_extra_standard_fields_by_default(satori):
    assert satori.extra_standard_fields() == {}
    assert error_of(SatoriApi(satori).upsert(email="a@example.jp", department="営業部")) == (
        400,
        "customer[department]は存在しない項目です",
    )


def test_the_single_api_writes_and_clears_an_extra_standard_field(satori):
    api = SatoriApi(satori)

    assert satori.set_extra_standard_fields(DEPARTMENT) == DEPARTMENT
    assert satori.extra_standard_fields() == DEPARTMENT
    assert api.upsert(email="a@example.jp", department="営業部", memo="m").status_code == 200
    stored = customer(satori, "a@example.jp")
    assert stored is not None
    assert stored["department"] == "営業部"
    assert list(stored)[:5] == ["id", "hashcode", "email", "memo", "department"]
    assert api.upsert(email="a@example.jp", department="").status_code == 200
    assert "department" not in (customer(satori, "a@example.jp") or {})


def test_an_extra_standard_field_at_the_top_level_is_refused(satori):
    satori.set_extra_standard_fields(DEPARTMENT)

    response = SatoriApi(satori).post(
        "/customer/upsert.json", {"customer[email]": "a@example.jp", "department": "営業部"}
    )

    assert error_of(response) == (400, "departmentはcustomer[department]として指定してください")
    assert satori.customers() == []


def test_the_bulk_csv_takes_an_extra_standard_field_as_a_header(satori):
    satori.set_extra_standard_fields(DEPARTMENT)

    answer = SatoriApi(satori).bulk(csv_text("email,department", "b@example.jp,開発部"))

    assert answer["failed_rows"] == []
    assert (customer(satori, "b@example.jp") or {})["department"] == "開発部"


def test_a_field_taken_away_before_the_job_finishes_fails_its_rows(satori):
    api = SatoriApi(satori)
    satori.set_extra_standard_fields(DEPARTMENT)
    code = api.schedule(csv_text("email,department", "c@example.jp,開発部"))

    satori.set_extra_standard_fields({})
    answer = api.finish(code)

    assert answer["failed_rows"] == [{"row_number": 1, "message": "departmentは存在しない項目です"}]
    assert satori.customers() == []


def test_put_customers_take_extra_fields_and_taking_them_away_drops_the_values(satori):
    satori.set_extra_standard_fields({**DEPARTMENT, "position": "役職"})
    satori.put_customers(
        [{"email": "d@example.jp", "fields": {"department": "総務部", "position": "課長"}}]
    )

    satori.set_extra_standard_fields({"position": "役職"})

    stored = customer(satori, "d@example.jp") or {}
    assert stored["position"] == "課長"
    assert "department" not in stored
    with pytest.raises(SandboxControlError, match=r"customers\[0\]\.fields"):
        satori.put_customers([{"email": "e@example.jp", "fields": DEPARTMENT}])


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({}, "extra_standard_fields"),
        ({"extra_standard_fields": ["department"]}, "extra_standard_fields"),
        ({"extra_standard_fields": {"custom:x": "X"}}, r"extra_standard_fields\.custom:x"),
        ({"extra_standard_fields": {"部署": "部署"}}, r"extra_standard_fields\.部署"),
        ({"extra_standard_fields": {"last_name": "姓"}}, r"extra_standard_fields\.last_name"),
        ({"extra_standard_fields": {"score": "スコア"}}, r"extra_standard_fields\.score"),
        ({"extra_standard_fields": {"email": "メール"}}, r"extra_standard_fields\.email"),
        (
            {"extra_standard_fields": {"delivery_permission": "配信"}},
            r"extra_standard_fields\.delivery_permission",
        ),
        ({"extra_standard_fields": {"delete_tags": "タグ"}}, r"extra_standard_fields\.delete_tags"),
        ({"extra_standard_fields": {"department": ""}}, r"extra_standard_fields\.department"),
        ({"extra_standard_fields": {"department": 1}}, r"extra_standard_fields\.department"),
    ],
)
def test_bad_extra_standard_fields_are_400_and_change_nothing(satori, body, word):
    satori.set_extra_standard_fields(DEPARTMENT)

    with pytest.raises(SandboxControlError, match=word):
        satori._call("POST", "extra_standard_fields", body)

    assert satori.extra_standard_fields() == DEPARTMENT


def test_a_reset_takes_the_extra_standard_fields_away(satori):
    satori.set_extra_standard_fields(DEPARTMENT)

    satori.reset()

    assert satori.extra_standard_fields() == {}
