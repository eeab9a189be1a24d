"""fields.py: one value judged against its field, and what of it is sent."""

from __future__ import annotations

import pytest

from target_infusionsoft.fields import (
    BOOLEAN,
    DATE,
    DATETIME,
    EMAIL,
    INTEGER,
    NUMBER,
    TEXT,
    absent,
    array_of,
    obj,
    one_of,
    sendable,
    value_problem,
)

ADDRESS = obj(("field",), field=one_of("BILLING", "OTHER"), zip_code=TEXT)


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (TEXT, "東京"),
        (TEXT, 85001),
        (INTEGER, 7),
        (INTEGER, 7.0),
        (INTEGER, 2**63 - 1),
        (NUMBER, 9.99),
        (BOOLEAN, False),
        (DATE, "2026-02-28"),
        (DATETIME, "2026-02-28T09:00:00Z"),
        (DATETIME, "2026-02-28T09:00:00.000+09:00"),
        (EMAIL, "ann@example.com"),
        (one_of(5, 10), 10),
        (array_of(ADDRESS), [{"field": "BILLING", "zip_code": "85001"}]),
    ],
)
def test_values_keap_takes(spec, value):
    assert value_problem(spec, value, "property 'x'") is None


@pytest.mark.parametrize(
    ("spec", "value", "problem"),
    [
        (TEXT, True, "must be a text, got bool True"),
        (TEXT, "a\x1bb", "contains the control character U+001B (ESC) at position 2"),
        (INTEGER, 7.5, "must be a whole number, got float 7.5"),
        (INTEGER, True, "must be a whole number, got bool True"),
        (INTEGER, 2**63, "must be a whole number"),
        (NUMBER, float("inf"), "must be a number, got float inf"),
        (BOOLEAN, "true", "must be a boolean (true or false), got str 'true'"),
        (DATE, "2026-02-30", "must be a date (YYYY-MM-DD)"),
        (DATE, "28/02/2026", "must be a date (YYYY-MM-DD)"),
        (DATETIME, "2026-02-28", "must be an ISO 8601 date-time"),
        (EMAIL, "ann@example", "'ann@example' is not a valid email address"),
        (
            one_of("BILLING", "OTHER"),
            "billing",
            "'billing' is not one of Keap's values (BILLING, OTHER)",
        ),
        (ADDRESS, {"zip_code": "1"}, "member 'field' is required by Keap"),
        (
            ADDRESS,
            {"field": "BILLING", "zip_code": ["1"]},
            "property 'x'['zip_code']: must be a text",
        ),
        (array_of(ADDRESS), [None], "property 'x'[0]: an item is null"),
        (array_of(ADDRESS), {"field": "BILLING"}, "must be an array, got dict"),
    ],
)
def test_values_keap_would_refuse_name_the_place(spec, value, problem):
    found = value_problem(spec, value, "property 'x'")
    assert found is not None
    assert found.startswith("property 'x'")
    assert problem in found


def test_blank_text_is_absent_only_where_text_is_not_expected():
    assert absent(None, TEXT)
    assert absent(" ", INTEGER)
    assert not absent("", TEXT)
    assert not absent(0, INTEGER)


def test_only_declared_members_are_sent_and_numbers_in_text_become_text():
    value = {"field": "BILLING", "zip_code": 85001, "region": "AZ", "note": None}
    assert sendable(ADDRESS, value) == {"field": "BILLING", "zip_code": "85001"}
    assert sendable(INTEGER, 7.0) == 7
    assert sendable(array_of(ADDRESS), [{"field": "OTHER", "zip_code": None}]) == [
        {"field": "OTHER"}
    ]
