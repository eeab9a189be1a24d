"""What each Keap write body may hold: its fields, their kinds, enums and required members.

Each table is the schema of the call's body in Keap's REST v1 OpenAPI (ballerina-platform/
openapi-connectors `openapi/keap/openapi.yml`, the schema's line beside it), written with the
constructors of `fields.py`. Which body a stream sends, and which of its fields a create
needs, is the resources table's (`resources.py`).
"""

from __future__ import annotations

import typing as t

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
    array_of,
    obj,
    one_of,
    reference,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

Body = t.Mapping[str, Field]

# Appointment and Task `remind_time`: Keap's reminder choices in minutes (6470, 8417).
REMIND_MINUTES = one_of(5, 10, 15, 30, 60, 120, 240, 480, 1440, 2880)
# CustomFieldValue (8350): [{"id": <the field's id>, "content": …}].
CUSTOM_FIELDS = array_of(obj(("id",), id=INTEGER, content=ANY))
_ADDRESS: Mapping[str, Field] = {
    "country_code": TEXT,
    "line1": TEXT,
    "line2": TEXT,
    "locality": TEXT,
    "region": TEXT,
    "zip_code": TEXT,
    "zip_four": TEXT,
}
# ContactAddress (7010).
_CONTACT_ADDRESS = obj(
    ("field",), field=one_of("BILLING", "SHIPPING", "OTHER"), postal_code=TEXT, **_ADDRESS
)

# AccountProfile (8252).
ACCOUNT_PROFILE: Body = {
    "address": _CONTACT_ADDRESS,
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
}
# CreateAffiliate (7705).
AFFILIATE: Body = {
    "code": TEXT,
    "contact_id": INTEGER,
    "name": TEXT,
    "notify_on_lead": BOOLEAN,
    "notify_on_sale": BOOLEAN,
    "parent_id": INTEGER,
    "password": TEXT,
    "status": one_of("active", "inactive"),
    "track_leads_for": INTEGER,
}
# Appointment (6470).
APPOINTMENT: Body = {
    "contact_id": INTEGER,
    "description": TEXT,
    "end_date": DATETIME,
    "location": TEXT,
    "remind_time": REMIND_MINUTES,
    "start_date": DATETIME,
    "title": TEXT,
    "user": INTEGER,
}
# CreateOrPatchCompany (6598).
COMPANY: Body = {
    "address": obj(**_ADDRESS),
    "company_name": TEXT,
    "custom_fields": CUSTOM_FIELDS,
    "email_address": EMAIL,
    "fax_number": obj(number=TEXT, type=TEXT),
    "notes": TEXT,
    "opt_in_reason": TEXT,
    "phone_number": obj(extension=TEXT, number=TEXT, type=TEXT),
    "website": TEXT,
}
# CreateOrPatchContact (8965); UpsertContact (9219) adds `duplicate_option`, a setting here.
CONTACT: Body = {
    "addresses": array_of(_CONTACT_ADDRESS),
    "anniversary": DATETIME,
    "birthday": DATETIME,
    "company": reference(),
    "contact_type": TEXT,
    "custom_fields": CUSTOM_FIELDS,
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
# Not a Keap body: what names a tag and its contact(s) in a `contact_tags` record; the target
# resolves them into TagId (10345) `{"tagIds": [id]}` and the call's path.
CONTACT_TAG: Body = {
    "contact_id": INTEGER,
    "contact_email": EMAIL,
    "tag_id": INTEGER,
    "tag_name": TEXT,
}
# CreateOrderItem (7074).
ORDER_ITEM: Body = {
    "description": TEXT,
    "price": TEXT,
    "product_id": INTEGER,
    "quantity": INTEGER,
}
# CreateOrder (8537), its shipping_address AddressInformation (7448).
ORDER: Body = {
    "contact_id": INTEGER,
    "lead_affiliate_id": INTEGER,
    "order_date": DATETIME,
    "order_items": array_of(obj(("product_id", "quantity"), **ORDER_ITEM)),
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
}
# CreatePayment (10022).
PAYMENT: Body = {
    "apply_to_commissions": BOOLEAN,
    "charge_now": BOOLEAN,
    "credit_card_id": INTEGER,
    "date": DATETIME,
    "notes": TEXT,
    "payment_amount": TEXT,
    "payment_gateway_id": TEXT,
    "payment_method_type": one_of("CREDIT_CARD", "CASH", "CHECK"),
}
# CreateSubscription (8653).
SUBSCRIPTION: Body = {
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
}
# EmailSentCreate (7986).
EMAIL_RECORD: Body = {
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
# FileUpload (9886).
FILE: Body = {
    "contact_id": INTEGER,
    "file_association": one_of("CONTACT", "USER", "COMPANY"),
    "file_data": TEXT,
    "file_name": TEXT,
    "is_public": BOOLEAN,
}
# RequestNote (10241) and UpdateNote (7556).
NOTE: Body = {
    "body": TEXT,
    "contact_id": INTEGER,
    "title": TEXT,
    "type": one_of("Appointment", "Call", "Email", "Fax", "Letter", "Other"),
    "user_id": INTEGER,
}
# Opportunity (9804), without what Keap sets itself (id, date_created, last_updated).
OPPORTUNITY: Body = {
    "affiliate_id": INTEGER,
    "contact": reference(),
    "custom_fields": CUSTOM_FIELDS,
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
}
# CreateProduct (7094).
PRODUCT: Body = {
    "active": BOOLEAN,
    "product_desc": TEXT,
    "product_name": TEXT,
    "product_price": NUMBER,
    "product_short_desc": TEXT,
    "sku": TEXT,
    "subscription_only": BOOLEAN,
}
# CreateProductSubscription (9678).
PRODUCT_SUBSCRIPTION: Body = {
    "active": BOOLEAN,
    "cycle_type": one_of("YEAR", "MONTH", "WEEK", "DAY"),
    "frequency": INTEGER,
    "number_of_cycles": INTEGER,
    "plan_price": NUMBER,
    "subscription_plan_index": INTEGER,
}
# RestHookRequest (9629).
HOOK: Body = {"eventKey": TEXT, "hookUrl": TEXT}
# CreateTag (9538).
TAG: Body = {"category": reference(), "description": TEXT, "name": TEXT}
# Task (8417), without what Keap sets itself (creation_date, modification_date).
TASK: Body = {
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
}
# CreateUser (7926).
USER: Body = {"admin": BOOLEAN, "email": EMAIL, "given_name": TEXT, "partner": BOOLEAN}
