"""SATORI customer search: filters, paging by at most 500, id order, refusals."""

from __future__ import annotations

import pytest
from sandbox_satori_helpers import SatoriApi, error_of


def put(satori, count: int, **extra) -> list[dict]:
    return satori.put_customers([{"email": f"s{n:04d}@example.jp", **extra} for n in range(count)])


def test_one_thousand_and_one_customers_make_three_pages(satori):
    api = SatoriApi(satori)
    put(satori, 1_001)

    pages = [api.search(page=str(n)) for n in (1, 2, 3, 4)]

    assert [len(p["customers"]) for p in pages] == [500, 500, 1, 0]
    assert {p["total"] for p in pages} == {1_001}
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert {p["per_page"] for p in pages} == {500}
    ids = [c["id"] for p in pages for c in p["customers"]]
    assert ids == list(range(1, 1_002))


def test_per_page_over_500_is_refused(satori):
    api = SatoriApi(satori)

    response = api.get("/customer/search.json", per_page="501")

    assert error_of(response) == (400, "per_pageは500以下で指定してください")


@pytest.mark.parametrize(
    "params",
    [{"page": "0"}, {"page": "x"}, {"per_page": "0"}, {"per_page": "-1"}, {"updated_from": "昨日"}],
)
def test_bad_paging_and_dates_are_400(satori, params):
    assert error_of(SatoriApi(satori).get("/customer/search.json", **params))[0] == 400


def test_small_pages(satori):
    put(satori, 5)

    answer = SatoriApi(satori).search(page="2", per_page="2")

    assert [c["email"] for c in answer["customers"]] == ["s0002@example.jp", "s0003@example.jp"]
    assert (answer["page"], answer["per_page"], answer["total"]) == (2, 2, 5)


def test_filters_by_email_hashcode_and_tag(satori):
    api = SatoriApi(satori)
    stored = satori.put_customers(
        [
            {"email": "Tagged@example.jp", "tags": ["vip", "web"]},
            {"email": "plain@example.jp"},
            {"email": None, "tags": ["vip"], "fields": {"last_name": "無"}},
        ]
    )

    by_email = api.search(email="tagged@EXAMPLE.jp")
    by_hashcode = api.search(hashcode=stored[1]["hashcode"])
    by_tag = api.search(tag="vip")
    mismatch = api.search(email="tagged@example.jp", hashcode=stored[1]["hashcode"])
    empty_filter = api.search(email="", tag="")

    assert [c["id"] for c in by_email["customers"]] == [1]
    assert by_email["customers"][0] == stored[0]
    assert [c["id"] for c in by_hashcode["customers"]] == [2]
    assert [c["id"] for c in by_tag["customers"]] == [1, 3]
    assert mismatch["total"] == 0
    assert empty_filter["total"] == 3


def test_updated_from_is_inclusive(satori):
    api = SatoriApi(satori)
    satori.set_clock("2026-03-10T12:00:00+09:00")
    api.upsert(email="early@example.jp")
    satori.advance_clock(60)
    api.upsert(email="late@example.jp")

    exact = api.search(updated_from="2026-03-10T12:01:00+09:00")
    as_utc = api.search(updated_from="2026-03-10T03:00:00Z")
    naive_jst = api.search(updated_from="2026-03-10T12:00:01")

    assert [c["email"] for c in exact["customers"]] == ["late@example.jp"]
    assert as_utc["total"] == 2
    assert naive_jst["total"] == 1
