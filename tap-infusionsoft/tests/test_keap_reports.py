"""tap-infusionsoft's XML-RPC reports as a real process against the Keap sandbox."""

from __future__ import annotations

import json
import math
from datetime import datetime

import pytest

from tap_infusionsoft.reports.catalog import BY_KEY
from vendor_sandbox.testing.keap import TAP, key_config
from vendor_sandbox.testing.runner import selecting

DATES = {"start_days_back": 90}
EVERY_REPORT = [
    ("affiliate_clawbacks", {"affiliate_ids": [1, 2], **DATES}),
    ("affiliate_commissions", {"affiliate_ids": "1,2,3", **DATES}),
    ("affiliate_payments", {"affiliate_ids": 1, **DATES}),
    ("affiliate_redirect_links", {"affiliate_ids": [1]}),
    ("affiliate_summary", {"affiliate_ids": [1, 2, 3], **DATES}),
    ("affiliate_running_totals", {"affiliate_ids": [1, 2, 3]}),
    ("affiliate_programs", {}),
    ("affiliate_programs_of_affiliate", {"affiliate_ids": [2]}),
    ("program_affiliates", {"program_ids": [1]}),
    ("program_resources", {"program_ids": [1, 2]}),
    ("contacts_by_email", {"emails": ["CONTACT2.alt@example.org", "contact7@example.com"]}),
    ("contacts_by_id", {"contact_ids": [3, 4], "fields": ["Id", "FirstName", "City", "_Score"]}),
    ("contacts_by_tags", {"tag_ids": [1, 2], "fields": ["FirstName", "Email"]}),
    ("data_record", {"table": "Invoice", "record_ids": [1, 2]}),
    ("data_query", {"table": "Contact", "query": "'City':'Ogden'", "fields": "Id,City,_Region"}),
    ("discount_category", {"discount_ids": [1, 2]}),
    ("discount_category_assignments", {"discount_ids": [1]}),
    ("discount_order_total", {"discount_ids": [1]}),
    ("discount_product_total", {"discount_ids": [2]}),
    ("discount_shipping", {"discount_ids": [1]}),
    ("discount_free_trial", {"trial_ids": [1]}),
    ("file", {"file_ids": [1]}),
    ("invoice_amount_due", {"invoice_ids": [1, 2]}),
    ("invoice_payment_options", {}),
    ("invoice_payments", {"invoice_ids": [3]}),
    ("invoice_shipping_options", {}),
    ("product_inventory", {"product_ids": [1, 2]}),
    ("search_available_fields", {"saved_search_id": 1, "user_id": 1}),
    ("saved_search", {"saved_search_name": "Open invoices", "user_id": 1}),
    ("saved_search_new", {"saved_search_id": 1, "user_id": 1, "fields": ["Id", "Email"]}),
    ("shipping_options", {}),
    ("shipping_flat_rate", {"option_ids": [1, 2]}),
    ("shipping_order_quantity", {"option_ids": [1]}),
    ("shipping_order_total", {"option_ids": [1]}),
    ("shipping_order_ranges", {"option_ids": [1]}),
    ("shipping_product_based", {"option_ids": [1]}),
    ("shipping_ups", {"option_ids": [1]}),
    ("shipping_weight_based", {"option_ids": [2]}),
    ("webform_ids", {}),
]
CHANGED_SINCE_LAST_RUN = {
    "name": "changed_contacts",
    "report": "data_query",
    "params": {
        "table": "Contact",
        "query": {"LastUpdated": "~>=~LastSuccessfulRun"},
        "fields": ["Id", "FirstName", "JobTitle", "LastUpdated"],
    },
}


def report_config(keap, state_dir: str, *reports: dict, **overrides) -> dict:
    return key_config(
        keap, state_dir, xmlrpc_url=keap.xmlrpc.url, reports=list(reports), **overrides
    )


@pytest.fixture
def read_reports(keap, run_plugin, tmp_path):
    """Discover, select only the report streams, and run (optionally from a state).

    `before_run` changes the sandbox after discovery (faults, quota), so it hits the run.
    """

    def read(*reports: dict, state: dict | None = None, before_run=None, **overrides):
        config = report_config(keap, str(tmp_path / "state"), *reports, **overrides)
        discovered = run_plugin(TAP, config, args=("--discover",))
        assert discovered.returncode == 0, discovered.stderr
        catalog = selecting(json.loads(discovered.stdout), *(r["name"] for r in reports))
        if before_run is not None:
            before_run()
        return run_plugin(TAP, config, catalog=catalog, state=state)

    return read


def last_run(run, stream: str) -> str | None:
    states = run.states()
    return states[-1]["bookmarks"].get(stream, {}).get("LastSuccessfulRun") if states else None


def test_every_report_of_domos_connector_runs(keap, read_reports):
    assert {report for report, _ in EVERY_REPORT} == set(BY_KEY)
    reports = [
        {"name": f"r_{report}", "report": report, "params": params}
        for report, params in EVERY_REPORT
    ]

    run = read_reports(*reports)

    assert run.returncode == 0, run.stderr
    for report in reports:
        assert run.records(report["name"]), f"{report['report']} read no rows"
        assert last_run(run, report["name"])
    contacts = {row["Id"]: row for row in keap.xmlrpc.rows("Contact")}
    ogden = run.records("r_data_query")
    assert sorted(r["Id"] for r in ogden) == [
        i for i, c in contacts.items() if c["City"] == "Ogden"
    ]
    assert all(set(r) <= {"Id", "City", "_Region"} for r in ogden)
    by_id = {r["Id"]: r for r in run.records("r_contacts_by_id")}
    assert by_id[3]["FirstName"] == contacts[3]["FirstName"]
    assert "City" not in by_id[4], "Keap leaves empty fields out"
    assert isinstance(by_id[3]["_Score"], int)
    assert {r["Id"] for r in run.records("r_contacts_by_email")} == {2, 7}
    tagged = run.records("r_contacts_by_tags")
    assert {r["TagId"] for r in tagged} <= {1, 2}
    assert all(r["Email"] == contacts[r["Id"]]["Email"] for r in tagged)
    owed = {r["InvoiceId"]: r["AmountDue"] for r in run.records("r_invoice_amount_due")}
    assert owed == {1: 0.0, 2: 62.5}
    assert {r["ProductId"]: r["Inventory"] for r in run.records("r_product_inventory")} == {
        1: 10,
        2: 17,
    }
    # Report columns carry no type: saved-search values are text.
    assert sorted(r["InvoiceId"] for r in run.records("r_saved_search")) == list("23568")
    assert all(set(r) == {"Id", "Email"} for r in run.records("r_saved_search_new"))
    assert [r["Column"] for r in run.records("r_search_available_fields")][:2] == [
        "Id",
        "FirstName",
    ]
    assert {r["Id"] for r in run.records("r_webform_ids")} == {12, 14, 21}
    commissions = run.records("r_affiliate_commissions")
    assert {r["AffiliateId"] for r in commissions} == {1, 2, 3}
    assert all(r["DateEarned"].endswith(("-05:00", "-04:00")) for r in commissions)


def test_schemas_come_from_the_table_schema_datafields_and_report_columns(
    keap, run_plugin, tmp_path
):
    config = report_config(
        keap,
        str(tmp_path / "state"),
        {"name": "all_contacts", "report": "data_query", "params": {"table": "contact"}},
        {"name": "ogden", "report": "saved_search", "params": {"saved_search_id": 1, "user_id": 1}},
    )
    discovered = run_plugin(TAP, config, args=("--discover",))
    assert discovered.returncode == 0, discovered.stderr
    streams = {s["tap_stream_id"]: s for s in json.loads(discovered.stdout)["streams"]}
    contact = streams["all_contacts"]["schema"]["properties"]
    assert contact["Id"]["type"][0] == "integer"
    assert contact["LastUpdated"]["format"] == "date-time"
    assert contact["_Score"]["type"][0] == "integer"
    assert contact["_Region"]["type"][0] == "string"
    assert "Keap custom field" in contact["_Region"]["description"]
    assert "Password" not in contact
    assert list(streams["ogden"]["schema"]["properties"]) == [
        "Id",
        "FirstName",
        "LastName",
        "Email",
        "City",
        "DateCreated",
    ]


def test_data_query_pages_1000_rows_and_reads_every_one(keap, read_reports):
    keap.xmlrpc.seed(Contact=2500)
    report = {
        "name": "everyone",
        "report": "data_query",
        "params": {"table": "Contact", "fields": ["Id"]},
    }

    run = read_reports(report)

    assert run.returncode == 0, run.stderr
    assert sorted(r["Id"] for r in run.records("everyone")) == list(range(1, 2501))
    # Pages of 1000, twice (discovery and run) one DataFormField query for Contact.
    assert keap.counters()["by_method"]["DataService.query"] == math.ceil(2500 / 1000) + 2


@pytest.mark.parametrize(("rows", "pages_read"), [(1500, 6 + 1), (600, 3 + 1), (5, 1 + 1)])
def test_a_saved_search_is_read_until_an_empty_page(keap, read_reports, rows, pages_read):
    """Keap documents no page size: the sandbox's pages hold 250 rows, so every page short of
    1000 is not the end; only an empty page is."""
    keap.xmlrpc.seed(saved_search_rows=rows)
    report = {
        "name": "big",
        "report": "saved_search",
        "params": {"saved_search_id": 1, "user_id": 1},
    }
    run = read_reports(report)
    assert run.returncode == 0, run.stderr
    assert sorted(int(r["Id"]) for r in run.records("big")) == list(range(1, rows + 1))
    method = "SearchService.getSavedSearchResultsAllFields"
    assert keap.counters()["by_method"][method] == pages_read


def test_last_successful_run_moves_only_after_a_successful_run(keap, read_reports):
    first = read_reports(CHANGED_SINCE_LAST_RUN)
    assert first.returncode == 0, first.stderr
    assert len(first.records("changed_contacts")) == 25
    state = first.states()[-1]
    bookmark = last_run(first, "changed_contacts")
    assert bookmark

    touched = keap.xmlrpc.touch("Contact", [5, 9])
    created = keap.xmlrpc.create("Contact", 1)
    failed = read_reports(
        CHANGED_SINCE_LAST_RUN,
        state=state,
        # Without custom fields discovery sends no query: the fault hits the report's read.
        custom_fields=False,
        before_run=lambda: keap.xmlrpc.fault("database_error", method="DataService.query"),
    )

    assert failed.returncode == 1
    assert "report 'changed_contacts'" in failed.stderr
    assert "Error loading data" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert last_run(failed, "changed_contacts") in {None, bookmark}

    second = read_reports(CHANGED_SINCE_LAST_RUN, state=state)

    assert second.returncode == 0, second.stderr
    read = {r["Id"]: r for r in second.records("changed_contacts")}
    assert set(read) == {5, 9, created[0]["Id"]}
    assert read[5]["JobTitle"] == touched[0]["JobTitle"]
    assert last_run(second, "changed_contacts") > bookmark

    third = read_reports(CHANGED_SINCE_LAST_RUN, state=second.states()[-1])
    assert third.returncode == 0, third.stderr
    # `~>=~` is inclusive to the second: a row changed in the very second the second run
    # started is read again (at least once, never skipped); nothing older is.
    started = datetime.fromisoformat(last_run(second, "changed_contacts")).replace(microsecond=0)
    again = third.records("changed_contacts")
    assert {r["Id"] for r in again} <= set(read)
    assert all(datetime.fromisoformat(r["LastUpdated"]) >= started for r in again)


def test_first_run_starts_at_start_date(keap, read_reports):
    run = read_reports(CHANGED_SINCE_LAST_RUN, start_date="2099-01-01T00:00:00Z")
    assert run.returncode == 0, run.stderr
    assert run.records("changed_contacts") == []


def test_slow_queries_and_blocked_searches_are_retried_then_succeed(keap, read_reports):
    def faults() -> None:
        keap.xmlrpc.fault("query_too_long", method="DataService.query", count=2)
        keap.xmlrpc.fault(
            "saved_search_blocked", method="SearchService.getSavedSearchResultsAllFields", count=1
        )

    reports = (
        {
            "name": "ogden",
            "report": "data_query",
            "params": {"table": "Contact", "query": {"City": "Ogden"}},
        },
        {
            "name": "invoices",
            "report": "saved_search",
            "params": {"saved_search_id": 2, "user_id": 1},
        },
    )

    run = read_reports(*reports, before_run=faults)

    assert run.returncode == 0, run.stderr
    assert len(run.records("ogden")) == 5
    assert len(run.records("invoices")) == 5
    assert run.stderr.count("Query took too long") == 2
    assert "This saved search is blocked temporarily" in run.stderr
    assert "Retrying DataService.query" in run.stderr


def test_daily_quota_stops_cleanly_and_keeps_the_bookmark(keap, read_reports):
    first = read_reports(CHANGED_SINCE_LAST_RUN)
    assert first.returncode == 0, first.stderr
    state = first.states()[-1]

    stopped = read_reports(
        CHANGED_SINCE_LAST_RUN,
        state=state,
        before_run=lambda: keap.configure(quota_limit=1, quota_used=1),
    )

    assert stopped.returncode == 75, stopped.stderr
    assert "quota" in stopped.stderr.lower()
    assert last_run(stopped, "changed_contacts") in {None, last_run(first, "changed_contacts")}


def test_a_bad_report_setting_stops_before_any_call(keap, run_plugin, tmp_path):
    config = report_config(
        keap,
        str(tmp_path / "state"),
        {"name": "ok", "report": "webform_ids"},
        {"name": "typo", "report": "data_query", "params": {"table": "Contact", "qeury": "x"}},
    )
    run = run_plugin(TAP, config)
    assert run.returncode == 1
    assert "report 'typo': data_query takes no param qeury" in run.stderr
    assert "Traceback" not in run.stderr
    assert keap.counters()["calls"] == 0


def test_an_unknown_field_is_refused_with_the_tables_fields(keap, run_plugin, tmp_path):
    config = report_config(
        keap,
        str(tmp_path / "state"),
        {
            "name": "bad",
            "report": "data_query",
            "params": {"table": "Contact", "fields": ["Id", "Town"]},
        },
    )
    run = run_plugin(TAP, config, args=("--discover",))
    assert run.returncode == 1
    assert "report 'bad': Town not in table Contact" in run.stderr
