"""The method table: `Service.method` → typed parameters → handler.

Every method takes the key string first (not checked: under OAuth the official SDKs send a
dummy), then its own parameters. A wrong count or type is fault 12 naming the parameter; an
unknown method fault 3 `No such handler`. Trailing optional parameters (`orderBy`,
`ascending`) may be left out, as Keap accepts.
"""

from __future__ import annotations

import typing as t
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass

from vendor_sandbox.keap.xmlrpc import affiliateservice as aff
from vendor_sandbox.keap.xmlrpc import catalog
from vendor_sandbox.keap.xmlrpc import catalogservice as cat
from vendor_sandbox.keap.xmlrpc import dataservice as data
from vendor_sandbox.keap.xmlrpc import searchservice as search
from vendor_sandbox.keap.xmlrpc.dates import from_argument
from vendor_sandbox.keap.xmlrpc.faults import (
    INVALID_KEY,
    UNEXPECTED,
    XmlRpcError,
    invalid_parameter,
)

if t.TYPE_CHECKING:
    from collections.abc import Sequence

    from vendor_sandbox.keap.xmlrpc.codec import MethodCall
    from vendor_sandbox.keap.xmlrpc.store import XmlRpcStore

STRING = "string"
INT = "int"
STRUCT = "struct"
ARRAY = "array"
BOOLEAN = "boolean"
DATE = "dateTime"
INT_ARRAY = "array of int"
ANY = "any"


def _is_int(value: t.Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_int_array(value: t.Any) -> bool:
    return isinstance(value, list) and all(_is_int(item) for item in value)


# Kind → does an argument have it? XML-RPC types map one to one, except dateTime (a string
# `YYYY-MM-DD[ HH:MM:SS]` is accepted too) and boolean (0 and 1 too).
_ACCEPTS: dict[str, Callable[[t.Any], bool]] = {
    STRING: lambda value: isinstance(value, str),
    INT: _is_int,
    STRUCT: lambda value: isinstance(value, dict),
    ARRAY: lambda value: isinstance(value, list),
    INT_ARRAY: _is_int_array,
    BOOLEAN: lambda value: isinstance(value, bool) or value in (0, 1),
    DATE: lambda value: from_argument(value) is not None,
    ANY: lambda _: True,
}
_CONVERTERS: dict[str, Callable[[t.Any], t.Any]] = {BOOLEAN: bool, DATE: from_argument}


def _convert(kind: str, value: t.Any) -> tuple[bool, t.Any]:
    """(accepted, converted value) of one argument against its declared kind."""
    if not _ACCEPTS[kind](value):
        return False, value
    return True, _CONVERTERS.get(kind, lambda same: same)(value)


@dataclass(frozen=True)
class Param:
    """One parameter after the key: its name (as Keap's docs spell it) and kind."""

    name: str
    kind: str
    optional: bool = False


@dataclass(frozen=True)
class Method:
    """A method's parameters (after the key) and the handler they are passed to."""

    params: tuple[Param, ...]
    handler: Callable[..., t.Any]

    def arguments(self, name: str, given: Sequence[t.Any]) -> list[t.Any]:
        """The arguments converted to the handler's types.

        Raises:
            XmlRpcError: Fault 12 naming the missing, extra or mistyped parameter.
        """
        required = sum(1 for param in self.params if not param.optional)
        if not required <= len(given) <= len(self.params):
            if len(given) < required:
                missing = ", ".join(param.name for param in self.params[len(given) : required])
                msg = f"{name}: missing parameter(s) {missing}"
            else:
                most = len(self.params)
                msg = f"{name}: takes at most {most} parameters after the key, got {len(given)}"
            raise invalid_parameter(msg)
        converted = []
        for param, value in zip(self.params, given, strict=False):
            accepted, argument = _convert(param.kind, value)
            if not accepted:
                shown = value.value if isinstance(value, xmlrpc.client.DateTime) else value
                msg = f"{name}: parameter {param.name} must be {param.kind}, got {shown!r}"
                raise invalid_parameter(msg)
            converted.append(argument)
        return converted


def _method(handler: Callable[..., t.Any], *params: tuple[str, str] | Param) -> Method:
    return Method(
        tuple(param if isinstance(param, Param) else Param(*param) for param in params), handler
    )


TABLE = ("table", STRING)
SELECTED = ("selectedFields", ARRAY)
AFFILIATE_ID = ("affiliateId", INT)
PERIOD = (("startDate", DATE), ("endDate", DATE))
ID = ("id", INT)
SHIPPING_GETTERS = {
    "getFlatRateShippingOption": "flat_rate",
    "getOrderQuantityShippingOption": "order_quantity",
    "getOrderTotalShippingOption": "order_total",
    "getProductBasedShippingOption": "product_based",
    "getUpsShippingOption": "ups",
    "getWeightBasedShippingOption": "weight_based",
}
DISCOUNT_GETTERS = {
    "getCategoryDiscount": (catalog.CATEGORY_DISCOUNTS, "Category discount"),
    "getOrderTotalDiscount": (catalog.ORDER_TOTAL_DISCOUNTS, "Order total discount"),
    "getProductTotalDiscount": (catalog.PRODUCT_TOTAL_DISCOUNTS, "Product total discount"),
    "getShippingTotalDiscount": (catalog.SHIPPING_TOTAL_DISCOUNTS, "Shipping discount"),
}

METHODS: dict[str, Method] = {
    "DataService.query": _method(
        data.query,
        TABLE,
        ("limit", INT),
        ("page", INT),
        ("queryData", STRUCT),
        SELECTED,
        Param("orderBy", STRING, optional=True),
        Param("ascending", BOOLEAN, optional=True),
    ),
    "DataService.count": _method(data.count, TABLE, ("queryData", STRUCT)),
    "DataService.load": _method(data.load, TABLE, ("id", INT), SELECTED),
    "DataService.findByField": _method(
        data.find_by_field,
        TABLE,
        ("limit", INT),
        ("page", INT),
        ("fieldName", STRING),
        ("fieldValue", ANY),
        ("returnFields", ARRAY),
    ),
    "ContactService.load": _method(data.load_contact, ("id", INT), SELECTED),
    "ContactService.findByEmail": _method(data.find_by_email, ("email", STRING), SELECTED),
    "SearchService.getAllReportColumns": _method(
        search.get_all_report_columns, ("savedSearchId", INT), ("userId", INT)
    ),
    "SearchService.getSavedSearchResultsAllFields": _method(
        search.get_saved_search_results_all_fields,
        ("savedSearchId", INT),
        ("userId", INT),
        ("pageNumber", INT),
    ),
    "SearchService.getSavedSearchResults": _method(
        search.get_saved_search_results,
        ("savedSearchId", INT),
        ("userId", INT),
        ("pageNumber", INT),
        ("returnFields", ARRAY),
    ),
    "APIAffiliateService.affCommissions": _method(aff.aff_commissions, AFFILIATE_ID, *PERIOD),
    "APIAffiliateService.affClawbacks": _method(aff.aff_clawbacks, AFFILIATE_ID, *PERIOD),
    "APIAffiliateService.affPayouts": _method(aff.aff_payouts, AFFILIATE_ID, *PERIOD),
    "APIAffiliateService.affSummary": _method(
        aff.aff_summary, ("affiliateIds", INT_ARRAY), *PERIOD
    ),
    "APIAffiliateService.affRunningTotals": _method(
        aff.aff_running_totals, ("affiliateIds", INT_ARRAY)
    ),
    "AffiliateService.getRedirectLinksForAffiliate": _method(aff.redirect_links, AFFILIATE_ID),
    "AffiliateProgramService.getAffiliatePrograms": _method(aff.affiliate_programs),
    "AffiliateProgramService.getProgramsForAffiliate": _method(
        aff.programs_for_affiliate, AFFILIATE_ID
    ),
    "AffiliateProgramService.getAffiliatesByProgram": _method(
        aff.affiliates_by_program, ("programId", INT)
    ),
    "AffiliateProgramService.getResourcesForAffiliateProgram": _method(
        aff.program_resources, ("programId", INT)
    ),
    **{
        f"DiscountService.{name}": _method(cat.by_id(records, what), ID)
        for name, (records, what) in DISCOUNT_GETTERS.items()
    },
    "DiscountService.getFreeTrial": _method(
        cat.by_id(catalog.FREE_TRIALS, "Free trial"), ("trialId", INT)
    ),
    "DiscountService.getCategoryAssignmentsForCategoryDiscount": _method(
        cat.category_assignments, ID
    ),
    "FileService.getFile": _method(cat.get_file, ("fileId", INT)),
    "InvoiceService.calculateAmountOwed": _method(cat.amount_owed, ("invoiceId", INT)),
    "InvoiceService.getAllPaymentOptions": _method(cat.payment_options),
    "InvoiceService.getPayments": _method(cat.payments, ("invoiceId", INT)),
    "InvoiceService.getAllShippingOptions": _method(cat.invoice_shipping_options),
    "ProductService.getInventory": _method(cat.inventory, ("productId", INT)),
    "ShippingService.getAllShippingOptions": _method(cat.shipping_options),
    **{
        f"ShippingService.{name}": _method(cat.shipping_option(kind), ("optionId", INT))
        for name, kind in SHIPPING_GETTERS.items()
    },
    "ShippingService.getOrderTotalShippingRanges": _method(
        cat.order_total_ranges, ("optionId", INT)
    ),
    "WebFormService.getMap": _method(cat.web_forms),
}


def check_key(call: MethodCall) -> None:
    """The key must be present and a string; its value is not checked.

    Raises:
        XmlRpcError: Fault 2 otherwise.
    """
    if not call.params or not isinstance(call.params[0], str):
        raise XmlRpcError(INVALID_KEY, "The first parameter must be the API key string")


def method_of(name: str) -> Method:
    """The method called `name`.

    Raises:
        XmlRpcError: Fault 3 `No such handler` for a method Keap (or the sandbox) lacks.
    """
    method = METHODS.get(name)
    if method is None:
        raise XmlRpcError(UNEXPECTED, f"No such handler: {name}")
    return method


def run(store: XmlRpcStore, call: MethodCall) -> t.Any:
    """Run a parsed call against the account's data (the caller holds the store's lock).

    Raises:
        XmlRpcError: Any of Keap's faults.
    """
    method = method_of(call.method)
    check_key(call)
    return method.handler(store, *method.arguments(call.method, call.params[1:]))
