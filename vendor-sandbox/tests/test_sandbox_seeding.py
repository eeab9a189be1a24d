"""Lazily seeded data: computed on demand, O(1) lookups, memory independent of the count."""

from __future__ import annotations

import resource

from sandbox_helpers import OPPORTUNITIES, ROLES

from vendor_sandbox.marketo import seeded
from vendor_sandbox.marketo.table import LazyTable

FIVE_MILLION = 5_000_000


def test_five_million_seeded_records_cost_almost_no_memory(api, marketo):
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    assert marketo.seed(FIVE_MILLION, roles_per_opportunity=2) == {
        "opportunities": FIVE_MILLION,
        "roles": 2 * FIVE_MILLION,
    }
    last = FIVE_MILLION - 1
    wanted = ",".join(f"OPP-{i:08d}" for i in (0, 2_500_000, last))
    found = api.get(OPPORTUNITIES, filterType="externalOpportunityId", filterValues=wanted)
    by_guid = api.get(
        OPPORTUNITIES, filterType="marketoGUID", filterValues=seeded.guid(4_321_000, "8000")
    )
    roles = api.get(ROLES, filterType="externalOpportunityId", filterValues=f"OPP-{last:08d}")
    update = api.post(
        OPPORTUNITIES, {"input": [{"externalOpportunityId": "OPP-04999998", "name": "x"}]}
    )
    delete = api.post(
        "/rest/v1/opportunities/delete.json", {"input": [{"externalOpportunityId": "OPP-00000007"}]}
    )
    tail = marketo.records("opportunities", offset=FIVE_MILLION - 4)

    assert [r["name"] for r in found["result"]] == [
        "Opportunity 0",
        "Opportunity 2500000",
        f"Opportunity {last}",
    ]
    assert by_guid["result"][0]["externalOpportunityId"] == "OPP-04321000"
    assert [r["leadId"] for r in roles["result"]] == [
        1_000_000 + 2 * last,
        1_000_000 + 2 * last + 1,
    ]
    assert update["result"][0]["status"] == "updated"
    assert delete["result"][0]["status"] == "deleted"
    assert [r["name"] for r in tail] == ["Opportunity 4999997", "x", f"Opportunity {last}"]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_kb) / 1024
    assert grown_mb < 50


def test_records_report_the_total_and_page_in_index_order(api, marketo):
    marketo.seed(opportunities=10)
    api.post(OPPORTUNITIES, {"input": [{"externalOpportunityId": "NEW", "name": "new"}]})
    api.post(
        "/rest/v1/opportunities/delete.json",
        {"input": [{"externalOpportunityId": f"OPP-{i:08d}"} for i in (0, 3, 4)]},
    )

    page = marketo.records("opportunities", offset=2, limit=3)
    everything = marketo.records("opportunities")

    assert [r["externalOpportunityId"] for r in page] == [
        "OPP-00000005",
        "OPP-00000006",
        "OPP-00000007",
    ]
    assert len(everything) == 8
    assert everything[-1]["externalOpportunityId"] == "NEW"


def test_seeded_opportunity_fields_are_computed_from_the_index():
    record = seeded.opportunity(10)

    assert record["externalOpportunityId"] == "OPP-00000010"
    assert record["marketoGUID"] == "0000000a-0000-4000-8000-00000000000a"
    assert record["name"] == "Opportunity 10"
    assert record["createdAt"] == record["updatedAt"] == "2024-01-01T00:00:10Z"
    assert record["stage"] == "Closed Won"
    assert (record["isClosed"], record["isWon"], record["probability"]) == (True, True, 100)


def test_keys_parse_back_to_their_index():
    for index in (0, 7, 4_999_999, 2**33 + 5):
        assert seeded.guid_index(seeded.guid(index, "8000"), "8000") == index
        assert seeded.guid_index(seeded.guid(index, "8000"), "9000") is None
        assert seeded.external_id_index(seeded.external_id(index)) == index
    assert seeded.external_id_index("OPP-1") is None
    assert seeded.external_id_index("OPP-000000001") is None
    assert seeded.guid_index("dff23271-f996-47d7-984f-f2676861b5fa", "8000") is None
    assert seeded.guid_index(None, "8000") is None


def test_lazy_table_overlay_tombstones_and_appends():
    table = LazyTable(5, lambda i: {"i": i})
    table.put(1, {"i": 1, "changed": True})
    table.remove(2)
    created = table.append(lambda i: {"i": i, "new": True})

    assert created == 5
    assert len(table) == 5
    assert table.get(2) is None
    assert not table.exists(2)
    assert table.page(0, None) == [
        {"i": 0},
        {"i": 1, "changed": True},
        {"i": 3},
        {"i": 4},
        {"i": 5, "new": True},
    ]
    assert table.page(2, 2) == [{"i": 3}, {"i": 4}]
    table.remove(0)
    table.remove(3)
    assert table.page(1, None) == [{"i": 4}, {"i": 5, "new": True}]
    assert table.page(9, None) == []
