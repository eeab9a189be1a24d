"""describe.json, schema/fields and CRM-sync read-only descriptions."""

from __future__ import annotations

from sandbox_helpers import error_of

DESCRIBE = "/rest/v1/opportunities/describe.json"
ROLES_DESCRIBE = "/rest/v1/opportunities/roles/describe.json"
FIELDS = "/rest/v1/opportunities/schema/fields.json"
STANDARD = [
    "marketoGUID",
    "externalOpportunityId",
    "createdAt",
    "updatedAt",
    "name",
    "description",
    "type",
    "stage",
    "amount",
    "closeDate",
    "isClosed",
    "isWon",
    "probability",
    "expectedRevenue",
    "fiscalQuarter",
    "fiscalYear",
    "lastActivityDate",
    "leadSource",
    "nextStep",
    "externalCompanyId",
    "externalSalesPersonId",
    "externalCreatedDate",
]


def test_opportunity_describe_follows_adobe(api):
    body = api.get(DESCRIBE)

    assert body["success"] is True
    (described,) = body["result"]
    assert described["name"] == "opportunity"
    assert described["idField"] == "marketoGUID"
    assert described["dedupeFields"] == ["externalOpportunityId"]
    assert described["searchableFields"] == [["externalOpportunityId"], ["marketoGUID"]]
    fields = {f["name"]: f for f in described["fields"]}
    assert list(fields) == STANDARD
    assert fields["marketoGUID"] == {
        "name": "marketoGUID",
        "displayName": "Marketo GUID",
        "dataType": "string",
        "length": 36,
        "updateable": False,
    }
    assert fields["externalOpportunityId"]["length"] == 50
    assert fields["externalOpportunityId"]["updateable"] is False
    assert fields["createdAt"]["updateable"] is False
    assert fields["name"] == {
        "name": "name",
        "displayName": "Name",
        "dataType": "string",
        "length": 255,
        "updateable": True,
    }
    assert fields["description"]["length"] == 2000
    assert fields["amount"]["dataType"] == "currency"
    assert fields["closeDate"]["dataType"] == "date"
    assert fields["isWon"]["dataType"] == "boolean"
    assert fields["probability"]["dataType"] == "integer"
    assert fields["externalCreatedDate"]["dataType"] == "datetime"


def test_custom_fields_join_describe_and_searchable_ones_join_the_filters(api, marketo):
    marketo.configure(
        custom_fields={
            "region": {"dataType": "string", "searchable": True},
            "seats": {"dataType": "integer", "searchable": True},
            "renewal": "boolean",
        }
    )

    (described,) = api.get(DESCRIBE)["result"]

    fields = {f["name"]: f for f in described["fields"]}
    assert fields["region"]["dataType"] == "string"
    assert fields["region"]["length"] == 255
    assert fields["renewal"]["updateable"] is True
    assert described["searchableFields"][2:] == [["region"], ["seats"]]


def test_seeding_can_define_custom_fields(api, marketo):
    marketo.seed(opportunities=1, custom_fields={"region": "string"})
    (described,) = api.get(DESCRIBE)["result"]
    assert "region" in {f["name"] for f in described["fields"]}


def test_crm_sync_makes_every_field_read_only(api, marketo):
    marketo.configure(crm_sync=True, custom_fields={"region": "string"})

    (described,) = api.get(DESCRIBE)["result"]

    assert {f["updateable"] for f in described["fields"]} == {False}


def test_roles_describe(api):
    (described,) = api.get(ROLES_DESCRIBE)["result"]

    assert described["idField"] == "marketoGUID"
    assert described["dedupeFields"] == ["externalOpportunityId", "leadId", "role"]
    assert described["searchableFields"] == [["marketoGUID"], ["leadId"], ["externalOpportunityId"]]
    types = {f["name"]: f["dataType"] for f in described["fields"]}
    assert types == {
        "marketoGUID": "string",
        "externalOpportunityId": "string",
        "leadId": "integer",
        "role": "string",
        "isPrimary": "boolean",
        "externalCreatedDate": "datetime",
        "createdAt": "datetime",
        "updatedAt": "datetime",
    }


def test_roles_are_access_denied_under_crm_sync(api, marketo):
    marketo.configure(crm_sync=True)
    assert error_of(api.get(ROLES_DESCRIBE)) == ("603", "Access denied")


def test_field_metadata_pages_with_next_page_token_while_more_result(api, marketo):
    marketo.configure(custom_fields={"region": "string"})
    names, token, pages = [], None, 0
    while True:
        params = {"batchSize": 5, **({"nextPageToken": token} if token else {})}
        body = api.get(FIELDS, **params)
        pages += 1
        names += [item["name"] for item in body["result"]]
        if not body["moreResult"]:
            assert "nextPageToken" not in body
            break
        token = body["nextPageToken"]

    assert names == [*STANDARD, "region"]
    assert pages == 5  # 23 fields, 5 a page


def test_field_metadata_items_carry_the_extra_attributes(api, marketo):
    marketo.configure(custom_fields={"region": "string"})

    body = api.get(FIELDS)

    assert body["moreResult"] is False
    items = {item["name"]: item for item in body["result"]}
    assert items["externalOpportunityId"] == {
        "displayName": "External Opportunity Id",
        "name": "externalOpportunityId",
        "description": None,
        "dataType": "string",
        "length": 50,
        "isHidden": False,
        "isHtmlEncodingInEmail": True,
        "isSensitive": False,
        "isCustom": False,
        "isApiCreated": False,
    }
    assert items["region"]["isCustom"] is True
    assert items["region"]["isApiCreated"] is True


def test_field_metadata_batch_size_is_at_most_300(api):
    assert error_of(api.get(FIELDS, batchSize=301)) == ("1003", "Invalid batchSize")


def test_one_field_by_name(api):
    body = api.get("/rest/v1/opportunities/schema/fields/amount.json")
    (item,) = body["result"]
    assert item["name"] == "amount"
    assert item["dataType"] == "currency"


def test_unknown_field_by_name_is_1013(api):
    body = api.get("/rest/v1/opportunities/schema/fields/colour.json")
    assert error_of(body) == ("1013", "Field not found")
