"""Keap resources: records, custom fields, models, single objects, arrays, maps, 404s."""

from __future__ import annotations

import pytest

from vendor_sandbox.keap.customfields import FIELD_TYPES
from vendor_sandbox.keap.resources import RESOURCES

CONTACT_FIELDS = {
    "id", "given_name", "family_name", "middle_name", "email_addresses", "email_opted_in",
    "email_status", "phone_numbers", "addresses", "company", "date_created", "last_updated",
    "owner_id", "lead_source_id", "tag_ids", "job_title", "contact_type", "source_type",
    "ScoreValue", "preferred_locale", "time_zone", "website", "birthday", "anniversary",
}  # fmt: skip


@pytest.mark.parametrize("spec", RESOURCES, ids=lambda spec: spec.key)
def test_every_resource_lists_its_default_seed(keap_api, spec):
    body = keap_api.get(spec.path)

    assert body["count"] == spec.default_count
    records = body[spec.key]
    assert [record[spec.id_field] for record in records] == list(range(1, spec.default_count + 1))
    if spec.single:
        assert keap_api.get(f"{spec.path}/2")[spec.id_field] == 2


def test_contact_fields_follow_keap(keap_api):
    contact = keap_api.get("/contacts")["contacts"][0]

    assert set(contact) >= CONTACT_FIELDS
    assert "custom_fields" not in contact
    assert contact["email_addresses"] == [{"email": "contact1@example.com", "field": "EMAIL1"}]
    assert set(contact["phone_numbers"][0]) == {"number", "field", "type", "extension"}
    assert set(contact["addresses"][0]) == {
        "line1", "line2", "locality", "region", "postal_code", "zip_code", "zip_four",
        "country_code", "field",
    }  # fmt: skip
    assert contact["company"] == {"id": 1, "company_name": "Acme 1"}
    assert contact["date_created"].endswith(".000Z")


def test_custom_fields_only_when_asked_for_on_contacts_and_companies(keap_api):
    with_fields = keap_api.get("/contacts", optional_properties="custom_fields,notes")
    company = keap_api.get("/companies/1", optional_properties="custom_fields")

    values = with_fields["contacts"][1]["custom_fields"]
    assert [(v["id"], v["content"]) for v in values] == [
        (10, "Favourite colour 2"), (11, 1), (12, 9.99), (13, "2026-01-01"), (14, False),
        (15, "b"),
    ]  # fmt: skip
    assert [v["id"] for v in company["custom_fields"]] == [20, 21, 22, 23, 24, 25]


def test_orders_always_carry_custom_fields(keap_api):
    order = keap_api.get("/orders/1")

    assert [v["id"] for v in order["custom_fields"]] == [40, 41, 42, 43, 44, 45]
    item = order["order_items"][0]
    assert set(item["product"]) == {"id", "name", "sku", "description", "shippable", "taxable"}


def test_the_opportunity_list_never_carries_custom_fields(keap_api):
    """Keap's listOpportunities takes no optional_properties: the parameter is ignored."""
    plain = keap_api.get("/opportunities")
    asked = keap_api.get("/opportunities", optional_properties="custom_fields")

    assert asked["opportunities"] == plain["opportunities"]
    assert all("custom_fields" not in o for o in asked["opportunities"])
    assert set(asked["opportunities"][0]["stage"]) == {"id", "name", "details", "reasons"}


def test_one_opportunity_carries_custom_fields_when_asked(keap_api):
    asked = keap_api.get("/opportunities/1", optional_properties="custom_fields")
    plain = keap_api.get("/opportunities/1")

    assert [v["id"] for v in asked["custom_fields"]] == [30, 31, 32, 33, 34, 35]
    assert asked["custom_fields"][0]["content"] == "Favourite colour 1"
    assert "custom_fields" not in plain


@pytest.mark.parametrize(
    ("model", "record_type"),
    [
        ("contacts", "CONTACT"),
        ("companies", "COMPANY"),
        ("opportunities", "OPPORTUNITY"),
        ("orders", "ORDER"),
    ],
)
def test_models_describe_the_default_custom_fields(keap_api, model, record_type):
    body = keap_api.get(f"/{model}/model")

    fields = body["custom_fields"]
    assert [f["field_type"] for f in fields] == [
        "Text", "WholeNumber", "Currency", "Date", "YesNo", "Dropdown",
    ]  # fmt: skip
    assert {f["record_type"] for f in fields} == {record_type}
    assert fields[0]["label"] == "Favourite colour"
    assert fields[0]["field_name"] == "FavouriteColour"
    assert fields[5]["options"][0] == {"id": "a", "label": "A"}
    assert "custom_fields" in body["optional_properties"]


def test_control_replaces_a_models_custom_fields(keap_api, keap):
    keap.custom_fields(
        contacts=[
            {"label": "Shoe size", "field_type": "DecimalNumber", "id": 77},
            {"label": "Hobbies", "field_type": "ListBox"},
        ]
    )

    model = keap_api.get("/contacts/model")["custom_fields"]
    contact = keap_api.get("/contacts/1", optional_properties="custom_fields")

    assert [(f["id"], f["field_name"], f["field_type"]) for f in model] == [
        (77, "ShoeSize", "DecimalNumber"),
        (11, "Hobbies", "ListBox"),
    ]
    assert contact["custom_fields"] == [{"id": 77, "content": 0.0}, {"id": 11, "content": "a,b"}]
    assert keap_api.get("/orders/model")["custom_fields"][0]["id"] == 40


@pytest.mark.parametrize("field_type", FIELD_TYPES)
def test_every_field_type_has_a_value(keap_api, keap, field_type):
    keap.custom_fields(orders=[{"label": "X", "field_type": field_type}])

    (value,) = keap_api.get("/orders/2")["custom_fields"]

    assert value["content"] is not None


def test_map_and_bare_array_endpoints(keap_api):
    countries = keap_api.get("/locales/countries")["countries"]
    provinces = keap_api.get("/locales/countries/US/provinces")["provinces"]
    stages = keap_api.get("/opportunity/stage_pipeline")
    hooks = keap_api.get("/hooks")
    payments = keap_api.get("/orders/1/payments")

    assert countries["US"] == "United States"
    assert countries["JP"] == "Japan"
    assert provinces["CA"] == "California"
    assert isinstance(stages, list)
    assert {"stage_id", "stage_name", "stage_order", "stage_count", "is_default", "end_stage"} <= (
        set(stages[0])
    )
    assert set(hooks[0]) == {"key", "eventKey", "hookUrl", "status"}
    assert isinstance(payments, list)
    assert len(payments) == 2
    assert {"id", "amount", "invoice_id", "pay_date", "pay_status"} <= set(payments[0])
    assert keap_api.call("/locales/countries/ZZ/provinces").status_code == 404


def test_single_object_endpoints(keap_api):
    assert keap_api.get("/setting/application/enabled") == {"value": "true"}
    assert keap_api.get("/setting/contact/optionTypes") == {"value": "Lead,Customer,Other"}
    assert set(keap_api.get("/oauth/connect/userinfo")) == {
        "sub", "email", "given_name", "family_name", "global_user_id", "infusionsoft_id",
        "middle_name", "preferred_name",
    }  # fmt: skip
    assert keap_api.get("/account/profile")["name"] == "Sandbox Inc."
    assert "application" in keap_api.get("/setting/application/configuration")


def test_campaign_sequences_are_optional(keap_api):
    plain = keap_api.get("/campaigns/1")
    with_sequences = keap_api.get("/campaigns/1", optional_properties="sequences")

    assert "sequences" not in plain
    assert {"id", "name", "active_contact_count"} <= set(with_sequences["sequences"][0])


def test_nested_lists_agree_with_the_tables(keap_api):
    contact = keap_api.get("/contacts/1")
    tags = keap_api.get("/contacts/1/tags")["tags"]
    tagged = keap_api.get("/tags/2/contacts")
    companies = keap_api.get("/tags/2/companies")["companies"]
    transactions = keap_api.get("/orders/3/transactions")["transactions"]

    assert [entry["tag"]["id"] for entry in tags] == contact["tag_ids"] == [1, 2]
    assert set(tags[0]) == {"tag", "date_applied"}
    contact_ids = [entry["contact"]["id"] for entry in tagged["contacts"]]
    assert 1 in contact_ids
    assert tagged["count"] == len(contact_ids)
    assert all(
        2 in keap_api.get(f"/contacts/{contact_id}")["tag_ids"] for contact_id in contact_ids
    )
    assert [entry["company"]["id"] for entry in companies] == [2]
    assert [t["order_ids"] for t in transactions] == ["3"]
    assert keap_api.get("/affiliates/1/payments")["count"] == 2


@pytest.mark.parametrize("path", ["/contacts/26", "/tags/0", "/orders/99/payments"])
def test_unknown_ids_are_404(keap_api, path):
    assert keap_api.call(path).status_code == 404


def test_unknown_paths_and_methods(keap_api):
    assert keap_api.call("/contacts/abc").json() == {"message": "Not Found"}
    assert keap_api.call("/transactions", method="POST").status_code == 405
