"""The one table of what this target writes: per stream, Keap's calls, bodies and look-ups.

Every row is an action of the seed's REST destination (COZYROC's Infusionsoft connection,
`002_701644ad8d73acd6.txt`) or one the issue adds (contact upsert, tags on contacts), shaped
by Keap's REST v1 OpenAPI ("Keap API v1.70.0.453309", republished by Ballerina:
ballerina-platform/openapi-connectors `openapi/keap/openapi.yml`; the operationId of each call
beside its row, its body's schema in `bodies.py`). The README's "Actions" and "Vendor
contract" tables list the same rows with their sources and what is assumed. Adding an action
is adding to a row here.

A record's `{name}` path parameters come from the record (`contact_id`, `order_id`, …); the
id of an update or a delete from `id_property`; the created record's id from `answer_id` in
Keap's answer.
"""

from __future__ import annotations

import enum
import re
import typing as t
from dataclasses import dataclass, field

from target_infusionsoft import bodies, rules
from target_infusionsoft.fields import Kind
from target_infusionsoft.lookups import Lookup, all_of, same, same_email, same_moment

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from target_infusionsoft.fields import Field
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


# Contacts by email address (listContacts: `email`), the names compared where the record
# has them; also how `contact_tags` finds the contacts of an address.
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
# Tags by name (listTags: `name`), compared exactly; also how `contact_tags` finds a tag it
# is given by name.
TAGS_BY_NAME = Lookup("/tags", "tags", all_of(same("name")), {"name": "name"}, needs=("name",))

RESOURCES: tuple[Resource, ...] = (
    # updateAccountInfo: PUT only (the seed's Base default would be PATCH); read first
    # (getAccountProfile) and merged, since what PUT replaces is undocumented.
    Resource(
        "account_profile",
        {UPDATE: Call("PUT", "/account/profile")},
        UPDATE,
        bodies.ACCOUNT_PROFILE,
        id_property=None,
        read_path="/account/profile",
    ),
    # createAffiliate; listAffiliates by `code`.
    Resource(
        "affiliates",
        {CREATE: Call("POST", "/affiliates")},
        CREATE,
        bodies.AFFILIATE,
        required=("code", "contact_id", "password"),
        lookup=Lookup("/affiliates", "affiliates", all_of(same("code")), {"code": "code"}),
    ),
    # createAppointment, updatePropertiesOnAppointment, deleteAppointment; listAppointments
    # by `contact_id`.
    Resource(
        "appointments",
        {
            CREATE: Call("POST", "/appointments"),
            UPDATE: Call("PATCH", "/appointments/{id}"),
            DELETE: Call("DELETE", "/appointments/{id}", readable=True),
        },
        CREATE,
        bodies.APPOINTMENT,
        required=("title", "start_date", "end_date"),
        lookup=Lookup(
            "/appointments",
            "appointments",
            all_of(same("title"), same_moment("start_date"), same("contact_id")),
            {"contact_id": "contact_id"},
            needs=("title", "start_date"),
        ),
    ),
    # addContactToCampaignSequence, removeContactFromCampaignSequence: no body, 204. Adding
    # twice is taken to be harmless; v1 cannot read sequence membership.
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
    # createCompany, updateCompanies; listCompanies by `company_name`.
    Resource(
        "companies",
        {CREATE: Call("POST", "/companies"), UPDATE: Call("PATCH", "/companies/{id}")},
        CREATE,
        bodies.COMPANY,
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
    # createContact, updatePropertiesOnContact, deleteContact, createOrUpdateContact (the
    # upsert); listContacts by `email`.
    Resource(
        "contacts",
        {
            CREATE: Call("POST", "/contacts"),
            UPDATE: Call("PATCH", "/contacts/{id}"),
            UPSERT: Call("PUT", "/contacts"),
            DELETE: Call("DELETE", "/contacts/{id}", readable=True),
        },
        UPSERT,
        bodies.CONTACT,
        rules={
            CREATE: (rules.reachable_contact, rules.country_with_region),
            UPSERT: (rules.email_to_match, rules.country_with_region),
            UPDATE: (rules.country_with_region,),
        },
        model_path="/contacts/model",
        lookup=CONTACTS_BY_EMAIL,
    ),
    # applyTagsToContactId {"tagIds": [...]}, 200 with a status per tag; removeTagsFromContact.
    # A tag is named by id or by name (found with listTags, created once if missing), a
    # contact by id or by email address (see tags.py).
    Resource(
        "contact_tags",
        {
            CREATE: Call("POST", "/contacts/{contact_id}/tags"),
            DELETE: Call("DELETE", "/contacts/{contact_id}/tags/{tag_id}"),
        },
        CREATE,
        bodies.CONTACT_TAG,
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
    # createOrder, deleteOrder ("an order that does not have a payment"); listOrders by
    # `contact_id`, read as Order {title, contact: {id}, order_date}.
    Resource(
        "orders",
        {CREATE: Call("POST", "/orders"), DELETE: Call("DELETE", "/orders/{id}", readable=True)},
        CREATE,
        bodies.ORDER,
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
    # createOrderItemsOnOrder, deleteOrderOrderItem; found among getOrder's `order_items`.
    Resource(
        "order_items",
        {
            CREATE: Call("POST", "/orders/{order_id}/items"),
            DELETE: Call("DELETE", "/orders/{order_id}/items/{id}"),
        },
        CREATE,
        bodies.ORDER_ITEM,
        required=("product_id", "quantity"),
        rules={CREATE: (rules.positive_quantities,)},
        lookup=Lookup(
            "/orders/{order_id}",
            None,
            all_of(same("product_id", "product.id"), same("quantity")),
            nested="order_items",
        ),
    ),
    # createPaymentOnOrder. No look-up: with charge_now a second attempt is a second charge,
    # so the journal alone decides.
    Resource(
        "order_payments",
        {CREATE: Call("POST", "/orders/{order_id}/payments")},
        CREATE,
        bodies.PAYMENT,
    ),
    # createSubscription; listSubscriptions by `contact_id`.
    Resource(
        "subscriptions",
        {CREATE: Call("POST", "/subscriptions")},
        CREATE,
        bodies.SUBSCRIPTION,
        required=("contact_id",),
        lookup=Lookup(
            "/subscriptions",
            "subscriptions",
            all_of(same("contact_id"), same("subscription_plan_id")),
            {"contact_id": "contact_id"},
        ),
    ),
    # createEmail, updateEmail (PUT, per the seed), deleteEmail; listEmails by `contact_id`
    # and `email`. The body carries a deterministic original_provider_id (see plan.py),
    # which the look-up compares.
    Resource(
        "emails",
        {
            CREATE: Call("POST", "/emails"),
            UPDATE: Call("PUT", "/emails/{id}", replaces=True),
            DELETE: Call("DELETE", "/emails/{id}", readable=True),
        },
        CREATE,
        bodies.EMAIL_RECORD,
        required=("sent_to_address",),
        lookup=Lookup(
            "/emails",
            "emails",
            all_of(same("original_provider_id"), same("sent_to_address")),
            {"contact_id": "contact_id", "email": "sent_to_address"},
            needs=("original_provider_id",),
        ),
    ),
    # createFile → FileInformation {file_descriptor: {id}}, updateFile (PUT, "Replace File"),
    # deleteFile; listFiles by `contact_id` and `name`.
    Resource(
        "files",
        {
            CREATE: Call("POST", "/files"),
            UPDATE: Call("PUT", "/files/{id}", replaces=True),
            DELETE: Call("DELETE", "/files/{id}", readable=True),
        },
        CREATE,
        bodies.FILE,
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
    # createNote, updatePropertiesOnNote, deleteNote; listNotes by `contact_id`.
    Resource(
        "notes",
        {
            CREATE: Call("POST", "/notes"),
            UPDATE: Call("PATCH", "/notes/{id}"),
            DELETE: Call("DELETE", "/notes/{id}", readable=True),
        },
        CREATE,
        bodies.NOTE,
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
    # createOpportunity, updatePropertiesOnOpportunity; listOpportunities by `user_id` and
    # `stage_id` (its `search_term` matches the contact, not the title).
    Resource(
        "opportunities",
        {CREATE: Call("POST", "/opportunities"), UPDATE: Call("PATCH", "/opportunities/{id}")},
        CREATE,
        bodies.OPPORTUNITY,
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
    # createProduct, updateProduct, deleteProduct; listProducts filters only on `active`: a
    # scan by name and sku.
    Resource(
        "products",
        {
            CREATE: Call("POST", "/products"),
            UPDATE: Call("PATCH", "/products/{id}"),
            DELETE: Call("DELETE", "/products/{id}", readable=True),
        },
        CREATE,
        bodies.PRODUCT,
        required=("product_name",),
        lookup=Lookup("/products", "products", all_of(same("product_name"), same("sku"))),
    ),
    # createProductSubscription, deleteProductSubscription (retrieveProductSubscription reads
    # one); found among retrieveProduct's `subscription_plans`.
    Resource(
        "product_subscriptions",
        {
            CREATE: Call("POST", "/products/{product_id}/subscriptions"),
            DELETE: Call("DELETE", "/products/{product_id}/subscriptions/{id}", readable=True),
        },
        CREATE,
        bodies.PRODUCT_SUBSCRIPTION,
        required=("cycle_type", "plan_price"),
        lookup=Lookup(
            "/products/{product_id}",
            None,
            all_of(same("cycle_type"), same("frequency"), same("plan_price")),
            nested="subscription_plans",
        ),
    ),
    # create_a_hook_subscription → RestHook {key}, update_a_hook_subscription (PUT),
    # delete_a_hook_subscription; list_stored_hook_subscriptions answers a bare array.
    Resource(
        "hooks",
        {
            CREATE: Call("POST", "/hooks"),
            UPDATE: Call("PUT", "/hooks/{key}", replaces=True),
            DELETE: Call("DELETE", "/hooks/{key}", readable=True),
        },
        CREATE,
        bodies.HOOK,
        required=("eventKey", "hookUrl"),
        id_property="key",
        answer_id="key",
        lookup=Lookup("/hooks", None, all_of(same("eventKey"), same("hookUrl"))),
    ),
    # createTag; listTags by `name`.
    Resource(
        "tags",
        {CREATE: Call("POST", "/tags")},
        CREATE,
        bodies.TAG,
        required=("name",),
        lookup=TAGS_BY_NAME,
    ),
    # createTask, updatePropertiesOnTask, deleteTask; listTasks by `contact_id`.
    Resource(
        "tasks",
        {
            CREATE: Call("POST", "/tasks"),
            UPDATE: Call("PATCH", "/tasks/{id}"),
            DELETE: Call("DELETE", "/tasks/{id}", readable=True),
        },
        CREATE,
        bodies.TASK,
        required=("title", "due_date"),
        lookup=Lookup(
            "/tasks",
            "tasks",
            all_of(same("title"), same_moment("due_date"), same("contact.id")),
            {"contact_id": "contact.id"},
            needs=("title",),
        ),
    ),
    # createUser (an invitation); listUsers has no email filter: a scan.
    Resource(
        "users",
        {CREATE: Call("POST", "/users")},
        CREATE,
        bodies.USER,
        required=("email", "given_name"),
        lookup=Lookup("/users", "users", all_of(same_email("email", "email_address"))),
    ),
)
BY_STREAM: dict[str, Resource] = {resource.stream: resource for resource in RESOURCES}
