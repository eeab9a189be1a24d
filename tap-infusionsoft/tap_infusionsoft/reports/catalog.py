"""Every report of Domo's Infusionsoft connector: its XML-RPC method, params and shape.

A report kind says which params an instance takes, how its fields are resolved and which
fetcher (`fetchers.py`) reads its rows. The `report` value of a `reports` instance is a key
of `BY_KEY`; the title is the name Domo's connector shows.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from tap_infusionsoft.reports import fetchers
from tap_infusionsoft.reports.fetchers import (
    Fetch,
    affiliate_list,
    contacts_by_email,
    data_query,
    listing,
    mapping,
    per_id,
    report_columns,
    saved_search,
    tagged_contacts,
)
from tap_infusionsoft.reports.fields import parse_fields
from tap_infusionsoft.reports.layout import (
    LayoutOf,
    ReportLayout,
    columns_layout,
    saved_search_layout,
    table_layout,
)

if t.TYPE_CHECKING:
    from tap_infusionsoft.reports.layout import LayoutResolver
    from tap_infusionsoft.reports.params import ReportParams

DATE_PARAMS = frozenset(
    {"date", "days_back", "start_date", "start_days_back", "end_date", "end_days_back"}
)


@dataclass(frozen=True)
class ReportKind:
    """One report of the catalog.

    Attributes:
        key: The `report` value of an instance.
        title: Domo's name of the report.
        method: The XML-RPC method it calls.
        fetch: Reads the rows.
        required: Params an instance must set.
        optional: Params it may set.
        layout: Resolves the fields (None: the fixed `fields`).
        fields: The fixed shape, `Name Name:kind …` (see `tables.py`).
        key_properties: The stream's primary key.
        uses_run_dates: Whether its dates (or query) can follow LastSuccessfulRun.
    """

    key: str
    title: str
    method: str
    fetch: Fetch
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    layout: LayoutOf | None = None
    fields: str = ""
    key_properties: tuple[str, ...] = ()
    uses_run_dates: bool = False

    def resolve_layout(self, resolver: LayoutResolver, params: ReportParams) -> ReportLayout:
        """The instance's fields (calls Keap for table and saved-search reports)."""
        if self.layout is not None:
            return self.layout(resolver, params)
        return ReportLayout(fields=parse_fields(self.fields))


_AFFILIATE = frozenset({"affiliate_ids"})
_SAVED_SEARCH = frozenset({"saved_search_id", "saved_search_name", "fields"})
_DISCOUNT_FIELDS = (
    "DiscountId:int Id:int Name Description ApplyDiscountToCommission:int PercentOrAmt:int "
    "Amt:num PayType ProductId:int FreeTrialDays:int HidePrice:int SubscriptionPlanId:int"
)
_SHIPPING_FIELDS = "OptionId:int Id:int Name Type Price:num Active"


def _dated(key: str, title: str, method: str, fields: str) -> ReportKind:
    """An affiliate report over a date range, one call per affiliate."""
    return ReportKind(
        key,
        title,
        method,
        per_id("affiliate_ids", "AffiliateId", after=fetchers.window_args),
        required=_AFFILIATE,
        optional=DATE_PARAMS,
        fields=f"AffiliateId:int {fields}",
        uses_run_dates=True,
    )


def _by_id(  # noqa: PLR0917 - one positional line per report reads as a table
    key: str,
    title: str,
    method: str,
    param: str,
    id_field: str,
    fields: str,
    *,
    value_field: str | None = None,
    keys: tuple[str, ...] | None = None,
) -> ReportKind:
    """A report read one id at a time; its key is the id (and `keys` for lists)."""
    return ReportKind(
        key,
        title,
        method,
        per_id(param, id_field, value_field=value_field),
        required=frozenset({param}),
        fields=fields,
        key_properties=(id_field,) if keys is None else keys,
    )


def _listing(key: str, title: str, method: str, fields: str, keys: tuple[str, ...]) -> ReportKind:
    return ReportKind(key, title, method, listing, fields=fields, key_properties=keys)


_COMMISSION = (
    "ContactId:int ContactFirstName ContactLastName SoldByFirstName SoldByLastName "
    "AmtEarned:num DateEarned:datetime Description InvoiceId:int ProductName SaleAffId:int"
)
_CLAWBACK = (
    "ContactId:int FirstName LastName Amount:num DateEarned:datetime Description "
    "InvoiceId:int ProductName SaleAffId:int SoldByFirstName SoldByLastName"
)
_TOTALS = "AffiliateId:int AmountEarned:num Clawbacks:num Payments:num RunningBalance:num"
_PROGRAM = "Id:int Name Notes Priority:int"

REPORTS: tuple[ReportKind, ...] = (
    _dated(
        "affiliate_clawbacks",
        "Affiliate - Clawbacks",
        "APIAffiliateService.affClawbacks",
        _CLAWBACK,
    ),
    _dated(
        "affiliate_commissions",
        "Affiliate - Commissions",
        "APIAffiliateService.affCommissions",
        _COMMISSION,
    ),
    _dated(
        "affiliate_payments",
        "Affiliate - Payments",
        "APIAffiliateService.affPayouts",
        "AffPayoutId:int PayAmt:num PayDate:datetime PayNote PayType",
    ),
    _by_id(
        "affiliate_redirect_links",
        "Affiliate - Redirect Links",
        "AffiliateService.getRedirectLinksForAffiliate",
        "affiliate_ids",
        "AffiliateId",
        "AffiliateId:int RedirectId:int LocalUrlCode Name RedirectUrl ProgramIds",
        keys=("AffiliateId", "RedirectId"),
    ),
    ReportKind(
        "affiliate_summary",
        "Affiliate Summary",
        "APIAffiliateService.affSummary",
        affiliate_list(dated=True),
        required=_AFFILIATE,
        optional=DATE_PARAMS,
        fields=_TOTALS,
        key_properties=("AffiliateId",),
        uses_run_dates=True,
    ),
    ReportKind(
        "affiliate_running_totals",
        "Affiliate - Running Totals",
        "APIAffiliateService.affRunningTotals",
        affiliate_list(dated=False),
        required=_AFFILIATE,
        fields=_TOTALS,
        key_properties=("AffiliateId",),
    ),
    _listing(
        "affiliate_programs",
        "Affiliate Program - All Programs",
        "AffiliateProgramService.getAffiliatePrograms",
        _PROGRAM,
        ("Id",),
    ),
    _by_id(
        "affiliate_programs_of_affiliate",
        "Affiliate Program - Affiliate's Programs",
        "AffiliateProgramService.getProgramsForAffiliate",
        "affiliate_ids",
        "AffiliateId",
        f"AffiliateId:int {_PROGRAM}",
        keys=("AffiliateId", "Id"),
    ),
    _by_id(
        "program_affiliates",
        "Affiliate Program - Program's Affiliates",
        "AffiliateProgramService.getAffiliatesByProgram",
        "program_ids",
        "ProgramId",
        "ProgramId:int Id:int AffCode AffName ContactId:int FirstName LastName Email Status",
        keys=("ProgramId", "Id"),
    ),
    _by_id(
        "program_resources",
        "Affiliate Program - Resources",
        "AffiliateProgramService.getResourcesForAffiliateProgram",
        "program_ids",
        "ProgramId",
        "ProgramId:int Id:int Title Notes ResourceType ResourceHTML ResourceHREF "
        "ResourceOrder:int ProgramIds",
        keys=("ProgramId", "Id"),
    ),
    ReportKind(
        "contacts_by_email",
        "Contacts - By Email Address",
        "ContactService.findByEmail",
        contacts_by_email,
        required=frozenset({"emails"}),
        optional=frozenset({"fields"}),
        layout=table_layout("Contact"),
        key_properties=("Id",),
    ),
    ReportKind(
        "contacts_by_id",
        "Contacts - By ID",
        "ContactService.load",
        per_id("contact_ids", "Id", after=fetchers.selected),
        required=frozenset({"contact_ids"}),
        optional=frozenset({"fields"}),
        layout=table_layout("Contact"),
        key_properties=("Id",),
    ),
    ReportKind(
        "contacts_by_tags",
        "Contacts - By Tags",
        "DataService.query",
        tagged_contacts,
        required=frozenset({"tag_ids"}),
        optional=frozenset({"fields"}),
        layout=lambda resolver, params: resolver.tagged_contacts_layout(params),
        key_properties=("Id", "TagId"),
    ),
    ReportKind(
        "data_record",
        "Data - Record by ID",
        "DataService.load",
        per_id("record_ids", "Id", before=fetchers.table, after=fetchers.selected),
        required=frozenset({"table", "record_ids"}),
        optional=frozenset({"fields"}),
        layout=table_layout(),
        key_properties=("Id",),
    ),
    ReportKind(
        "data_query",
        "Data - Query a Data Table",
        "DataService.query",
        data_query,
        required=frozenset({"table"}),
        optional=frozenset({"query", "fields", "order_by"}),
        layout=table_layout(),
        uses_run_dates=True,
    ),
    _by_id(
        "discount_category",
        "Discount - Category",
        "DiscountService.getCategoryDiscount",
        "discount_ids",
        "DiscountId",
        _DISCOUNT_FIELDS,
    ),
    _by_id(
        "discount_category_assignments",
        "Discount - Category Assignments",
        "DiscountService.getCategoryAssignmentsForCategoryDiscount",
        "discount_ids",
        "DiscountId",
        "DiscountId:int Id:int SpecialId:int ProductId:int",
        keys=("DiscountId", "Id"),
    ),
    _by_id(
        "discount_order_total",
        "Discount - Order's Discount",
        "DiscountService.getOrderTotalDiscount",
        "discount_ids",
        "DiscountId",
        _DISCOUNT_FIELDS,
    ),
    _by_id(
        "discount_product_total",
        "Discount - Product Total",
        "DiscountService.getProductTotalDiscount",
        "discount_ids",
        "DiscountId",
        _DISCOUNT_FIELDS,
    ),
    _by_id(
        "discount_shipping",
        "Discount - Shipping",
        "DiscountService.getShippingTotalDiscount",
        "discount_ids",
        "DiscountId",
        _DISCOUNT_FIELDS,
    ),
    _by_id(
        "discount_free_trial",
        "Discount - Subscription's Free Trial",
        "DiscountService.getFreeTrial",
        "trial_ids",
        "DiscountId",
        _DISCOUNT_FIELDS,
    ),
    _by_id(
        "file",
        "Get File",
        "FileService.getFile",
        "file_ids",
        "FileId",
        "FileId:int FileData",
        value_field="FileData",
    ),
    _by_id(
        "invoice_amount_due",
        "Invoice - Amount Due",
        "InvoiceService.calculateAmountOwed",
        "invoice_ids",
        "InvoiceId",
        "InvoiceId:int AmountDue:num",
        value_field="AmountDue",
    ),
    ReportKind(
        "invoice_payment_options",
        "Invoice - Available Payment Options",
        "InvoiceService.getAllPaymentOptions",
        mapping("Code", "Label"),
        fields="Code Label",
        key_properties=("Code",),
    ),
    _by_id(
        "invoice_payments",
        "Invoice - Payments",
        "InvoiceService.getPayments",
        "invoice_ids",
        "InvoiceId",
        "InvoiceId:int Id:int Amt:num PayDate:datetime PayStatus PaymentId:int",
        keys=("InvoiceId", "Id"),
    ),
    _listing(
        "invoice_shipping_options",
        "Invoice - Available Shipping Options",
        "InvoiceService.getAllShippingOptions",
        "Id:int Name Type",
        ("Id",),
    ),
    _by_id(
        "product_inventory",
        "Product - Inventory",
        "ProductService.getInventory",
        "product_ids",
        "ProductId",
        "ProductId:int Inventory:int",
        value_field="Inventory",
    ),
    ReportKind(
        "search_available_fields",
        "Search - Available Fields",
        "SearchService.getAllReportColumns",
        report_columns,
        required=frozenset({"user_id"}),
        optional=_SAVED_SEARCH - {"fields"},
        layout=columns_layout,
        key_properties=("SavedSearchId", "Column"),
    ),
    ReportKind(
        "saved_search",
        "Search - Saved Search",
        "SearchService.getSavedSearchResultsAllFields",
        saved_search(all_fields=True),
        required=frozenset({"user_id"}),
        optional=_SAVED_SEARCH - {"fields"},
        layout=saved_search_layout,
    ),
    ReportKind(
        "saved_search_new",
        "Search - Saved Search New",
        "SearchService.getSavedSearchResults",
        saved_search(all_fields=False),
        required=frozenset({"user_id", "fields"}),
        optional=_SAVED_SEARCH,
        layout=saved_search_layout,
    ),
    _listing(
        "shipping_options",
        "Shipping - Available Shipping Options",
        "ShippingService.getAllShippingOptions",
        "Id:int Name Type Active",
        ("Id",),
    ),
    _by_id(
        "shipping_flat_rate",
        "Shipping - Flat Rate Shipping Options",
        "ShippingService.getFlatRateShippingOption",
        "option_ids",
        "OptionId",
        _SHIPPING_FIELDS,
    ),
    _by_id(
        "shipping_order_quantity",
        "Shipping - Order Quantity Shipping Options",
        "ShippingService.getOrderQuantityShippingOption",
        "option_ids",
        "OptionId",
        _SHIPPING_FIELDS,
    ),
    _by_id(
        "shipping_order_total",
        "Shipping - Order Shipping Options",
        "ShippingService.getOrderTotalShippingOption",
        "option_ids",
        "OptionId",
        _SHIPPING_FIELDS,
    ),
    _by_id(
        "shipping_order_ranges",
        "Shipping - Order Shipping Ranges",
        "ShippingService.getOrderTotalShippingRanges",
        "option_ids",
        "OptionId",
        "OptionId:int Id:int MinTotal:num MaxTotal:num Price:num",
        keys=("OptionId", "Id"),
    ),
    _by_id(
        "shipping_product_based",
        "Shipping - Product Shipping Options",
        "ShippingService.getProductBasedShippingOption",
        "option_ids",
        "OptionId",
        _SHIPPING_FIELDS,
    ),
    _by_id(
        "shipping_ups",
        "Shipping - UPS Shipping Options",
        "ShippingService.getUpsShippingOption",
        "option_ids",
        "OptionId",
        _SHIPPING_FIELDS,
    ),
    _by_id(
        "shipping_weight_based",
        "Shipping - Weight-Based Shipping Options",
        "ShippingService.getWeightBasedShippingOption",
        "option_ids",
        "OptionId",
        _SHIPPING_FIELDS,
    ),
    ReportKind(
        "webform_ids",
        "Webform IDs",
        "WebFormService.getMap",
        mapping("Id", "Name"),
        fields="Id:int Name",
        key_properties=("Id",),
    ),
)
BY_KEY: dict[str, ReportKind] = {kind.key: kind for kind in REPORTS}
