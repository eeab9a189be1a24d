"""`DataService.query` semantics: operators, wildcards, null, dates, case, paging, omission."""

from __future__ import annotations

import xmlrpc.client

import pytest
from sandbox_xmlrpc_helpers import KEY, fault_of, iso_to_wire, proxy, wire


@pytest.fixture
def rpc(keap):
    return proxy(keap.xmlrpc.url)


def ids(rows):
    return [row["Id"] for row in rows]


def query(rpc, query_data, fields=("Id",), limit=1000, page=0, *extra):
    return rpc.DataService.query(KEY, "Contact", limit, page, query_data, list(fields), *extra)


def test_empty_query_data_matches_all_in_id_order(rpc):
    assert ids(query(rpc, {})) == list(range(1, 26))


def test_exact_match_ignores_case(rpc):
    assert ids(query(rpc, {"City": "ogden"})) == [1, 6, 11, 16, 21]
    assert ids(query(rpc, {"City": "OGDEN", "FirstName": "felix"})) == [6]


def test_wildcard_anywhere(rpc, keap):
    rows = keap.xmlrpc.rows("Contact")
    assert ids(query(rpc, {"Email": "contact1%"})) == [1, *range(10, 20)]
    assert ids(query(rpc, {"Email": "%5@example.com"})) == [5, 15, 25]
    expected = [row["Id"] for row in rows if row["City"] and "o" in row["City"].lower()]
    assert ids(query(rpc, {"City": "%O%"})) == expected


def test_null_matches_empty_fields_and_not_null_the_others(rpc, keap):
    rows = keap.xmlrpc.rows("Contact")
    no_second_email = [row["Id"] for row in rows if row["EmailAddress2"] is None]

    assert ids(query(rpc, {"City": "~null~"})) == [4]
    assert ids(query(rpc, {"EmailAddress2": "~null~"})) == no_second_email
    assert len(ids(query(rpc, {"City": "~<>~~null~"}))) == 24


def test_not_equal(rpc):
    matched = ids(query(rpc, {"City": "~<>~Ogden"}))

    assert 1 not in matched
    assert 4 in matched  # an empty City is not Ogden
    assert len(matched) == 20


def test_numeric_comparisons_on_integer_fields(rpc, keap):
    scores = {row["Id"]: row["_Score"] for row in keap.xmlrpc.rows("Contact")}

    assert ids(query(rpc, {"Id": "~>~20"})) == [21, 22, 23, 24, 25]
    assert ids(query(rpc, {"Id": "~>=~20"})) == [20, 21, 22, 23, 24, 25]
    assert ids(query(rpc, {"Id": "~<~3"})) == [1, 2]
    assert ids(query(rpc, {"Id": "~<=~3"})) == [1, 2, 3]
    # Numbers compare as numbers, not text ("9" > "10" as text).
    assert ids(query(rpc, {"_Score": "~>=~50"})) == [i for i, s in scores.items() if s >= 50]


def test_integer_values_match_integer_fields(rpc):
    assert ids(query(rpc, {"Id": 7})) == [7]
    assert ids(query(rpc, {"OwnerID": 2}))[:3] == [2, 4, 6]
    assert ids(query(rpc, {"OwnerID": "2"}))[:3] == [2, 4, 6]


def test_custom_fields_are_queried_and_selected_with_the_underscore(rpc):
    rows = query(rpc, {"_Region": "west"}, ("Id", "_Region", "_Score"))

    assert ids(rows) == [2, 7, 12, 17, 22]
    assert all(row["_Region"] == "West" for row in rows)
    assert all(isinstance(row["_Score"], int) for row in rows)


def test_dates_compare_as_datetimes(clocked_keap):
    rpc = proxy(clocked_keap.keap.xmlrpc.url)
    rows = clocked_keap.keap.xmlrpc.rows("Contact")
    bookmark = sorted(row["LastUpdated"] for row in rows)[12]  # ISO text sorts as time
    text = bookmark.replace("T", " ")

    after = ids(query(rpc, {"LastUpdated": f"~>~{text}"}))
    from_ = ids(query(rpc, {"LastUpdated": f"~>=~{text}"}))

    assert after == sorted(row["Id"] for row in rows if row["LastUpdated"] > bookmark)
    assert from_ == sorted(row["Id"] for row in rows if row["LastUpdated"] >= bookmark)
    assert len(from_) == len(after) + 1


def test_a_date_alone_compares_as_midnight(clocked_keap):
    rpc = proxy(clocked_keap.keap.xmlrpc.url)
    rows = clocked_keap.keap.xmlrpc.rows("Contact")
    day = rows[0]["LastUpdated"][:10]

    before = ids(query(rpc, {"LastUpdated": f"~<~{day}"}))

    assert before == [row["Id"] for row in rows if row["LastUpdated"] < f"{day}T00:00:00"]
    assert 1 not in before


def test_date_prefix_patterns_are_like_on_the_text(clocked_keap):
    rpc = proxy(clocked_keap.keap.xmlrpc.url)
    rows = clocked_keap.keap.xmlrpc.rows("Contact")
    day = rows[2]["LastUpdated"][:10]
    month = day[:7]

    on_day = ids(query(rpc, {"LastUpdated": f"{day}%"}))
    in_month = ids(query(rpc, {"LastUpdated": f"{month}%"}))
    in_year = ids(query(rpc, {"LastUpdated": "2026%"}))

    assert on_day == [row["Id"] for row in rows if row["LastUpdated"].startswith(day)]
    assert 3 in on_day
    assert in_month == [row["Id"] for row in rows if row["LastUpdated"].startswith(month)]
    assert in_year == list(range(1, 26))


def test_datetimes_come_back_in_the_app_zone(clocked_keap):
    rpc = proxy(clocked_keap.keap.xmlrpc.url)
    # The manual clock starts at 2026-11-23 12:00 UTC = 07:00 in New York (EST).
    row = query(rpc, {"Id": 1}, ("Id", "LastUpdated", "Birthday"))[0]

    assert wire(row["LastUpdated"]) == "20261122T07:00:00"
    assert wire(row["Birthday"]) == "19700101T00:00:00"
    stored = clocked_keap.keap.xmlrpc.rows("Contact")[0]
    assert iso_to_wire(stored["LastUpdated"]) == "20261122T07:00:00"


def test_a_datetime_argument_is_accepted_in_query_data(clocked_keap):
    rpc = proxy(clocked_keap.keap.xmlrpc.url)
    moment = xmlrpc.client.DateTime("20261122T07:00:00")

    assert ids(query(rpc, {"LastUpdated": moment})) == [1]


def test_empty_fields_are_left_out_of_the_struct(rpc):
    rows = query(rpc, {"Id": "~<=~4"}, ("Id", "City", "EmailAddress2", "Birthday"))

    assert rows[3] == {"Id": 4, "Birthday": rows[3]["Birthday"]}  # no City, no EmailAddress2
    assert "EmailAddress2" in rows[1]
    assert "Birthday" not in rows[2]


def test_utf8_round_trips(rpc):
    rows = query(rpc, {"FirstName": "花子"}, ("Id", "FirstName"))

    assert rows[0] == {"Id": 3, "FirstName": "花子"}


def test_order_by_and_direction(rpc, keap):
    rows = keap.xmlrpc.rows("Contact")
    by_update = [row["Id"] for row in sorted(rows, key=lambda row: row["LastUpdated"])]

    assert ids(query(rpc, {}, ("Id",), 1000, 0, "LastUpdated", True)) == by_update
    assert ids(query(rpc, {}, ("Id",), 1000, 0, "LastUpdated", False)) == by_update[::-1]
    assert ids(query(rpc, {}, ("Id",), 3, 0, "Id", False)) == [25, 24, 23]
    # Empty values sort first ascending, as in SQL.
    assert ids(query(rpc, {}, ("Id",), 1, 0, "City"))[0] == 4


def test_paging_by_1000(keap):
    keap.xmlrpc.seed(Contact=2500)
    rpc = proxy(keap.xmlrpc.url)

    pages = [query(rpc, {}, ("Id",), 1000, page) for page in range(4)]

    assert [len(page) for page in pages] == [1000, 1000, 500, 0]
    assert ids(pages[1])[0] == 1001
    assert ids(pages[2])[-1] == 2500
    assert ids(query(rpc, {}, ("Id",), 7, 3)) == list(range(22, 29))
    assert rpc.DataService.count(KEY, "Contact", {}) == 2500


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (("Foo", 10, 0, {}, ["Id"]), 9, "[NoTableFound]Invalid table name: Foo"),
        (("Contact", 10, 0, {}, ["Nope"]), 10, "Nope"),
        (("Contact", 10, 0, {"Nope": "x"}, ["Id"]), 10, "Nope"),
        (("Contact", 10, 0, {}, ["Id"], "Nope"), 10, "Nope"),
        (("Contact", 1001, 0, {}, ["Id"]), 12, "limit"),
        (("Contact", 0, 0, {}, ["Id"]), 12, "limit"),
        (("Contact", 10, -1, {}, ["Id"]), 12, "page"),
        (("Contact", 10, 0, {}, []), 12, "selectedFields"),
        (("Contact", "10", 0, {}, ["Id"]), 12, "limit"),
        (("Contact", 10, 0, [], ["Id"]), 12, "queryData"),
        (("Contact", 10, 0, {}), 12, "selectedFields"),
        (("Contact", 10, 0, {}, ["Id"], "Id", True, "x"), 12, "at most"),
        (("Contact", 10, 0, {"Id": "~>~many"}, ["Id"]), 12, "Id"),
    ],
)
def test_bad_queries_are_faults(rpc, args, code, text):
    fault_code, fault_string = fault_of(lambda: rpc.DataService.query(KEY, *args))

    assert fault_code == code
    assert text in fault_string
