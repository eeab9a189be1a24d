"""SATORI at its limits: a 10,000-row bulk file is applied, 10,001 rows are refused."""

from __future__ import annotations

from sandbox_satori_helpers import SatoriApi, error_of

HEADER = "email,last_name,custom:member_id,append_tags"


def rows_csv(count: int) -> str:
    lines = [HEADER]
    lines += (f"user{n:05d}@example.jp,姓{n},M{n:05d},一括" for n in range(count))
    return "\r\n".join(lines) + "\r\n"


def test_ten_thousand_rows_are_accepted_and_applied(satori):
    api = SatoriApi(satori)

    answer = api.bulk(rows_csv(10_000))

    assert (answer["total_rows"], answer["success_rows"], answer["failed_rows"]) == (
        10_000,
        10_000,
        [],
    )
    page = api.search(tag="一括", page="20", per_page="500")
    assert page["total"] == 10_000
    assert page["customers"][-1]["email"] == "user09999@example.jp"
    assert page["customers"][-1]["custom:member_id"] == "M09999"


def test_ten_thousand_and_one_rows_are_refused(satori):
    response = SatoriApi(satori).upload(rows_csv(10_001))

    assert error_of(response) == (400, "1リクエストあたりの行数は10,000行までです")
    assert satori.bulk_jobs() == []


def test_blank_lines_do_not_count_towards_the_limit(satori):
    body = rows_csv(10_000) + "\r\n\r\n"

    assert SatoriApi(satori).upload(body).status_code == 202
