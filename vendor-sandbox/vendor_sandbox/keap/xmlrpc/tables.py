"""The `DataService` tables: their typed field lists, as Keap's table schema describes them.

A row is a dict holding every field of its table; None (or "") is empty, and Keap leaves
empty fields out of what it returns. Custom fields carry their leading underscore
(`_Region`), the name `queryData` and `selectedFields` use. `ContactGroupAssign` is not
stored: it is derived from `Contact.Groups` on each read, so it follows every contact change.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from functools import cached_property

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    Row = dict[str, t.Any]

INTEGER = "Integer"
STRING = "String"
DOUBLE = "Double"
DATE = "Date"
DATETIME = "DateTime"
NUMERIC = (INTEGER, DOUBLE)
TEMPORAL = (DATE, DATETIME)
ID = "Id"
LAST_UPDATED = "LastUpdated"
DATE_CREATED = "DateCreated"


@dataclass(frozen=True)
class Field:
    """One column: its name and Keap type (Integer, String, Double, Date, DateTime)."""

    name: str
    kind: str


def _fields(kind_by_name: Iterable[tuple[str, str]]) -> tuple[Field, ...]:
    return tuple(Field(name, kind) for name, kind in kind_by_name)


@dataclass(frozen=True)
class TableSpec:
    """A table: ordered fields, its seed count, and what a control `touch` edits.

    Attributes:
        name: Keap's table name (`Contact`).
        fields: The columns in Keap's order.
        default_count: Rows seeded unless a seed says otherwise (None: fixed rows).
        changed_field: A String field a touch appends " (edited)" to (None: only the stamp).
        derived: Computed from other tables on read, never stored or seeded.
    """

    name: str
    fields: tuple[Field, ...]
    default_count: int | None = None
    changed_field: str | None = None
    derived: bool = False

    def field(self, name: str) -> Field | None:
        """The column called `name` (exact case, as Keap requires), or None."""
        return self.by_name.get(name)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        """Columns by name (built once: every query looks fields up)."""
        return {item.name: item for item in self.fields}

    @property
    def stamped(self) -> bool:
        """Whether rows carry `LastUpdated`, so touch and create can stamp them."""
        return LAST_UPDATED in self.by_name


# Short names keep the field lists below one glance wide.
S, INT, D, DT, DBL = STRING, INTEGER, DATE, DATETIME, DOUBLE
CONTACT = TableSpec(
    "Contact",
    _fields(
        [
            ("Id", INT), ("FirstName", S), ("LastName", S), ("Email", S), ("EmailAddress2", S),
            ("EmailAddress3", S), ("Company", S), ("CompanyID", INT), ("City", S), ("State", S),
            ("PostalCode", S), ("Country", S), ("Phone1", S), ("JobTitle", S), ("Groups", S),
            ("LeadSourceId", INT), ("OwnerID", INT), ("Birthday", D), ("DateCreated", DT),
            ("LastUpdated", DT), ("_Region", S), ("_Score", INT), ("_SignupDate", D),
            # Documented by Keap, never seeded (empty, so left out of answers):
            ("Address1Type", S), ("Address2Street1", S), ("Address2Street2", S),
            ("Address2Type", S), ("Address3Street1", S), ("Address3Street2", S),
            ("Address3Type", S), ("Anniversary", D), ("AssistantName", S), ("AssistantPhone", S),
            ("BillingInformation", S), ("City2", S), ("City3", S), ("AccountId", INT),
            ("ContactNotes", S), ("ContactType", S), ("Country2", S), ("Country3", S),
            ("CreatedBy", INT), ("Fax1", S), ("Fax1Type", S), ("Fax2", S), ("Fax2Type", S),
            ("LastUpdatedBy", INT), ("Leadsource", S), ("MiddleName", S), ("Nickname", S),
            ("Phone1Ext", S), ("Phone1Type", S), ("Phone2", S), ("Phone2Ext", S),
            ("Phone2Type", S), ("Phone3", S), ("Phone3Ext", S), ("Phone3Type", S), ("Phone4", S),
            ("Phone4Ext", S), ("Phone4Type", S), ("Phone5", S), ("Phone5Ext", S),
            ("Phone5Type", S), ("PostalCode2", S), ("PostalCode3", S), ("ReferralCode", S),
            ("SpouseName", S), ("State2", S), ("State3", S), ("StreetAddress1", S),
            ("StreetAddress2", S), ("Suffix", S), ("Title", S), ("Username", S), ("Validated", S),
            ("Website", S), ("ZipFour1", S), ("ZipFour2", S), ("ZipFour3", S),
        ]
    ),
    default_count=25,
    changed_field="JobTitle",
)  # fmt: skip
CONTACT_GROUP = TableSpec(
    "ContactGroup",
    _fields([("Id", INT), ("GroupName", S), ("GroupCategoryId", INT), ("GroupDescription", S)]),
    default_count=6,
)
# The contact columns a ContactGroupAssign row joins in, as `Contact.<field>` (Keap's list).
JOINED_CONTACT_FIELDS = (
    "Address1Type", "Address2Street1", "Address2Street2", "Address2Type", "Address3Street1",
    "Address3Street2", "Address3Type", "Anniversary", "AssistantName", "AssistantPhone",
    "BillingInformation", "Birthday", "City", "City2", "City3", "Company", "CompanyID",
    "ContactNotes", "ContactType", "Country", "Country2", "Country3", "CreatedBy", "CustomDate1",
    "CustomDate2", "CustomDate3", "CustomDate4", "CustomDate5", "CustomDbl1", "CustomDbl2",
    "CustomDbl3", "CustomDbl4", "CustomDbl5", "CustomField1", "CustomField10", "CustomField2",
    "CustomField3", "CustomField4", "CustomField5", "CustomField6", "CustomField7",
    "CustomField8", "CustomField9", "DateCreated", "Email", "EmailAddress2", "EmailAddress3",
    "Fax1", "Fax1Type", "Fax2", "Fax2Type", "FirstName", "Groups", "HTMLSignature", "Id",
    "JobTitle", "LastName", "LastUpdated", "LastUpdatedBy", "Leadsource", "MiddleName",
    "Nickname", "OwnerID", "Phone1", "Phone1Ext", "Phone1Type", "Phone2", "Phone2Ext",
    "Phone2Type", "Phone3", "Phone3Ext", "Phone3Type", "Phone4", "Phone4Ext", "Phone4Type",
    "Phone5", "Phone5Ext", "Phone5Type", "PostalCode", "PostalCode2", "PostalCode3",
    "ReferralCode", "Signature", "SpouseName", "State", "State2", "State3", "StreetAddress1",
    "StreetAddress2", "Suffix", "Title", "Website", "ZipFour1", "ZipFour2", "ZipFour3",
)  # fmt: skip
CONTACT_GROUP_ASSIGN = TableSpec(
    "ContactGroupAssign",
    _fields(
        [
            ("GroupId", INT), ("ContactGroup", S), ("ContactId", INT), ("DateCreated", DT),
            *(
                (f"Contact.{name}", CONTACT.by_name[name].kind if name in CONTACT.by_name else S)
                for name in JOINED_CONTACT_FIELDS  # legacy CustomField1… joins are text
            ),
        ]
    ),
    derived=True,
)  # fmt: skip
COMPANY = TableSpec(
    "Company",
    _fields(
        [
            ("Id", INT), ("Company", S), ("City", S), ("Email", S), ("Phone1", S),
            ("DateCreated", DT), ("LastUpdated", DT), ("_Industry", S),
            # Documented by Keap, never seeded (empty, so left out of answers):
            ("Address1Type", S), ("Address2Street1", S), ("Address2Street2", S),
            ("Address2Type", S), ("Address3Street1", S), ("Address3Street2", S),
            ("Address3Type", S), ("Anniversary", S), ("AssistantName", S), ("AssistantPhone", S),
            ("BillingInformation", S), ("Birthday", S), ("City2", S), ("City3", S),
            ("AccountId", INT), ("CompanyID", INT), ("ContactNotes", S), ("ContactType", S),
            ("Country", S), ("Country2", S), ("Country3", S), ("CreatedBy", S),
            ("EmailAddress2", S), ("EmailAddress3", S), ("Fax1", S), ("Fax1Type", S), ("Fax2", S),
            ("Fax2Type", S), ("FirstName", S), ("Groups", S), ("JobTitle", S), ("LastName", S),
            ("LastUpdatedBy", DT), ("MiddleName", S), ("Nickname", S), ("OwnerID", INT),
            ("Phone1Ext", S), ("Phone1Type", S), ("Phone2", S), ("Phone2Ext", S),
            ("Phone2Type", S), ("Phone3", S), ("Phone3Ext", S), ("Phone3Type", S), ("Phone4", S),
            ("Phone4Ext", S), ("Phone4Type", S), ("Phone5", S), ("Phone5Ext", S),
            ("Phone5Type", S), ("PostalCode", S), ("PostalCode2", S), ("PostalCode3", S),
            ("ReferralCode", S), ("SpouseName", S), ("State", S), ("State2", S), ("State3", S),
            ("StreetAddress1", S), ("StreetAddress2", S), ("Suffix", S), ("Title", S),
            ("Username", S), ("Validated", S), ("Website", S), ("ZipFour1", S), ("ZipFour2", S),
            ("ZipFour3", S),
        ]
    ),
    default_count=5,
    changed_field="Company",
)  # fmt: skip
AFFILIATE = TableSpec(
    "Affiliate",
    _fields(
        [
            ("Id", INT), ("ContactId", INT), ("AffCode", S), ("AffName", S), ("ParentId", INT),
            ("Status", INT), ("LeadAmt", DBL), ("SaleAmt", DBL), ("PayoutType", INT),
            # Documented by Keap, never seeded (empty, so left out of answers):
            ("LeadPercent", S), ("SalePercent", S), ("DefCommissionType", S), ("NotifyLead", S),
            ("NotifySale", S), ("LeadCookieFor", S),
        ]
    ),
    default_count=3,
)  # fmt: skip
PRODUCT = TableSpec(
    "Product",
    _fields(
        [
            ("Id", INT), ("ProductName", S), ("ProductPrice", DBL), ("Sku", S), ("Status", INT),
            ("Weight", DBL), ("Taxable", INT), ("InventoryLimit", INT),
            # Documented by Keap, never seeded (empty, so left out of answers):
            ("ShortDescription", S), ("IsPackage", INT), ("NeedsDigitalDelivery", INT),
            ("SubCategory", INT), ("Description", S), ("HideInStore", INT), ("TopHTML", S),
            ("BottomHTML", S), ("ShippingTime", S), ("LargeImage", S), ("InventoryNotifiee", S),
        ]
    ),
    default_count=5,
)  # fmt: skip
INVOICE = TableSpec(
    "Invoice",
    _fields(
        [
            ("Id", INT), ("ContactId", INT), ("JobId", INT), ("DateCreated", DT),
            ("InvoiceTotal", DBL), ("TotalPaid", DBL), ("TotalDue", DBL), ("PayStatus", INT),
            ("LastUpdated", DT),
            # Documented by Keap, never seeded (empty, so left out of answers):
            ("CreditStatus", S), ("RefundStatus", S), ("PayPlanStatus", S), ("AffiliateId", INT),
            ("LeadAffiliateId", INT), ("PromoCode", S), ("InvoiceType", S), ("Description", S),
            ("ProductSold", S), ("Synced", S),
        ]
    ),
    default_count=8,
)  # fmt: skip
LEAD = TableSpec(
    "Lead",
    _fields(
        [
            ("Id", INT), ("OpportunityTitle", S), ("ContactID", INT), ("StageID", INT),
            ("DateCreated", DT), ("LastUpdated", DT),
            # Documented by Keap, never seeded (empty, so left out of answers):
            ("AffiliateId", INT), ("UserID", INT), ("StatusID", INT), ("Leadsource", S),
            ("Objection", S), ("ProjectedRevenueLow", DBL), ("ProjectedRevenueHigh", DBL),
            ("OpportunityNotes", S), ("LastUpdatedBy", INT), ("CreatedBy", INT),
        ]
    ),
    default_count=5,
    changed_field="OpportunityTitle",
)  # fmt: skip
DATA_FORM_FIELD = TableSpec(
    "DataFormField",
    _fields(
        [
            ("Id", INT), ("FormId", INT), ("Name", S), ("Label", S), ("DataType", INT),
            ("GroupId", INT), ("DefaultValue", S), ("Values", S), ("ListRows", INT),
            # Documented by Keap, never seeded (empty, so left out of answers):
            ("UserGroup", INT),
        ]
    ),
)  # fmt: skip
SAVED_FILTER = TableSpec(
    "SavedFilter",
    _fields([("Id", INT), ("FilterName", S), ("ReportStoredName", S), ("UserId", INT)]),
)
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        CONTACT, CONTACT_GROUP, CONTACT_GROUP_ASSIGN, COMPANY, AFFILIATE, PRODUCT, INVOICE,
        LEAD, DATA_FORM_FIELD, SAVED_FILTER,
    )
}  # fmt: skip
SEEDABLE: dict[str, int] = {
    spec.name: spec.default_count for spec in TABLES.values() if spec.default_count is not None
}


def contact_group_assign(contacts: list[Row], groups: list[Row]) -> list[Row]:
    """One row per (contact, tag) in `Contact.Groups`, joined with the contact's fields."""
    names = {group[ID]: group["GroupName"] for group in groups}
    rows = []
    for contact in contacts:
        for text in str(contact.get("Groups") or "").split(","):
            if not text.strip().isdigit():
                continue
            group_id = int(text)
            created = contact.get(DATE_CREATED)
            row: Row = {
                "GroupId": group_id,
                "ContactGroup": names.get(group_id),
                "ContactId": contact[ID],
                DATE_CREATED: created,
            }
            for name in JOINED_CONTACT_FIELDS:
                row[f"Contact.{name}"] = contact.get(name)
            rows.append(row)
    return rows
