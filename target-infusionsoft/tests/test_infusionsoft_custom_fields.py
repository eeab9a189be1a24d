"""Custom fields by name: `custom_<name>` properties resolved through the resource's /model."""

from __future__ import annotations

from keap_target import calls, config, messages, rejects, run, writes

from keap_client.testing import BASE

CONTACT_MODEL = {
    "custom_fields": [
        {
            "id": 6,
            "label": "Favourite colour",
            "field_name": "FavouriteColour",
            "field_type": "Text",
        },
        {"id": 7, "label": "会員番号", "field_name": "", "field_type": "WholeNumber"},
        {"id": 8, "label": "VIP", "field_name": "Vip", "field_type": "YesNo"},
        {"id": 9, "label": "Interests", "field_name": "Interests", "field_type": "ListBox"},
        {"id": 10, "label": "Renewal", "field_name": "Renewal", "field_type": "Date"},
    ],
    "optional_properties": ["custom_fields"],
}
EMAIL1 = {"email": "ann@example.com", "field": "EMAIL1"}


def contact(**custom) -> dict:
    return {"email_addresses": [EMAIL1], **custom}


def test_custom_properties_are_sent_as_keaps_custom_fields(mocked_keap, tmp_path):
    mocked_keap.get(f"{BASE}/contacts/model", json=CONTACT_MODEL)
    mocked_keap.put(f"{BASE}/contacts", json={"id": 1})
    record = contact(
        custom_favourite_colour="blue",
        custom_field_7=1234,
        custom_vip=True,
        custom_interests=["golf", "tea"],
        custom_renewal="2026-04-01",
    )

    run(config(tmp_path), *messages("contacts", record, contact(custom_vip=False)))

    bodies = [body for _, _, body in writes(mocked_keap)]
    assert bodies[0]["custom_fields"] == [
        {"id": 6, "content": "blue"},
        {"id": 7, "content": 1234},
        {"id": 8, "content": True},
        {"id": 9, "content": "golf,tea"},
        {"id": 10, "content": "2026-04-01"},
    ]
    assert "custom_vip" not in bodies[0]
    assert bodies[1]["custom_fields"] == [{"id": 8, "content": False}]
    assert calls(mocked_keap, "GET") == [("GET", "/contacts/model", None)]  # once per run


def test_a_custom_field_keap_lacks_is_rejected_naming_the_known_ones(mocked_keap, tmp_path):
    mocked_keap.get(f"{BASE}/contacts/model", json=CONTACT_MODEL)
    record = contact(custom_shoe_size=42)

    run(config(tmp_path), *messages("contacts", record))

    (reject,) = rejects(tmp_path)
    assert "property 'custom_shoe_size': Keap has no such custom field" in reject["reason"]
    assert "custom_favourite_colour, custom_field_7" in reject["reason"]
    assert writes(mocked_keap) == []


def test_a_custom_value_of_the_wrong_type_is_rejected(mocked_keap, tmp_path):
    mocked_keap.get(f"{BASE}/contacts/model", json=CONTACT_MODEL)

    run(config(tmp_path), *messages("contacts", contact(custom_vip="maybe")))

    (reject,) = rejects(tmp_path)
    assert (
        "property 'custom_vip' (custom field 'VIP', YesNo): must be a boolean (true or false), "
        "got str 'maybe'"
    ) in reject["reason"]


def test_null_custom_values_need_no_model(mocked_keap, tmp_path):
    mocked_keap.put(f"{BASE}/contacts", json={"id": 1})

    run(config(tmp_path), *messages("contacts", contact(custom_vip=None)))

    assert calls(mocked_keap, "GET") == []
    assert writes(mocked_keap) == [
        ("PUT", "/contacts", {"email_addresses": [EMAIL1], "duplicate_option": "Email"})
    ]


def test_companies_and_opportunities_read_their_own_models(mocked_keap, tmp_path):
    mocked_keap.get(
        f"{BASE}/companies/model",
        json={"custom_fields": [{"id": 3, "label": "Rank", "field_type": "DecimalNumber"}]},
    )
    mocked_keap.get(
        f"{BASE}/opportunities/model",
        json={"custom_fields": [{"id": 4, "label": "Source", "field_type": "Text"}]},
    )
    mocked_keap.post(f"{BASE}/companies", status_code=201, json={"id": 1})
    mocked_keap.post(f"{BASE}/opportunities", json={"id": 2})

    run(
        config(tmp_path),
        *messages("companies", {"company_name": "ACME", "custom_rank": 2.5}),
        *messages(
            "opportunities",
            {
                "opportunity_title": "T",
                "contact": {"id": 1},
                "stage": {"id": 1},
                "custom_source": "web",
            },
        ),
    )

    assert [body["custom_fields"] for _, _, body in writes(mocked_keap)] == [
        [{"id": 3, "content": 2.5}],
        [{"id": 4, "content": "web"}],
    ]
