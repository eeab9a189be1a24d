"""The one table of Keap list resources: adding a resource is adding one `ResourceSpec`.

Each entry says where the resource lives below `/crm/rest/v1`, the JSON key its records come
under, its id field, the field `since`/`until` filter on (if Keap offers a time filter for
it), how records are built from their index, and how many a reset seeds.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.keap import affiliates, commerce, files, marketing, people, singletons

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from vendor_sandbox.keap.seedkit import Counts, Record

Factory = t.Callable[[int, "Counts"], "Record"]
Matcher = t.Callable[["Record", str], bool]
OPTIONAL = "optional"
ALWAYS = "always"
SINGLE_ONLY = "single_only"


def _contact_name(record: Record) -> tuple[str, str]:
    return record["family_name"], record["given_name"]


def _contact_email(record: Record) -> str:
    addresses = record.get("email_addresses") or [{"email": ""}]
    return str(addresses[0]["email"])


def _same(value: t.Any, wanted: str) -> bool:
    """Text equality as list filters compare it: case-insensitive (assumed, see README)."""
    return str(value or "").strip().casefold() == wanted.strip().casefold()


def _text_equals(name: str) -> Matcher:
    return lambda record, wanted: _same(record.get(name), wanted)


def _nested_id(name: str) -> Matcher:
    """`record[name]["id"]` equals the parameter (`contact_id` of a task or an order)."""
    return lambda record, wanted: str((record.get(name) or {}).get("id")) == wanted


def _has_email(record: Record, wanted: str) -> bool:
    return any(_same(item.get("email"), wanted) for item in record.get("email_addresses") or [])


def _orders_product(record: Record, wanted: str) -> bool:
    return any(
        str((item.get("product") or {}).get("id")) == wanted
        for item in record.get("order_items") or []
    )


def _opportunity_search(record: Record, wanted: str) -> bool:
    """Keap: `search_term` matches the contact's names, company name and EMAIL1 (substring)."""
    contact = record.get("contact") or {}
    texts = (contact.get(name) for name in ("first_name", "last_name", "company_name", "email"))
    term = wanted.strip().casefold()
    return any(term in str(value or "").casefold() for value in texts)


@dataclass(frozen=True)
class ResourceSpec:
    """One list resource of Keap's REST v1 API.

    Attributes:
        key: The JSON key of its records in a list answer; also its name in control calls.
        path: Its path below `/crm/rest/v1`.
        factory: Builds seeded record `index` from the index and the resource counts.
        default_count: Records a reset seeds.
        id_field: The field holding `index + 1`, the id touch/create and `/{id}` use.
        time_field: The field `since`/`until` filter on; seeded values are
            `seedkit.moment(index)`. None: Keap offers no time filter here.
        stamp_field: Set to "now" by touch and create (defaults to `time_field`).
        changed_field: A text field touch visibly changes.
        time_params: The names of the since/until query parameters.
        until_needs_since: Whether the until parameter is refused (400) without the since
            one, as Keap's `/emails` does.
        orders: Extra `order` values (beyond `id` and the time field) and their sort keys.
        custom_fields: None, `optional` (with `optional_properties=custom_fields`),
            `always`, or `single_only` (only `/{id}` with `optional_properties=custom_fields`;
            the list ignores the parameter); the model is `key`.
        filters: Query parameters that must equal the record field of the same name.
        matchers: Query parameters tested by a function of the record and the value
            (nested ids, any of several email addresses, case-insensitive names).
        list_omit: Fields only the single-record answer carries.
        single: Whether `/<path>/{id}` answers one record.
    """

    key: str
    path: str
    factory: Factory
    default_count: int
    changed_field: str
    id_field: str = "id"
    time_field: str | None = None
    stamp_field: str | None = None
    time_params: tuple[str, str] = ("since", "until")
    until_needs_since: bool = False
    orders: Mapping[str, Callable[[Record], t.Any]] = field(default_factory=dict)
    custom_fields: str | None = None
    filters: tuple[str, ...] = ()
    matchers: Mapping[str, Matcher] = field(default_factory=dict)
    list_omit: tuple[str, ...] = ()
    single: bool = True

    @property
    def touched_field(self) -> str | None:
        """The timestamp touch and create set to now."""
        return self.stamp_field or self.time_field

    def filter_names(self) -> tuple[str, ...]:
        """Every query parameter that filters this resource's list."""
        return (*self.filters, *self.matchers)

    def order_names(self) -> tuple[str, ...]:
        """Every `order` value this resource accepts."""
        names = ["id", *([self.time_field] if self.time_field else []), *self.orders]
        return tuple(dict.fromkeys(names))


# List filters (`filters`, `matchers`) are the query parameters of each list operation in
# Keap's v1 OpenAPI (ballerina-platform/openapi-connectors `openapi/keap/openapi.yml`:
# listContacts email/given_name/family_name, listCompanies company_name, listAffiliates
# code/name/contact_id/status, listAppointments and listTasks contact_id, listNotes
# contact_id/user_id, listOrders contact_id/product_id, listSubscriptions contact_id,
# listTags name/category, listOpportunities user_id/stage_id/search_term, listEmails
# contact_id/email) - the look-ups a writer makes before a create. Whether text filters
# match exactly or ignoring case is undocumented; the sandbox ignores case (assumed).
RESOURCES: tuple[ResourceSpec, ...] = (
    ResourceSpec(
        "contacts", "/contacts", people.contact, 25, "job_title",
        time_field="last_updated",
        orders={
            "date_created": lambda record: record["date_created"],
            "name": _contact_name,
            "email": _contact_email,
        },
        custom_fields=OPTIONAL,
        matchers={
            "email": _has_email,
            "given_name": _text_equals("given_name"),
            "family_name": _text_equals("family_name"),
        },
    ),
    ResourceSpec(
        "companies", "/companies", people.company, 10, "notes", custom_fields=OPTIONAL,
        matchers={"company_name": _text_equals("company_name")},
    ),
    # Keap v1 OpenAPI (ballerina-platform/openapi-connectors openapi/keap/openapi.yml):
    # listOpportunities takes limit, offset, user_id, stage_id, search_term and order, no
    # optional_properties; getOpportunity's optional_properties adds `custom_fields`.
    ResourceSpec(
        "opportunities", "/opportunities", marketing.opportunity, 10, "next_action_notes",
        stamp_field="last_updated", custom_fields=SINGLE_ONLY,
        matchers={
            "user_id": _nested_id("user"),
            "stage_id": _nested_id("stage"),
            "search_term": _opportunity_search,
        },
    ),
    ResourceSpec(
        "orders", "/orders", commerce.order, 10, "notes",
        time_field="modification_date", custom_fields=ALWAYS,
        matchers={"contact_id": _nested_id("contact"), "product_id": _orders_product},
    ),
    ResourceSpec(
        "transactions", "/transactions", commerce.transaction, 10, "gateway_account_name",
        time_field="transaction_date",
    ),
    ResourceSpec(
        "tasks", "/tasks", people.task, 10, "description", time_field="modification_date",
        matchers={"contact_id": _nested_id("contact")},
    ),
    ResourceSpec(
        "appointments", "/appointments", people.appointment, 10, "description",
        time_field="start_date", filters=("contact_id",),
    ),
    # Keap v1 OpenAPI (listEmails in ballerina-platform/openapi-connectors
    # openapi/keap/openapi.yml): since_sent_date "must be present if untilDate is provided".
    ResourceSpec(
        "emails", "/emails", people.email_record, 10, "subject",
        time_field="sent_date", time_params=("since_sent_date", "until_sent_date"),
        until_needs_since=True,
        filters=("contact_id",), list_omit=("html_content", "plain_content"),
        matchers={"email": _text_equals("sent_to_address")},
    ),
    ResourceSpec(
        "notes", "/notes", people.note, 10, "body", stamp_field="last_updated",
        filters=("contact_id", "user_id"),
    ),
    ResourceSpec("products", "/products", commerce.product, 10, "product_short_desc"),
    ResourceSpec(
        "subscriptions", "/subscriptions", commerce.subscription, 10, "billing_cycle",
        filters=("contact_id",),
    ),
    ResourceSpec(
        "tags", "/tags", marketing.tag, 10, "description",
        matchers={"name": _text_equals("name"), "category": _nested_id("category")},
    ),
    ResourceSpec("campaigns", "/campaigns", marketing.campaign, 10, "name"),
    ResourceSpec("users", "/users", people.user, 3, "job_title", stamp_field="last_updated"),
    ResourceSpec(
        "affiliates", "/affiliates", affiliates.affiliate, 10, "name",
        filters=("contact_id", "status"),
        matchers={"code": _text_equals("code"), "name": _text_equals("name")},
    ),
    ResourceSpec("programs", "/affiliates/programs", affiliates.program, 10, "notes", single=False),
    ResourceSpec(
        "redirects", "/affiliates/redirectlinks", affiliates.redirect, 10, "name", single=False
    ),
    ResourceSpec(
        "summaries", "/affiliates/summaries", affiliates.summary, 10, "balance",
        id_field="affiliate_id", single=False,
    ),
    ResourceSpec(
        "commissions", "/affiliates/commissions", affiliates.commission, 10, "description",
        id_field="invoice_id", time_field="date_earned", single=False,
    ),
    ResourceSpec("merchant_accounts", "/merchants", commerce.merchant, 2, "account_name"),
)  # fmt: skip
# Resources kept in tables whose endpoints are not the generic list and `/{id}` ones: files
# (`/files` filters and wraps single files, see `files.py`) and REST hooks (a bare array,
# keyed by the string `key`).
STORED: tuple[ResourceSpec, ...] = (
    ResourceSpec(
        "files", "/files", files.file, 10, "file_name", stamp_field="last_updated", single=False
    ),
    ResourceSpec("hooks", "/hooks", singletons.hook, 2, "hookUrl", id_field="key", single=False),
)
BY_KEY: dict[str, ResourceSpec] = {spec.key: spec for spec in (*RESOURCES, *STORED)}
DEFAULT_COUNTS: dict[str, int] = {spec.key: spec.default_count for spec in BY_KEY.values()}
