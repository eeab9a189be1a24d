"""Filtered queries of opportunities and roles: results, fields, paging and validation."""

from __future__ import annotations

from sandbox_helpers import OPPORTUNITIES, ROLES, error_of, ids

from vendor_sandbox.marketo.seeded import guid

EXTERNAL_ID = "externalOpportunityId"


def test_query_by_external_id_returns_requested_fields_in_value_order(api, marketo):
    marketo.seed(opportunities=10)

    body = api.get(
        OPPORTUNITIES,
        filterType=EXTERNAL_ID,
        filterValues="OPP-00000007,OPP-00000002,NOPE",
        fields="marketoGUID,name,amount",
    )

    assert body["success"] is True
    assert "nextPageToken" not in body
    assert body["result"] == [
        {"seq": 0, "marketoGUID": guid(7, "8000"), "name": "Opportunity 7", "amount": 1087.5},
        {"seq": 1, "marketoGUID": guid(2, "8000"), "name": "Opportunity 2", "amount": 1025.0},
    ]


def test_default_fields_are_every_standard_field_and_missing_values_are_omitted(api, marketo):
    marketo.seed(opportunities=5, custom_fields={"region": "string"})

    body = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="OPP-00000004")

    (row,) = body["result"]
    assert row["seq"] == 0
    assert row["externalOpportunityId"] == "OPP-00000004"
    assert row["stage"] == "Closed Won"
    assert row["isWon"] is True
    assert row["createdAt"] == "2024-01-01T00:00:04Z"
    assert "nextStep" not in row  # closed deals have none
    assert "region" not in row  # custom fields only when asked for


def test_query_by_marketo_guid(api, marketo):
    marketo.seed(opportunities=3)
    body = api.get(OPPORTUNITIES, filterType="marketoGUID", filterValues=guid(1, "8000"))
    assert [r["externalOpportunityId"] for r in body["result"]] == ["OPP-00000001"]


def test_query_by_searchable_custom_field_finds_written_records(api, marketo):
    marketo.configure(custom_fields={"region": {"dataType": "string", "searchable": True}})
    api.post(
        OPPORTUNITIES,
        {"input": [{EXTERNAL_ID: f"N-{i}", "name": "n", "region": "EU"} for i in range(3)]},
    )

    body = api.get(OPPORTUNITIES, filterType="region", filterValues="EU", fields="region")

    assert [r["region"] for r in body["result"]] == ["EU", "EU", "EU"]


def test_no_match_is_success_with_an_empty_result(api):
    body = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="NOPE")
    assert body["success"] is True
    assert body["result"] == []


def test_paging_with_next_page_token_across_700_records(api, marketo):
    marketo.seed(opportunities=700)
    seen, calls = [], 0
    for first in range(0, 700, 300):
        token = None
        while True:
            params = {"filterType": EXTERNAL_ID, "filterValues": ids(first, min(300, 700 - first))}
            if token:
                params["nextPageToken"] = token
            body = api.get(OPPORTUNITIES, batchSize=120, fields="name", **params)
            calls += 1
            assert [r["seq"] for r in body["result"]] == list(range(len(body["result"])))
            seen += [r["name"] for r in body["result"]]
            token = body.get("nextPageToken")
            if token is None:
                break

    assert seen == [f"Opportunity {i}" for i in range(700)]
    assert calls == 3 + 3 + 1  # 300 = 120+120+60 twice, then 100


def test_one_query_matching_700_records_pages_through_them(api, marketo):
    marketo.configure(custom_fields={"region": {"dataType": "string", "searchable": True}})
    for first in range(0, 700, 300):
        rows = [
            {EXTERNAL_ID: f"N-{i:04d}", "name": f"n{i}", "region": "EU"}
            for i in range(first, min(first + 300, 700))
        ]
        assert {r["status"] for r in api.post(OPPORTUNITIES, {"input": rows})["result"]} == {
            "created"
        }
    names, token, pages = [], None, []
    while True:
        extra = {"nextPageToken": token} if token else {}
        body = api.get(
            OPPORTUNITIES, filterType="region", filterValues="EU", fields="name", **extra
        )
        pages.append(len(body["result"]))
        names += [r["name"] for r in body["result"]]
        token = body.get("nextPageToken")
        if not token:
            break

    assert pages == [300, 300, 100]
    assert names == [f"n{i}" for i in range(700)]


def test_long_queries_travel_as_post_method_get_with_a_form_body(api, marketo):
    marketo.seed(opportunities=300)
    guids = ",".join(guid(i, "8000") for i in range(300))  # ~11 KB: too long for a URL

    body = api.query(filterType="marketoGUID", filterValues=guids, fields="name")

    assert len(body["result"]) == 300
    assert marketo.counters()["by_endpoint"] == {"GET /rest/v1/opportunities.json": 1}


def test_the_same_query_as_a_get_url_is_refused_with_414(api, marketo):
    marketo.seed(opportunities=300)
    guids = ",".join(guid(i, "8000") for i in range(300))

    response = api.request(
        "GET", OPPORTUNITIES, params={"filterType": "marketoGUID", "filterValues": guids}
    )

    assert response.status_code == 414


def test_filter_type_is_required(api):
    assert error_of(api.get(OPPORTUNITIES, filterValues="OPP-00000001")) == (
        "1003",
        "Invalid filterType",
    )


def test_filter_type_must_be_searchable(api):
    body = api.get(OPPORTUNITIES, filterType="name", filterValues="x")
    assert error_of(body) == ("1003", "Invalid filterType")


def test_non_searchable_custom_fields_cannot_filter(api, marketo):
    marketo.configure(custom_fields={"region": "string"})
    body = api.get(OPPORTUNITIES, filterType="region", filterValues="EU")
    assert error_of(body)[0] == "1003"


def test_filter_values_are_required(api):
    assert error_of(api.get(OPPORTUNITIES, filterType=EXTERNAL_ID))[0] == "1003"


def test_at_most_300_filter_values(api):
    body = api.query(filterType=EXTERNAL_ID, filterValues=ids(0, 301))
    assert error_of(body) == ("1003", "Max 300 filterValues allowed")


def test_batch_size_must_be_1_to_300(api):
    for size in (0, 301, "many"):
        body = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="X", batchSize=size)
        assert error_of(body) == ("1003", "Invalid batchSize")


def test_unknown_fields_are_1006(api):
    body = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="X", fields="name,colour")
    assert error_of(body) == ("1006", "Field 'colour' not found")


def test_foreign_page_tokens_are_1003(api):
    body = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="X", nextPageToken="abc")
    assert error_of(body) == ("1003", "Invalid nextPageToken")


def test_roles_by_opportunity_by_lead_and_by_guid(api, marketo):
    marketo.seed(opportunities=4, roles_per_opportunity=3)

    by_opportunity = api.get(ROLES, filterType=EXTERNAL_ID, filterValues="OPP-00000002")
    by_lead = api.get(ROLES, filterType="leadId", filterValues="1000007,1000000")
    by_guid = api.get(ROLES, filterType="marketoGUID", filterValues=guid(11, "9000"))

    assert by_opportunity["result"] == [
        {
            "seq": j,
            "marketoGUID": guid(6 + j, "9000"),
            EXTERNAL_ID: "OPP-00000002",
            "leadId": 1000006 + j,
            "role": ["Decision Maker", "Influencer", "Economic Buyer"][j],
            "isPrimary": j == 0,
            "externalCreatedDate": "2024-01-01T00:00:02Z",
            "createdAt": "2024-01-01T00:00:02Z",
            "updatedAt": "2024-01-01T00:00:02Z",
        }
        for j in range(3)
    ]
    assert [r["leadId"] for r in by_lead["result"]] == [1000007, 1000000]
    assert [r["leadId"] for r in by_guid["result"]] == [1000011]


def test_roles_page_within_one_query(api, marketo):
    marketo.seed(opportunities=300, roles_per_opportunity=2)
    leads, token = [], None
    while True:
        extra = {"nextPageToken": token} if token else {}
        body = api.query(ROLES, filterType=EXTERNAL_ID, filterValues=ids(0, 300), **extra)
        leads += [r["leadId"] for r in body["result"]]
        token = body.get("nextPageToken")
        if not token:
            break
    assert leads == list(range(1000000, 1000600))


def test_roles_compound_query_by_dedupe_fields_as_json(api, marketo):
    marketo.seed(opportunities=3, roles_per_opportunity=2)

    body = api.request(
        "POST",
        ROLES,
        params={"_method": "GET"},
        json={
            "filterType": "dedupeFields",
            "fields": ["marketoGUID", "leadId", "isPrimary"],
            "input": [
                {EXTERNAL_ID: "OPP-00000001", "leadId": 1000003, "role": "Influencer"},
                {EXTERNAL_ID: "OPP-00000001", "leadId": 1000003, "role": "Decision Maker"},
                {EXTERNAL_ID: "OPP-00000000", "leadId": 1000000, "role": "Decision Maker"},
            ],
        },
    ).json()

    assert body["result"] == [
        {"seq": 0, "marketoGUID": guid(3, "9000"), "leadId": 1000003, "isPrimary": False},
        {"seq": 1, "marketoGUID": guid(0, "9000"), "leadId": 1000000, "isPrimary": True},
    ]


def test_roles_filter_type_must_be_searchable(api):
    body = api.get(ROLES, filterType="role", filterValues="Influencer")
    assert error_of(body)[0] == "1003"


def json_query(api, path: str, body: dict) -> dict:
    return api.request("POST", path, params={"_method": "GET"}, json=body).json()


def test_id_field_and_lone_dedupe_fields_are_aliases_of_their_fields(api, marketo):
    # Adobe, "Lead Database": idField and dedupeFields are always valid filterTypes.
    marketo.seed(opportunities=3)

    by_id = api.query(filterType="idField", filterValues=guid(2, "8000"), fields="name")
    by_dedupe = api.get(OPPORTUNITIES, filterType="dedupeFields", filterValues="OPP-00000001")

    assert [r["name"] for r in by_id["result"]] == ["Opportunity 2"]
    assert [r["externalOpportunityId"] for r in by_dedupe["result"]] == ["OPP-00000001"]


def test_a_page_with_more_to_come_says_more_result(api, marketo):
    marketo.seed(opportunities=5)
    body = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues=ids(0, 5), batchSize=2)
    assert body["moreResult"] is True
    assert body["nextPageToken"]


def test_compound_query_pages_with_batch_size_and_token_in_the_json_body(api, marketo):
    marketo.seed(opportunities=3, roles_per_opportunity=2)
    keys = [
        {EXTERNAL_ID: f"OPP-{i // 2:08d}", "leadId": 1000000 + i, "role": role}
        for i, role in enumerate(["Decision Maker", "Influencer"] * 3)
    ]
    leads, token = [], None
    while True:
        body = {"filterType": "dedupeFields", "fields": ["leadId"], "input": keys, "batchSize": 4}
        if token:
            body["nextPageToken"] = token
        page = json_query(api, ROLES, body)
        leads += [r["leadId"] for r in page["result"]]
        token = page.get("nextPageToken")
        if not token:
            break
    assert leads == list(range(1000000, 1000006))


def test_a_json_query_with_filter_values_is_refused(api, marketo):
    marketo.seed(opportunities=2)
    body = json_query(
        api, OPPORTUNITIES, {"filterType": EXTERNAL_ID, "filterValues": ["OPP-00000001"]}
    )
    assert error_of(body) == ("1003", "filterValues is not valid in a JSON query; use input")


def test_a_simple_key_in_a_json_body_is_refused(api, marketo):
    # Adobe documents the JSON body for compound keys only; simple keys go form-encoded.
    marketo.seed(opportunities=2)
    body = json_query(
        api, OPPORTUNITIES, {"filterType": EXTERNAL_ID, "input": [{EXTERNAL_ID: "OPP-00000001"}]}
    )
    assert error_of(body) == ("1003", "A JSON query needs a compound dedupeFields filterType")


def test_a_compound_key_outside_a_json_body_is_refused(api, marketo):
    marketo.seed(opportunities=1, roles_per_opportunity=1)
    body = api.query(ROLES, filterType="dedupeFields", filterValues="OPP-00000000")
    assert error_of(body) == ("1003", "A compound key query needs a JSON body with input")


def test_a_post_query_body_must_be_form_encoded_or_json(api):
    response = api.request(
        "POST",
        OPPORTUNITIES,
        params={"_method": "GET"},
        data="filterType=externalOpportunityId&filterValues=X",
        headers={"Content-Type": "text/plain"},
    )
    assert error_of(response.json()) == ("612", "Invalid Content Type")
