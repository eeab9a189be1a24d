"""Opportunity role sync, delete and their ties to opportunities."""

from __future__ import annotations

from sandbox_helpers import OPPORTUNITIES, ROLES, error_of, reasons_of

from vendor_sandbox.marketo.seeded import guid

ROLES_DELETE = "/rest/v1/opportunities/roles/delete.json"
EXTERNAL_ID = "externalOpportunityId"


def role(external_id: str, lead_id: int, name: str = "Influencer", **extra) -> dict:
    return {EXTERNAL_ID: external_id, "leadId": lead_id, "role": name, **extra}


def test_seeded_roles_follow_the_formula(marketo):
    marketo.seed(opportunities=2, roles_per_opportunity=3)

    held = marketo.records("roles")

    assert [(r[EXTERNAL_ID], r["leadId"], r["role"], r["isPrimary"]) for r in held] == [
        ("OPP-00000000", 1000000, "Decision Maker", True),
        ("OPP-00000000", 1000001, "Influencer", False),
        ("OPP-00000000", 1000002, "Economic Buyer", False),
        ("OPP-00000001", 1000003, "Decision Maker", True),
        ("OPP-00000001", 1000004, "Influencer", False),
        ("OPP-00000001", 1000005, "Economic Buyer", False),
    ]


def test_create_and_update_roles_by_their_compound_key(api, marketo):
    marketo.seed(opportunities=2, roles_per_opportunity=1)

    body = api.post(
        ROLES,
        {
            "input": [
                role("OPP-00000001", 7, isPrimary=True),
                role("OPP-00000000", 1000000, "Decision Maker", isPrimary=False),
            ]
        },
    )

    assert body["result"] == [
        {"seq": 0, "status": "created", "marketoGUID": guid(2, "9000")},
        {"seq": 1, "status": "updated", "marketoGUID": guid(0, "9000")},
    ]
    held = {(r[EXTERNAL_ID], r["leadId"]): r for r in marketo.records("roles")}
    assert held["OPP-00000001", 7]["isPrimary"] is True
    assert held["OPP-00000000", 1000000]["isPrimary"] is False
    by_lead = api.get(ROLES, filterType="leadId", filterValues="7")
    assert [r["marketoGUID"] for r in by_lead["result"]] == [guid(2, "9000")]


def test_a_role_needs_an_existing_opportunity(api, marketo):
    body = api.post(ROLES, {"input": [role("NOPE", 1)]})
    assert reasons_of(body["result"][0]) == ("1013", "Opportunity not found")
    assert marketo.records("roles") == []


def test_a_role_needs_all_three_key_fields(api, marketo):
    marketo.seed(opportunities=1)

    body = api.post(
        ROLES,
        {"input": [{EXTERNAL_ID: "OPP-00000000", "leadId": 1}, {"leadId": 1, "role": "x"}]},
    )

    assert reasons_of(body["result"][0]) == ("1003", "role is required")
    assert reasons_of(body["result"][1]) == ("1003", "externalOpportunityId is required")


def test_role_skip_reasons(api, marketo):
    marketo.seed(opportunities=1, roles_per_opportunity=1)
    existing = role("OPP-00000000", 1000000, "Decision Maker")

    create_only = api.post(ROLES, {"action": "createOnly", "input": [existing]})
    update_only = api.post(ROLES, {"action": "updateOnly", "input": [role("OPP-00000000", 9)]})
    duplicate = api.post(ROLES, {"input": [role("OPP-00000000", 5), role("OPP-00000000", 5)]})
    wrong_type = api.post(ROLES, {"input": [role("OPP-00000000", "lead five")]})

    assert reasons_of(create_only["result"][0]) == ("1005", "Opportunity role already exists")
    assert reasons_of(update_only["result"][0]) == ("1013", "Opportunity role not found")
    assert reasons_of(duplicate["result"][1]) == (
        "1036",
        "Duplicate externalOpportunityId, leadId, role in input",
    )
    assert reasons_of(wrong_type["result"][0]) == ("1003", "Invalid value for field 'leadId'")


def test_update_a_role_by_id_field(api, marketo):
    marketo.seed(opportunities=1, roles_per_opportunity=2)

    body = api.post(
        ROLES,
        {
            "action": "updateOnly",
            "dedupeBy": "idField",
            "input": [{"marketoGUID": guid(1, "9000"), "isPrimary": True}],
        },
    )

    assert body["result"][0]["status"] == "updated"
    assert [r["isPrimary"] for r in marketo.records("roles")] == [True, True]


def test_delete_roles_by_key_and_by_guid(api, marketo):
    marketo.seed(opportunities=2, roles_per_opportunity=2)

    by_key = api.post(
        ROLES_DELETE,
        {"input": [role("OPP-00000000", 1000001), role("OPP-00000000", 1000001, "Other")]},
    )
    by_guid = api.post(
        ROLES_DELETE, {"deleteBy": "idField", "input": [{"marketoGUID": guid(3, "9000")}]}
    )

    assert by_key["result"][0] == {"seq": 0, "marketoGUID": guid(1, "9000"), "status": "deleted"}
    assert reasons_of(by_key["result"][1]) == ("1013", "Opportunity role not found")
    assert by_guid["result"][0]["status"] == "deleted"
    assert [r["leadId"] for r in marketo.records("roles")] == [1000000, 1000002]


def test_deleting_an_opportunity_deletes_its_roles(api, marketo):
    marketo.seed(opportunities=2, roles_per_opportunity=2)
    api.post(OPPORTUNITIES, {"input": [{EXTERNAL_ID: "N", "name": "new"}]})
    api.post(ROLES, {"input": [role("N", 1), role("OPP-00000000", 2)]})

    api.post("/rest/v1/opportunities/delete.json", {"input": [{EXTERNAL_ID: "OPP-00000000"}]})
    api.post("/rest/v1/opportunities/delete.json", {"input": [{EXTERNAL_ID: "N"}]})

    held = marketo.records("roles")
    assert {r[EXTERNAL_ID] for r in held} == {"OPP-00000001"}
    assert api.get(ROLES, filterType="leadId", filterValues="1,2")["result"] == []


def test_every_role_endpoint_is_access_denied_under_crm_sync(api, marketo):
    marketo.seed(opportunities=1, roles_per_opportunity=1)
    marketo.configure(crm_sync=True)

    calls = [
        api.get(ROLES, filterType=EXTERNAL_ID, filterValues="OPP-00000000"),
        api.query(ROLES, filterType=EXTERNAL_ID, filterValues="OPP-00000000"),
        api.post(ROLES, {"input": [role("OPP-00000000", 1)]}),
        api.post(ROLES_DELETE, {"input": [role("OPP-00000000", 1000000, "Decision Maker")]}),
    ]

    for body in calls:
        assert error_of(body) == ("603", "Access denied")
    assert len(marketo.records("roles")) == 1
