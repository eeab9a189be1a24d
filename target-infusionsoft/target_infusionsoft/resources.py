"""The one table of what this target writes: per stream, Keap's calls, bodies and look-ups.

Every row is an action of the seed's REST destination (COZYROC's Infusionsoft connection,
`002_701644ad8d73acd6.txt`) or one the issue adds (contact upsert, tags on contacts), shaped
by Keap's REST v1 OpenAPI ("Keap API v1.70.0.453309", republished by Ballerina:
ballerina-platform/openapi-connectors `openapi/keap/openapi.yml`, line of the operation
beside each row). The README's "Actions" and "Vendor contract" tables list the same rows with
their sources and what is assumed. Adding an action is adding to a row here.

A record's `{name}` path parameters come from the record (`contact_id`, `order_id`, …); the
id of an update or a delete from `id_property`; the created record's id from `answer_id` in
Keap's answer.
"""

from __future__ import annotations

import enum
import re
import typing as t
from dataclasses import dataclass, field

from target_infusionsoft import rules
from target_infusionsoft.fields import (
    ANY,
    BOOLEAN,
    DATE,
    DATETIME,
    EMAIL,
    INTEGER,
    NUMBER,
    TEXT,
    Field,
    Kind,
    array_of,
    obj,
    one_of,
    reference,
)
from target_infusionsoft.lookups import Lookup, all_of, same, same_email, same_moment

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from target_infusionsoft.rules import Rule


class Operation(enum.Enum):
    """What a record asks of Keap."""

    CREATE = "create"
    UPDATE = "update"
    UPSERT = "upsert"
    DELETE = "delete"


CREATE, UPDATE, UPSERT, DELETE = Operation
_PATH_PARAMETER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Call:
    """One Keap call: its method and path (with `{name}` parameters from the record).

    `replaces`: the call replaces the whole record (`PUT /emails/{id}`), so the body needs
    what a create needs. `readable`: `GET` on the same path answers the record (404 once it
    is deleted), which tells whether a delete whose answer was lost was applied.
    """

    method: str
    path: str
    replaces: bool = False
    readable: bool = False

    @property
    def parameters(self) -> tuple[str, ...]:
        """The record properties the path is built from, in order."""
        return tuple(_PATH_PARAMETER.findall(self.path))


@dataclass(frozen=True)
class Resource:
    """How one stream's records are written to Keap.

    Attributes:
        stream: The stream's name (Keap's resource).
        calls: The call of each operation the resource allows.
        default: The operation when `stream_operations` names none for the stream.
        fields: What a body may hold (anything else a record carries is not sent).
        required: Fields a create (or a replacing update) must hold.
        rules: Requirements spanning fields, per operation they apply to.
        id_property: The record property holding Keap's id of the record (updates,
            deletes); None for a record without one (a singleton, a membership).
        answer_id: Where Keap's answer to a create puts the new record's id (a dotted path).
        model_path: The `/model` naming the custom fields a body may carry (`custom_<name>`
            properties); None: Keap v1 writes no custom fields of this resource.
        lookup: How to find a created record whose answer was lost; None: there is no way.
        repeatable: Creating twice does no harm (Keap answers DUPLICATE, or adds a contact
            to a sequence again), so creates are neither journaled nor looked up.
        read_path: Read and merged into before an update replaces it (a singleton).
    """

    stream: str
    calls: Mapping[Operation, Call]
    default: Operation
    fields: Mapping[str, Field]
    required: tuple[str, ...] = ()
    rules: Mapping[Operation, tuple[Rule, ...]] = field(default_factory=dict)
    id_property: str | None = "id"
    answer_id: str = "id"
    model_path: str | None = None
    lookup: Lookup | None = None
    repeatable: bool = False
    read_path: str | None = None

    @property
    def operations(self) -> tuple[Operation, ...]:
        """The operations the resource allows, in the enum's order."""
        return tuple(operation for operation in Operation if operation in self.calls)

    @property
    def id_kind(self) -> Kind:
        """Keap's ids are whole numbers, but for REST hooks' `key`."""
        return Kind.TEXT if self.id_property == "key" else Kind.INTEGER


# Keap's reminder choices in minutes (Appointment and Task `remind_time`, lines 6470, 8417).
REMIND_MINUTES = one_of(5, 10, 15, 30, 60, 120, 240, 480, 1440, 2880)
# Keap's custom field values: [{"id": <the field's id>, "content": …}] (CustomFieldValue, 8350).
_CUSTOM_FIELDS = array_of(obj(("id",), id=INTEGER, content=ANY))
_ADDRESS = {
    "country_code": TEXT,
    "line1": TEXT,
    "line2": TEXT,
    "locality": TEXT,
    "region": TEXT,
    "zip_code": TEXT,
    "zip_four": TEXT,
}
_CONTACT_FIELDS: dict[str, Field] = {
    "addresses": array_of(
        obj(
            ("field",),
            field=one_of("BILLING", "SHIPPING", "OTHER"),
            postal_code=TEXT,
            **_ADDRESS,
        )
    ),
    "anniversary": DATETIME,
    "birthday": DATETIME,
    "company": reference(),
    "contact_type": TEXT,
    "custom_fields": _CUSTOM_FIELDS,
    "email_addresses": array_of(
        obj(("email", "field"), email=EMAIL, field=one_of("EMAIL1", "EMAIL2", "EMAIL3"))
    ),
    "family_name": TEXT,
    "fax_numbers": array_of(obj(("field",), field=one_of("FAX1", "FAX2"), number=TEXT, type=TEXT)),
    "given_name": TEXT,
    "job_title": TEXT,
    "lead_source_id": INTEGER,
    "middle_name": TEXT,
    "opt_in_reason": TEXT,
    "origin": obj(("ip_address",), ip_address=TEXT),
    "owner_id": INTEGER,
    "phone_numbers": array_of(
        obj(
            ("field",),
            field=one_of("PHONE1", "PHONE2", "PHONE3", "PHONE4", "PHONE5"),
            number=TEXT,
            extension=TEXT,
            type=TEXT,
        )
    ),
    "preferred_locale": TEXT,
    "preferred_name": TEXT,
    "prefix": TEXT,
    "social_accounts": array_of(
        obj(
            name=TEXT,
            type=one_of(
                "Facebook", "Twitter", "LinkedIn", "Instagram", "Snapchat", "YouTube", "Pinterest"
            ),
        )
    ),
    "source_type": one_of(
        "APPOINTMENT",
        "FORMAPIHOSTED",
        "FORMAPIINTERNAL",
        "WEBFORM",
        "INTERNALFORM",
        "LANDINGPAGE",
        "IMPORT",
        "MANUAL",
        "API",
        "OTHER",
        "UNKNOWN",
    ),
    "spouse_name": TEXT,
    "suffix": TEXT,
    "time_zone": TEXT,
    "website": TEXT,
}
_EMAIL_RECORD_FIELDS: dict[str, Field] = {
    "clicked_date": DATETIME,
    "contact_id": INTEGER,
    "headers": TEXT,
    "html_content": TEXT,
    "opened_date": DATETIME,
    "original_provider": one_of("UNKNOWN", "INFUSIONSOFT", "MICROSOFT", "GOOGLE"),
    "original_provider_id": TEXT,
    "plain_content": TEXT,
    "provider_source_id": TEXT,
    "received_date": DATETIME,
    "sent_date": DATETIME,
    "sent_from_address": TEXT,
    "sent_from_reply_address": TEXT,
    "sent_to_address": EMAIL,
    "sent_to_bcc_addresses": TEXT,
    "sent_to_cc_addresses": TEXT,
    "subject": TEXT,
}
_NOTE_TYPES = one_of("Appointment", "Call", "Email", "Fax", "Letter", "Other")

# Contacts by email address (listContactsUsingGET, line 1712: `email`), the names compared
# where the record has them; also how `contact_tags` finds the contacts of an address.
CONTACTS_BY_EMAIL = Lookup(
    "/contacts",
    "contacts",
    all_of(
        same_email("email_addresses.0.email", "email_addresses[].email"),
        same("given_name"),
        same("family_name"),
    ),
    {"email": "email_addresses.0.email"},
    needs=("email_addresses.0.email",),
)
# Tags by name (listTagsUsingGET, line 5404: `name`), compared exactly; also how
# `contact_tags` finds a tag it is given by name.
TAGS_BY_NAME = Lookup("/tags", "tags", all_of(same("name")), {"name": "name"}, needs=("name",))

RESOURCES: tuple[Resource, ...] = (
    # updateAccountInfoUsingPUT (line 97): PUT only; read first and merged (assumed 12).
    Resource(
        "account_profile",
        {UPDATE: Call("PUT", "/account/profile")},
        UPDATE,
        {
            "address": obj(
                ("field",),
                field=one_of("BILLING", "SHIPPING", "OTHER"),
                postal_code=TEXT,
                **_ADDRESS,
            ),
            "business_goals": array_of(TEXT),
            "business_primary_color": TEXT,
            "business_secondary_color": TEXT,
            "business_type": TEXT,
            "currency_code": TEXT,
            "email": EMAIL,
            "language_tag": TEXT,
            "logo_url": TEXT,
            "name": TEXT,
            "phone": TEXT,
            "phone_ext": TEXT,
            "time_zone": TEXT,
            "website": TEXT,
        },
        id_property=None,
        read_path="/account/profile",
    ),
    # createAffiliateUsingPOST (line 230), CreateAffiliate (7705); list by code (137).
    Resource(
        "affiliates",
        {CREATE: Call("POST", "/affiliates")},
        CREATE,
        {
            "code": TEXT,
            "contact_id": INTEGER,
            "name": TEXT,
            "notify_on_lead": BOOLEAN,
            "notify_on_sale": BOOLEAN,
            "parent_id": INTEGER,
            "password": TEXT,
            "status": one_of("active", "inactive"),
            "track_leads_for": INTEGER,
        },
        required=("code", "contact_id", "password"),
        lookup=Lookup("/affiliates", "affiliates", all_of(same("code")), {"code": "code"}),
    ),
    # createAppointmentUsingPOST (743), updatePropertiesOnAppointmentUsingPATCH (968),
    # deleteAppointmentUsingDELETE (932); Appointment (6470).
    Resource(
        "appointments",
        {
            CREATE: Call("POST", "/appointments"),
            UPDATE: Call("PATCH", "/appointments/{id}"),
            DELETE: Call("DELETE", "/appointments/{id}", readable=True),
        },
        CREATE,
        {
            "contact_id": INTEGER,
            "description": TEXT,
            "end_date": DATETIME,
            "location": TEXT,
            "remind_time": REMIND_MINUTES,
            "start_date": DATETIME,
            "title": TEXT,
            "user": INTEGER,
        },
        required=("title", "start_date", "end_date"),
        lookup=Lookup(
            "/appointments",
            "appointments",
            all_of(same("title"), same_moment("start_date"), same("contact_id")),
            {"contact_id": "contact_id"},
            needs=("title", "start_date"),
        ),
    ),
    # addContactToCampaignSequenceUsingPOST (1288), removeContactFromCampaignSequenceUsingDELETE
    # (1332): no body, 204. Adding twice is taken to be harmless (assumed 11).
    Resource(
        "campaign_sequence_contacts",
        {
            CREATE: Call(
                "POST", "/campaigns/{campaign_id}/sequences/{sequence_id}/contacts/{contact_id}"
            ),
            DELETE: Call(
                "DELETE", "/campaigns/{campaign_id}/sequences/{sequence_id}/contacts/{contact_id}"
            ),
        },
        CREATE,
        {},
        id_property=None,
        repeatable=True,
    ),
    # createCompanyUsingPOST (1461), updateCompanyUsingPATCH (1590), CreateOrPatchCompany
    # (8371); list by company_name (1383).
    Resource(
        "companies",
        {CREATE: Call("POST", "/companies"), UPDATE: Call("PATCH", "/companies/{id}")},
        CREATE,
        {
            "address": obj(**_ADDRESS),
            "company_name": TEXT,
            "custom_fields": _CUSTOM_FIELDS,
            "email_address": EMAIL,
            "fax_number": obj(number=TEXT, type=TEXT),
            "notes": TEXT,
            "opt_in_reason": TEXT,
            "phone_number": obj(extension=TEXT, number=TEXT, type=TEXT),
            "website": TEXT,
        },
        required=("company_name",),
        rules={op: (rules.country_with_region,) for op in (CREATE, UPDATE)},
        model_path="/companies/model",
        lookup=Lookup(
            "/companies",
            "companies",
            all_of(same("company_name")),
            {"company_name": "company_name"},
            needs=("company_name",),
        ),
    ),
    # createContactUsingPOST (1865), updatePropertiesOnContactUsingPATCH (2019),
    # deleteContactUsingDELETE (1983), createOrUpdateContactUsingPUT (1811, the upsert);
    # CreateOrPatchContact (8965), UpsertContact (9219); list by email (1712).
    Resource(
        "contacts",
        {
            CREATE: Call("POST", "/contacts"),
            UPDATE: Call("PATCH", "/contacts/{id}"),
            UPSERT: Call("PUT", "/contacts"),
            DELETE: Call("DELETE", "/contacts/{id}", readable=True),
        },
        UPSERT,
        _CONTACT_FIELDS,
        rules={
            CREATE: (rules.reachable_contact, rules.country_with_region),
            UPSERT: (rules.email_to_match, rules.country_with_region),
            UPDATE: (rules.country_with_region,),
        },
        model_path="/contacts/model",
        lookup=CONTACTS_BY_EMAIL,
    ),
    # applyTagsToContactIdUsingPOST (2350) {"tagIds": [...]}, 200 with a status per tag;
    # removeTagsFromContactUsingDELETE_1 (2438). A tag is named by id or by name (found with
    # GET /tags?name=, created once if missing); a contact by id or by email address.
    Resource(
        "contact_tags",
        {
            CREATE: Call("POST", "/contacts/{contact_id}/tags"),
            DELETE: Call("DELETE", "/contacts/{contact_id}/tags/{tag_id}"),
        },
        CREATE,
        {
            "contact_id": INTEGER,
            "contact_email": EMAIL,
            "tag_id": INTEGER,
            "tag_name": TEXT,
        },
        rules={
            op: (
                rules.identified("contact_id", "contact_email"),
                rules.identified("tag_id", "tag_name"),
            )
            for op in (CREATE, DELETE)
        },
        id_property=None,
        repeatable=True,
    ),
    # createOrderUsingPOST (4294), deleteOrderUsingDELETE (4402); CreateOrder (8537);
    # list by contact_id (4210), read as Order {title, contact: {id}, order_date}.
    Resource(
        "orders",
        {CREATE: Call("POST", "/orders"), DELETE: Call("DELETE", "/orders/{id}", readable=True)},
        CREATE,
        {
            "contact_id": INTEGER,
            "lead_affiliate_id": INTEGER,
            "order_date": DATETIME,
            "order_items": array_of(
                obj(
                    ("product_id", "quantity"),
                    description=TEXT,
                    price=TEXT,
                    product_id=INTEGER,
                    quantity=INTEGER,
                )
            ),
            "order_title": TEXT,
            "order_type": one_of("Online", "Offline"),
            "promo_codes": array_of(TEXT),
            "sales_affiliate_id": INTEGER,
            "shipping_address": obj(
                company=TEXT,
                first_name=TEXT,
                middle_name=TEXT,
                last_name=TEXT,
                phone=TEXT,
                is_invoice_to_company=BOOLEAN,
                **_ADDRESS,
            ),
        },
        required=("contact_id", "order_date", "order_items", "order_title", "order_type"),
        rules={CREATE: (rules.positive_quantities,)},
        lookup=Lookup(
            "/orders",
            "orders",
            all_of(
                same("order_title", "title"),
                same("contact_id", "contact.id"),
                same_moment("order_date"),
            ),
            {"contact_id": "contact_id"},
            needs=("order_title", "contact_id"),
        ),
    ),
    # createOrderItemsOnOrderUsingPOST (4439), deleteOrderItemsOnOrderUsingDELETE (4481);
    # found among GET /orders/{id} `order_items` (4360).
    Resource(
        "order_items",
        {
            CREATE: Call("POST", "/orders/{order_id}/items"),
            DELETE: Call("DELETE", "/orders/{order_id}/items/{id}"),
        },
        CREATE,
        {"description": TEXT, "price": TEXT, "product_id": INTEGER, "quantity": INTEGER},
        required=("product_id", "quantity"),
        rules={CREATE: (rules.positive_quantities,)},
        lookup=Lookup(
            "/orders/{order_id}",
            None,
            all_of(same("product_id", "product.id"), same("quantity")),
            nested="order_items",
        ),
    ),
    # createPaymentOnOrderUsingPOST (4615), CreatePayment (10022). No look-up: with
    # charge_now a second attempt is a second charge, so the journal alone decides.
    Resource(
        "order_payments",
        {CREATE: Call("POST", "/orders/{order_id}/payments")},
        CREATE,
        {
            "apply_to_commissions": BOOLEAN,
            "charge_now": BOOLEAN,
            "credit_card_id": INTEGER,
            "date": DATETIME,
            "notes": TEXT,
            "payment_amount": TEXT,
            "payment_gateway_id": TEXT,
            "payment_method_type": one_of("CREDIT_CARD", "CASH", "CHECK"),
        },
    ),
    # createSubscriptionUsingPOST (5337), CreateSubscription (8653); list by contact_id (5286).
    Resource(
        "subscriptions",
        {CREATE: Call("POST", "/subscriptions")},
        CREATE,
        {
            "allow_duplicate": BOOLEAN,
            "allow_tax": BOOLEAN,
            "auto_charge": BOOLEAN,
            "billing_amount": NUMBER,
            "contact_id": INTEGER,
            "credit_card_id": INTEGER,
            "first_bill_date": DATE,
            "payment_gateway_id": INTEGER,
            "quantity": INTEGER,
            "sale_affiliate_id": INTEGER,
            "subscription_plan_id": INTEGER,
        },
        required=("contact_id",),
        lookup=Lookup(
            "/subscriptions",
            "subscriptions",
            all_of(same("contact_id"), same("subscription_plan_id")),
            {"contact_id": "contact_id"},
        ),
    ),
    # createEmailUsingPOST (2618), updateEmailUsingPUT (2793), deleteEmailUsingDELETE (2841);
    # EmailSentCreate (7986); list by contact_id and email (2542). The body carries a
    # deterministic original_provider_id (see plan.py), which the look-up compares.
    Resource(
        "emails",
        {
            CREATE: Call("POST", "/emails"),
            UPDATE: Call("PUT", "/emails/{id}", replaces=True),
            DELETE: Call("DELETE", "/emails/{id}", readable=True),
        },
        CREATE,
        _EMAIL_RECORD_FIELDS,
        required=("sent_to_address",),
        lookup=Lookup(
            "/emails",
            "emails",
            all_of(same("original_provider_id"), same("sent_to_address")),
            {"contact_id": "contact_id", "email": "sent_to_address"},
            needs=("original_provider_id",),
        ),
    ),
    # createFileUsingPOST (2976) → FileInformation {file_descriptor: {id}}; updateFileUsingPUT
    # (3061), deleteFileUsingDELETE (3109); FileUpload (9886); list by contact_id, name (2878).
    Resource(
        "files",
        {
            CREATE: Call("POST", "/files"),
            UPDATE: Call("PUT", "/files/{id}", replaces=True),
            DELETE: Call("DELETE", "/files/{id}", readable=True),
        },
        CREATE,
        {
            "contact_id": INTEGER,
            "file_association": one_of("CONTACT", "USER", "COMPANY"),
            "file_data": TEXT,
            "file_name": TEXT,
            "is_public": BOOLEAN,
        },
        required=("file_name", "file_data", "is_public", "file_association"),
        rules={op: (rules.contact_for_contact_files,) for op in (CREATE, UPDATE)},
        answer_id="file_descriptor.id",
        lookup=Lookup(
            "/files",
            "files",
            all_of(same("file_name"), same("contact_id")),
            {"contact_id": "contact_id", "name": "file_name"},
            needs=("file_name",),
        ),
    ),
    # createNoteUsingPOST (3639), updatePropertiesOnNoteUsingPATCH (3816),
    # deleteNoteUsingDELETE (3780); RequestNote (10241), UpdateNote (7556); list (3583).
    Resource(
        "notes",
        {
            CREATE: Call("POST", "/notes"),
            UPDATE: Call("PATCH", "/notes/{id}"),
            DELETE: Call("DELETE", "/notes/{id}", readable=True),
        },
        CREATE,
        {
            "body": TEXT,
            "contact_id": INTEGER,
            "title": TEXT,
            "type": _NOTE_TYPES,
            "user_id": INTEGER,
        },
        required=("contact_id",),
        rules={CREATE: (rules.title_or_body,)},
        lookup=Lookup(
            "/notes",
            "notes",
            all_of(same("contact_id"), same("title"), same("body")),
            {"contact_id": "contact_id"},
            needs=("contact_id",),
        ),
    ),
    # createOpportunityUsingPOST (4012), updatePropertiesOnOpportunityUsingPATCH (4128);
    # Opportunity (9804); list by user_id and stage_id (3897).
    Resource(
        "opportunities",
        {CREATE: Call("POST", "/opportunities"), UPDATE: Call("PATCH", "/opportunities/{id}")},
        CREATE,
        {
            "affiliate_id": INTEGER,
            "contact": reference(),
            "custom_fields": _CUSTOM_FIELDS,
            "estimated_close_date": DATETIME,
            "include_in_forecast": INTEGER,
            "next_action_date": DATETIME,
            "next_action_notes": TEXT,
            "opportunity_notes": TEXT,
            "opportunity_title": TEXT,
            "projected_revenue_high": NUMBER,
            "projected_revenue_low": NUMBER,
            "stage": reference(),
            "user": reference(),
        },
        required=("opportunity_title", "contact", "stage"),
        model_path="/opportunities/model",
        lookup=Lookup(
            "/opportunities",
            "opportunities",
            all_of(same("opportunity_title"), same("contact.id")),
            {"user_id": "user.id", "stage_id": "stage.id"},
            needs=("opportunity_title",),
        ),
    ),
    # createProductUsingPOST (4776), updateProductUsingPATCH (4937), deleteProductUsingDELETE
    # (4901); CreateProduct (7094). The list filters only on `active`: a scan by sku or name.
    Resource(
        "products",
        {
            CREATE: Call("POST", "/products"),
            UPDATE: Call("PATCH", "/products/{id}"),
            DELETE: Call("DELETE", "/products/{id}", readable=True),
        },
        CREATE,
        {
            "active": BOOLEAN,
            "product_desc": TEXT,
            "product_name": TEXT,
            "product_price": NUMBER,
            "product_short_desc": TEXT,
            "sku": TEXT,
            "subscription_only": BOOLEAN,
        },
        required=("product_name",),
        lookup=Lookup("/products", "products", all_of(same("product_name"), same("sku"))),
    ),
    # createProductSubscriptionUsingPOST (5059), deleteProductSubscriptionUsingDELETE (5146);
    # CreateProductSubscription (9678); found among GET /products/{id} subscription_plans.
    Resource(
        "product_subscriptions",
        {
            CREATE: Call("POST", "/products/{product_id}/subscriptions"),
            DELETE: Call("DELETE", "/products/{product_id}/subscriptions/{id}"),
        },
        CREATE,
        {
            "active": BOOLEAN,
            "cycle_type": one_of("YEAR", "MONTH", "WEEK", "DAY"),
            "frequency": INTEGER,
            "number_of_cycles": INTEGER,
            "plan_price": NUMBER,
            "subscription_plan_index": INTEGER,
        },
        required=("cycle_type", "plan_price"),
        lookup=Lookup(
            "/products/{product_id}",
            None,
            all_of(same("cycle_type"), same("frequency"), same("plan_price")),
            nested="subscription_plans",
        ),
    ),
    # createAHookUsingPOST (3179) → RestHook {key}; updateAHookUsingPUT (3310),
    # deleteHookSubscriptionUsingDELETE (3356); RestHookRequest (9629); GET /hooks: a bare
    # array (3146).
    Resource(
        "hooks",
        {
            CREATE: Call("POST", "/hooks"),
            UPDATE: Call("PUT", "/hooks/{key}", replaces=True),
            DELETE: Call("DELETE", "/hooks/{key}", readable=True),
        },
        CREATE,
        {"eventKey": TEXT, "hookUrl": TEXT},
        required=("eventKey", "hookUrl"),
        id_property="key",
        answer_id="key",
        lookup=Lookup("/hooks", None, all_of(same("eventKey"), same("hookUrl"))),
    ),
    # createTagUsingPOST (5459), CreateTag (9538); list by name (5404).
    Resource(
        "tags",
        {CREATE: Call("POST", "/tags")},
        CREATE,
        {"category": reference(), "description": TEXT, "name": TEXT},
        required=("name",),
        lookup=TAGS_BY_NAME,
    ),
    # createTaskUsingPOST (5886), updatePropertiesOnTaskUsingPATCH (6191),
    # deleteTaskUsingDELETE (6156); Task (8417); list by contact_id (5805).
    Resource(
        "tasks",
        {
            CREATE: Call("POST", "/tasks"),
            UPDATE: Call("PATCH", "/tasks/{id}"),
            DELETE: Call("DELETE", "/tasks/{id}", readable=True),
        },
        CREATE,
        {
            "completed": BOOLEAN,
            "completion_date": DATETIME,
            "contact": reference(),
            "description": TEXT,
            "due_date": DATETIME,
            "priority": INTEGER,
            "remind_time": REMIND_MINUTES,
            "title": TEXT,
            "type": TEXT,
            "url": TEXT,
            "user_id": INTEGER,
        },
        required=("title", "due_date"),
        lookup=Lookup(
            "/tasks",
            "tasks",
            all_of(same("title"), same_moment("due_date"), same("contact.id")),
            {"contact_id": "contact.id"},
            needs=("title",),
        ),
    ),
    # createUserUsingPOST (6393), CreateUser (7926); the list has no email filter (6339).
    Resource(
        "users",
        {CREATE: Call("POST", "/users")},
        CREATE,
        {"admin": BOOLEAN, "email": EMAIL, "given_name": TEXT, "partner": BOOLEAN},
        required=("email", "given_name"),
        lookup=Lookup("/users", "users", all_of(same_email("email", "email_address"))),
    ),
)
BY_STREAM: dict[str, Resource] = {resource.stream: resource for resource in RESOURCES}
