"""Lazy seeding: 200,000 contacts cost almost no memory and the last page reads at once."""

from __future__ import annotations

import tracemalloc

from sandbox_keap_helpers import KeapApi

from vendor_sandbox import SandboxClient, SandboxServer
from vendor_sandbox.keap import KeapEmulator

CONTACTS = 200_000
# 200,000 contact dicts would take hundreds of MB; ids as a list alone would take ~7 MB.
MEMORY_BUDGET = 5 * 1024 * 1024


def test_200k_contacts_are_generated_on_demand():
    server = SandboxServer([KeapEmulator()], host="127.0.0.1", port=0).start()
    client = SandboxClient(server.base_url)
    api = KeapApi(client.keap.url, client.keap.token_url)
    try:
        token = api.token
        tracemalloc.start()
        client.keap.seed(contacts=CONTACTS)
        last = api.call("/contacts", token=token, offset=CONTACTS - 10, limit=1000).json()
        descending = api.call("/contacts", token=token, order_direction="DESCENDING", limit=1)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        server.stop()

    assert peak < MEMORY_BUDGET
    assert last["count"] == CONTACTS
    assert [c["id"] for c in last["contacts"]] == list(range(CONTACTS - 9, CONTACTS + 1))
    assert descending.json()["contacts"][0]["id"] == CONTACTS


def test_incremental_read_over_200k_contacts_finds_only_the_touched(keap_api, keap):
    keap.seed(contacts=CONTACTS)
    bookmark = keap_api.get("/contacts", offset=CONTACTS - 1)["contacts"][0]["last_updated"]

    keap.touch("contacts", [7, 150_000])
    changed = keap_api.get("/contacts", since=bookmark, order="last_updated")

    assert [c["id"] for c in changed["contacts"]] == [CONTACTS, 7, 150_000]
    assert keap.counters()["calls"] == 2
    records = keap._call("GET", "records/contacts?limit=0")
    assert (records["total"], records["stored"]) == (CONTACTS, 2)
