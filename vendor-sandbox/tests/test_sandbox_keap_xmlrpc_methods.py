"""Every XML-RPC method answers, with the shapes and seeded ids a connector relies on."""

from __future__ import annotations

import base64
import xmlrpc.client

import pytest
from sandbox_xmlrpc_helpers import KEY, fault_of, proxy, wire


@pytest.fixture
def rpc(keap):
    return proxy(keap.xmlrpc.url)


@pytest.fixture
def clocked_rpc(clocked_keap):
    return proxy(clocked_keap.keap.xmlrpc.url)


def test_count_load_and_find_by_field(rpc):
    data = rpc.DataService

    assert data.count(KEY, "Contact", {"City": "Ogden"}) == 5
    assert data.load(KEY, "Contact", 3, ["Id", "FirstName"]) == {"Id": 3, "FirstName": "花子"}
    found = data.findByField(KEY, "Contact", 10, 0, "City", "ogden", ["Id", "City"])
    assert [row["Id"] for row in found] == [1, 6, 11, 16, 21]
    assert fault_of(lambda: data.load(KEY, "Contact", 999, ["Id"]))[0] == 5
    assert fault_of(lambda: data.findByField(KEY, "Contact", 10, 0, "Nope", 1, ["Id"]))[0] == 10


@pytest.mark.parametrize(
    ("table", "fields"),
    [
        ("ContactGroup", ["Id", "GroupName", "GroupCategoryId", "GroupDescription"]),
        ("Company", ["Id", "Company", "City", "Email", "Phone1", "DateCreated", "_Industry"]),
        ("Affiliate", ["Id", "ContactId", "AffCode", "AffName", "ParentId", "Status", "SaleAmt"]),
        ("Product", ["Id", "ProductName", "ProductPrice", "Sku", "Status", "Weight"]),
        ("Invoice", ["Id", "ContactId", "InvoiceTotal", "TotalPaid", "TotalDue", "PayStatus"]),
        ("Lead", ["Id", "OpportunityTitle", "ContactID", "StageID", "LastUpdated"]),
        ("DataFormField", ["Id", "FormId", "Name", "Label", "DataType"]),
        ("SavedFilter", ["Id", "FilterName", "ReportStoredName", "UserId"]),
    ],
)
def test_every_table_answers(rpc, table, fields):
    rows = rpc.DataService.query(KEY, table, 100, 0, {}, fields)

    assert [row["Id"] for row in rows[:2]] == [1, 2]
    assert set(rows[0]) <= set(fields)


def test_doubles_stay_doubles(rpc):
    product = rpc.DataService.load(KEY, "Product", 1, ["ProductPrice", "Weight"])

    assert product == {"ProductPrice": 19.99, "Weight": 0.5}
    assert isinstance(rpc.DataService.load(KEY, "Invoice", 2, ["TotalPaid"])["TotalPaid"], float)


def test_contact_group_assign_joins_the_contact_and_follows_changes(rpc, keap):
    fields = ["GroupId", "ContactGroup", "ContactId", "Contact.Email", "Contact.LastUpdated"]
    rows = rpc.DataService.query(KEY, "ContactGroupAssign", 1000, 0, {"ContactId": 1}, fields)

    assert [row["GroupId"] for row in rows] == [1, 2]
    assert rows[0]["ContactGroup"] == "Newsletter"
    assert rows[0]["Contact.Email"] == "contact1@example.com"

    keap.xmlrpc.touch("Contact", [1])
    again = rpc.DataService.query(KEY, "ContactGroupAssign", 1000, 0, {"ContactId": 1}, fields)
    assert wire(again[0]["Contact.LastUpdated"]) > wire(rows[0]["Contact.LastUpdated"])
    tagged = rpc.DataService.count(KEY, "ContactGroupAssign", {"GroupId": 3})
    assert tagged > 0


def test_data_form_fields_describe_the_custom_fields(rpc):
    rows = rpc.DataService.query(KEY, "DataFormField", 100, 0, {}, ["FormId", "Name", "DataType"])

    assert rows == [
        {"FormId": -1, "Name": "Region", "DataType": 15},
        {"FormId": -1, "Name": "Score", "DataType": 12},
        {"FormId": -1, "Name": "SignupDate", "DataType": 13},
        {"FormId": -6, "Name": "Industry", "DataType": 15},
    ]


def test_contact_service(rpc):
    contacts = rpc.ContactService

    assert contacts.load(KEY, 2, ["Id", "Email"]) == {"Id": 2, "Email": "contact2@example.com"}
    by_second = contacts.findByEmail(KEY, "CONTACT2.ALT@example.org", ["Id", "EmailAddress2"])
    assert by_second == [{"Id": 2, "EmailAddress2": "contact2.alt@example.org"}]
    assert contacts.findByEmail(KEY, "contact7@work.example.net", ["Id"]) == [{"Id": 7}]
    assert contacts.findByEmail(KEY, "nobody@example.com", ["Id"]) == []
    assert fault_of(lambda: contacts.load(KEY, 404, ["Id"]))[0] == 5


def test_saved_search_columns_and_rows(rpc):
    search = rpc.SearchService

    columns = search.getAllReportColumns(KEY, 1, 1)
    rows = search.getSavedSearchResultsAllFields(KEY, 1, 1, 0)

    assert list(columns) == ["Id", "FirstName", "LastName", "Email", "City", "DateCreated"]
    assert [row["Id"] for row in rows] == [1, 6, 11, 16, 21]
    assert set(rows[0]) == set(columns)
    assert search.getSavedSearchResultsAllFields(KEY, 1, 1, 1) == []
    some = search.getSavedSearchResults(KEY, 1, 1, 0, ["Id", "Email"])
    assert some[0] == {"Id": 1, "Email": "contact1@example.com"}


def test_open_invoices_search(rpc):
    columns = rpc.SearchService.getAllReportColumns(KEY, 2, 1)
    rows = rpc.SearchService.getSavedSearchResultsAllFields(KEY, 2, 1, 0)

    assert list(columns) == ["InvoiceId", "ContactId", "InvoiceTotal", "TotalDue", "DateCreated"]
    assert [row["InvoiceId"] for row in rows] == [2, 3, 5, 6, 8]
    assert all(row["TotalDue"] > 0 for row in rows)


def test_saved_search_pages_are_not_1000_rows_so_only_an_empty_page_ends(keap):
    """Keap documents no page size: a page shorter than 1000 is not the last one here."""
    keap.xmlrpc.seed(saved_search_rows=600)
    search = proxy(keap.xmlrpc.url).SearchService

    pages = [search.getSavedSearchResultsAllFields(KEY, 1, 1, page) for page in range(4)]
    partial = search.getSavedSearchResults(KEY, 1, 1, 1, ["Id"])

    assert [len(page) for page in pages] == [250, 250, 100, 0]
    assert pages[2][-1]["Id"] == 600
    assert [row["Id"] for row in partial] == list(range(251, 501))


@pytest.mark.parametrize(("search_id", "user_id"), [(3, 1), (1, 2)])
def test_unknown_saved_search_or_other_user_is_fault_5(rpc, search_id, user_id):
    code, text = fault_of(lambda: rpc.SearchService.getAllReportColumns(KEY, search_id, user_id))

    assert code == 5
    assert text.startswith("[RecordNotFound]")
    bad_column = rpc.SearchService.getSavedSearchResults
    assert fault_of(lambda: bad_column(KEY, 1, 1, 0, ["Nope"]))[0] == 10


def test_affiliate_reports_filter_by_date(clocked_rpc):
    reports = clocked_rpc.APIAffiliateService
    start, end = "2026-09-01", xmlrpc.client.DateTime("20261124T00:00:00")

    commissions = reports.affCommissions(KEY, 1, start, end)
    clawbacks = reports.affClawbacks(KEY, 1, start, end)
    payouts = reports.affPayouts(KEY, 1, start, end)

    assert len(commissions) == 6
    assert len(clawbacks) == 2
    assert len(payouts) == 3
    assert set(commissions[0]) == {
        "ContactId", "ContactFirstName", "ContactLastName", "SoldByFirstName",
        "SoldByLastName", "AmtEarned", "DateEarned", "Description", "InvoiceId",
        "ProductName", "SaleAffId",
    }  # fmt: skip
    assert {"FirstName", "Amount", "DateEarned", "SaleAffId"} <= set(clawbacks[0])
    assert {"AffPayoutId", "PayAmt", "PayDate", "PayNote", "PayType"} <= set(payouts[0])
    middle = wire(commissions[3]["DateEarned"])
    later = reports.affCommissions(KEY, 1, middle, end)
    assert len(later) == 3
    assert reports.affCommissions(KEY, 1, "2025-01-01", "2025-12-31") == []
    assert reports.affCommissions(KEY, 99, start, end) == []


def test_affiliate_summary_and_running_totals(clocked_rpc):
    reports = clocked_rpc.APIAffiliateService
    start, end = "2026-01-01", "2026-12-31"
    commissions = reports.affCommissions(KEY, 2, start, end)

    summary = reports.affSummary(KEY, [1, 2, 3], start, end)
    totals = reports.affRunningTotals(KEY, [2])

    assert [row["AffiliateId"] for row in summary] == [1, 2, 3]
    assert summary[1]["AmountEarned"] == round(sum(c["AmtEarned"] for c in commissions), 2)
    row = totals[0]
    assert row["RunningBalance"] == round(
        row["AmountEarned"] - row["Clawbacks"] - row["Payments"], 2
    )
    assert fault_of(lambda: reports.affRunningTotals(KEY, ["1"]))[0] == 12
    assert fault_of(lambda: reports.affSummary(KEY, [1], "yesterday", end))[0] == 12


def test_programs_resources_and_links(rpc):
    programs = rpc.AffiliateProgramService

    assert [p["Id"] for p in programs.getAffiliatePrograms(KEY)] == [1, 2]
    assert [p["Id"] for p in programs.getProgramsForAffiliate(KEY, 2)] == [1, 2]
    assert [p["Id"] for p in programs.getProgramsForAffiliate(KEY, 1)] == [1]
    members = programs.getAffiliatesByProgram(KEY, 1)
    assert [m["Id"] for m in members] == [1, 2, 3]
    assert members[0]["Email"] == "contact1@example.com"
    assert {"AffCode", "AffName", "ContactId", "FirstName", "LastName", "Status"} <= set(members[0])
    resources = programs.getResourcesForAffiliateProgram(KEY, 1)
    assert [r["Id"] for r in resources] == [1, 2, 3]
    assert fault_of(lambda: programs.getAffiliatesByProgram(KEY, 9))[0] == 5
    links = rpc.AffiliateService.getRedirectLinksForAffiliate(KEY, 1)
    assert [link["RedirectId"] for link in links] == [1, 2]
    assert set(links[0]) == {
        "AffiliateId", "LocalUrlCode", "Name", "RedirectId", "RedirectUrl", "ProgramIds",
    }  # fmt: skip


@pytest.mark.parametrize(
    "method",
    [
        "getCategoryDiscount",
        "getOrderTotalDiscount",
        "getProductTotalDiscount",
        "getShippingTotalDiscount",
        "getFreeTrial",
    ],
)
def test_discounts_by_id(rpc, method):
    getter = getattr(rpc.DiscountService, method)

    assert [getter(KEY, number)["Id"] for number in (1, 2)] == [1, 2]
    assert fault_of(lambda: getter(KEY, 3))[0] == 5


def test_category_assignments(rpc):
    rows = rpc.DiscountService.getCategoryAssignmentsForCategoryDiscount(KEY, 1)

    assert rows == [
        {"Id": 1, "SpecialId": 1, "ProductId": 1},
        {"Id": 2, "SpecialId": 1, "ProductId": 2},
    ]


def test_files_are_base64_strings(rpc):
    content = rpc.FileService.getFile(KEY, 1)

    assert isinstance(content, str)
    assert base64.b64decode(content).decode().startswith("Hello from the Keap sandbox")
    assert base64.b64decode(rpc.FileService.getFile(KEY, 2)).startswith(b"\x89PNG")
    assert fault_of(lambda: rpc.FileService.getFile(KEY, 3))[0] == 5


def test_invoice_service(rpc):
    invoices = rpc.InvoiceService

    assert invoices.calculateAmountOwed(KEY, 1) == 0.0
    assert invoices.calculateAmountOwed(KEY, 2) == 62.5
    assert invoices.getPayments(KEY, 2) == []
    paid = invoices.getPayments(KEY, 3)
    assert [p["Amt"] for p in paid] == [18.75, 18.75]
    assert set(paid[0]) == {"Id", "InvoiceId", "Amt", "PayDate", "PayStatus", "PaymentId"}
    assert invoices.getAllPaymentOptions(KEY)["CREDIT_CARD"] == "Credit Card"
    assert set(invoices.getAllShippingOptions(KEY)[0]) == {"Id", "Name", "Type"}
    assert fault_of(lambda: invoices.getPayments(KEY, 99))[0] == 5


def test_product_inventory(rpc):
    assert rpc.ProductService.getInventory(KEY, 1) == 10
    assert rpc.ProductService.getInventory(KEY, 2) == 17
    assert fault_of(lambda: rpc.ProductService.getInventory(KEY, 99))[0] == 5


@pytest.mark.parametrize(
    "method",
    [
        "getFlatRateShippingOption",
        "getOrderQuantityShippingOption",
        "getOrderTotalShippingOption",
        "getProductBasedShippingOption",
        "getUpsShippingOption",
        "getWeightBasedShippingOption",
    ],
)
def test_shipping_options_by_type(rpc, method):
    getter = getattr(rpc.ShippingService, method)

    assert [getter(KEY, number)["Id"] for number in (1, 2)] == [1, 2]
    assert fault_of(lambda: getter(KEY, 3))[0] == 5


def test_shipping_lists_and_ranges(rpc):
    options = rpc.ShippingService.getAllShippingOptions(KEY)
    ranges = rpc.ShippingService.getOrderTotalShippingRanges(KEY, 1)

    assert len(options) == 12
    assert set(options[0]) == {"Id", "Name", "Type", "Active"}
    assert [r["MinTotal"] for r in ranges] == [0.0, 50.0, 100.0]
    assert set(ranges[0]) == {"Id", "OptionId", "MinTotal", "MaxTotal", "Price"}


def test_web_forms_map_has_string_keys(rpc):
    assert rpc.WebFormService.getMap(KEY) == {
        "12": "Newsletter signup",
        "14": "Contact us",
        "21": "Webinar registration",
    }
