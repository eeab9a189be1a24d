"""The `reports` setting: Domo's query syntax, date parameters, and errors that name the report."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from singer_sdk.exceptions import ConfigValidationError

from tap_infusionsoft.reports.catalog import BY_KEY
from tap_infusionsoft.reports.fields import table_fields
from tap_infusionsoft.reports.instances import refuse_taken_names, report_instances
from tap_infusionsoft.reports.params import ReportParams
from tap_infusionsoft.reports.query import QueryError, parse_query, query_combinations
from tap_infusionsoft.reports.timing import RunClock, date_window, json_value

NEW_YORK = ZoneInfo("America/New_York")
# 2026-03-10 15:00 UTC is 11:00 in New York (EDT).
CLOCK = RunClock(
    started_at=datetime(2026, 3, 10, 15, 0, tzinfo=UTC),
    last_successful_run=datetime(2026, 3, 9, 5, 30, tzinfo=UTC),
    zone=NEW_YORK,
)


def combinations(query, table="Contact"):
    return query_combinations(
        parse_query(query), last_successful_run="2026-03-09 01:30:00", fields=table_fields(table)
    )


def test_domo_text_form_with_typographic_quotes_is_read():
    assert parse_query(
        "\u2018GroupId\u2019:\u201812,30\u2019,\u2018City\u2019:\u2018Ogden\u2019"
    ) == {
        "GroupId": "12,30",
        "City": "Ogden",
    }


def test_comma_lists_become_one_query_per_combination_with_integers_for_integer_fields():
    assert combinations("'Id':'12,30','City':'Ogden'") == [
        {"Id": 12, "City": "Ogden"},
        {"Id": 30, "City": "Ogden"},
    ]


def test_null_wildcards_dates_and_operators():
    assert combinations(
        {
            "FirstName": "null",
            "Email": "%@example.com",
            "DateCreated": "2016-01-20%",
            "LastUpdated": "~>=~2015-12-15 08:15:00",
        }
    ) == [
        {
            "FirstName": "~null~",
            "Email": "%@example.com",
            "DateCreated": "2016-01-20%",
            "LastUpdated": "~>=~2015-12-15 08:15:00",
        }
    ]


def test_last_successful_run_is_replaced_after_any_operator_or_alone():
    assert combinations({"LastUpdated": "~>~LastSuccessfulRun"}) == [
        {"LastUpdated": "~>~2026-03-09 01:30:00"}
    ]
    assert combinations({"LastUpdated": "LastSuccessfulRun"}) == [
        {"LastUpdated": "~>=~2026-03-09 01:30:00"}
    ]


def test_unknown_fields_are_refused_but_custom_fields_pass():
    with pytest.raises(QueryError, match="'Town' is not a field"):
        combinations({"Town": "Ogden"})
    assert combinations({"_Region": "Kanto"}) == [{"_Region": "Kanto"}]


def test_unreadable_text_says_where():
    with pytest.raises(QueryError, match="cannot read the query at"):
        parse_query("'City' = 'Ogden'")


def window(**params):
    return date_window(ReportParams("r", params), CLOCK)


def test_default_window_runs_from_last_successful_run_to_now_in_keaps_zone():
    got = window()
    assert got.start == datetime(2026, 3, 9, 1, 30)
    assert got.end == datetime(2026, 3, 10, 11, 0)


def test_one_day_specific_or_days_back():
    assert window(date="2026-02-01").start == datetime(2026, 2, 1)
    assert window(date="2026-02-01").end == datetime(2026, 2, 1, 23, 59, 59)
    assert window(days_back=2).start == datetime(2026, 3, 8)


def test_relative_range_days_back_to_start_from_and_end_at():
    got = window(start_days_back=10, end_days_back=5)
    assert (got.start, got.end) == (datetime(2026, 2, 28), datetime(2026, 3, 5, 23, 59, 59))


def test_specific_range_and_backwards_range():
    got = window(start_date="2026-01-01", end_date="2026-01-31")
    assert (got.start, got.end) == (datetime(2026, 1, 1), datetime(2026, 1, 31, 23, 59, 59))
    with pytest.raises(ConfigValidationError):
        window(start_date="2026-02-01", end_date="2026-01-01")


def test_values_are_emitted_with_keaps_offset_and_files_as_base64():
    assert json_value({"d": datetime(2026, 1, 2, 3, 4, 5), "f": b"hi"}, NEW_YORK) == {
        "d": "2026-01-02T03:04:05-05:00",
        "f": "aGk=",
    }


def instances(*reports):
    checked = report_instances(list(reports))
    refuse_taken_names(checked, {"contacts"})
    return checked


def error_of(*reports) -> str:
    with pytest.raises(ConfigValidationError) as raised:
        instances(*reports)
    return " ".join(raised.value.errors)


def test_every_report_of_the_catalog_is_offered():
    assert len(BY_KEY) == 39
    assert {"data_query", "saved_search", "saved_search_new", "webform_ids"} <= set(BY_KEY)


def test_a_valid_instance_and_json_text_form():
    report = {
        "name": "ogden",
        "report": "data_query",
        "params": {"table": "Contact", "query": "'City':'Ogden'", "fields": "Id,Email"},
    }
    assert instances(report)[0].kind.key == "data_query"
    assert report_instances(json.dumps([report]))[0].name == "ogden"


@pytest.mark.parametrize(
    ("report", "message"),
    [
        ({"name": "x", "report": "nope"}, "report must be one of"),
        ({"name": "Bad Name", "report": "webform_ids"}, "name must be a stream name"),
        ({"name": "contacts", "report": "webform_ids"}, "already taken"),
        ({"name": "x", "report": "affiliate_commissions"}, "needs param(s) affiliate_ids"),
        ({"name": "x", "report": "webform_ids", "params": {"table": "A"}}, "takes no param table"),
        (
            {"name": "x", "report": "invoice_payments", "params": {"invoice_ids": "1,a"}},
            "param 'invoice_ids' must be a list of whole numbers",
        ),
        (
            {
                "name": "x",
                "report": "affiliate_payments",
                "params": {"affiliate_ids": [1], "date": "2026-01-01", "start_days_back": 3},
            },
            "choose one date form",
        ),
        (
            {
                "name": "x",
                "report": "affiliate_payments",
                "params": {"affiliate_ids": [1], "end_date": "yesterday"},
            },
            "param 'end_date' must be a date",
        ),
        (
            {
                "name": "x",
                "report": "data_query",
                "params": {"table": "Contact", "query": {"Town": "Ogden"}},
            },
            "report 'x': query: 'Town' is not a field",
        ),
    ],
)
def test_bad_instances_are_refused_naming_the_report_and_param(report, message):
    assert message in error_of(report)


def test_two_instances_cannot_share_a_name():
    assert "already taken" in error_of(
        {"name": "w", "report": "webform_ids"}, {"name": "w", "report": "webform_ids"}
    )
