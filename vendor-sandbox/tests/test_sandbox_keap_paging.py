"""Keap list paging (limit/offset/count/next/previous), time filters and ordering."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_default_page_and_envelope(keap_api, keap):
    body = keap_api.get("/contacts")

    assert set(body) == {"contacts", "count", "next", "previous"}
    assert body["count"] == 25
    assert [c["id"] for c in body["contacts"]] == list(range(1, 26))
    assert body["previous"] == ""
    assert body["next"].startswith(f"{keap.url}/contacts?")
    assert query_of(body["next"]) == {"limit": "1000", "offset": "1000"}


def test_limit_and_offset_page_through_and_links_keep_the_filters(keap_api):
    body = keap_api.get("/contacts", limit=10, offset=20, order="id")

    assert [c["id"] for c in body["contacts"]] == [21, 22, 23, 24, 25]
    assert body["count"] == 25
    assert query_of(body["next"]) == {"limit": "10", "offset": "30", "order": "id"}
    assert query_of(body["previous"]) == {"limit": "10", "offset": "10", "order": "id"}


def test_next_is_present_even_past_the_end(keap_api):
    body = keap_api.get("/contacts", offset=25)

    assert body["contacts"] == []
    assert body["count"] == 25
    assert body["next"]


def test_limit_over_1000_reads_as_1000(keap_api, keap):
    keap.seed(contacts=2500)

    first = keap_api.get("/contacts", limit=5000)
    last = keap_api.get("/contacts", limit=1000, offset=2000)

    assert len(first["contacts"]) == 1000
    assert query_of(first["next"])["limit"] == "1000"
    assert first["count"] == 2500
    assert [c["id"] for c in last["contacts"]][-1] == 2500
    assert len(last["contacts"]) == 500


@pytest.mark.parametrize(("name", "value"), [("limit", "0"), ("limit", "x"), ("offset", "-1")])
def test_bad_paging_parameters_are_400(keap_api, name, value):
    response = keap_api.call("/contacts", **{name: value})

    assert response.status_code == 400
    assert name in response.json()["message"]


def test_walking_next_until_a_short_page_reads_every_record_once(keap_api, keap):
    keap.seed(tags=23)
    seen, offset = [], 0
    while True:
        body = keap_api.get("/tags", limit=10, offset=offset)
        seen += [tag["id"] for tag in body["tags"]]
        if len(body["tags"]) < 10:
            break
        offset = int(query_of(body["next"])["offset"])

    assert seen == list(range(1, 24))


def test_since_is_inclusive_and_until_exclusive_on_last_updated(keap_api):
    # contact i (id i+1) was last updated at 2026-01-01T00:00Z + i minutes
    body = keap_api.get(
        "/contacts", since="2026-01-01T00:03:00.000Z", until="2026-01-01T00:06:00.000Z"
    )

    assert [c["id"] for c in body["contacts"]] == [4, 5, 6]
    assert body["count"] == 3
    assert [c["last_updated"] for c in body["contacts"]] == [
        "2026-01-01T00:03:00.000Z",
        "2026-01-01T00:04:00.000Z",
        "2026-01-01T00:05:00.000Z",
    ]


def test_bad_since_is_400(keap_api):
    response = keap_api.call("/contacts", since="yesterday")

    assert response.status_code == 400
    assert "since" in response.json()["message"]


def test_order_and_direction(keap_api):
    descending = keap_api.get("/contacts", order="id", order_direction="DESCENDING", limit=3)
    by_email = keap_api.get("/contacts", order="email")
    by_name = keap_api.get("/contacts", order="name")["contacts"]

    assert [c["id"] for c in descending["contacts"]] == [25, 24, 23]
    emails = [c["email_addresses"][0]["email"] for c in by_email["contacts"]]
    assert emails == sorted(emails)
    assert emails[:2] == ["contact10@example.com", "contact11@example.com"]
    names = [(c["family_name"], c["given_name"]) for c in by_name]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("params", "word"),
    [({"order": "shoe_size"}, "order"), ({"order_direction": "SIDEWAYS"}, "order_direction")],
)
def test_bad_order_is_400(keap_api, params, word):
    response = keap_api.call("/contacts", **params)

    assert response.status_code == 400
    assert word in response.json()["message"]


@pytest.mark.parametrize(
    ("path", "key", "field"),
    [
        ("/orders", "orders", "modification_date"),
        ("/transactions", "transactions", "transaction_date"),
        ("/tasks", "tasks", "modification_date"),
        ("/appointments", "appointments", "start_date"),
        ("/affiliates/commissions", "commissions", "date_earned"),
    ],
)
def test_time_filtered_resources(keap_api, path, key, field):
    body = keap_api.get(path, since="2026-01-01T00:08:00Z")

    assert [record[field] for record in body[key]] == [
        "2026-01-01T00:08:00.000Z",
        "2026-01-01T00:09:00.000Z",
    ]


def test_emails_filter_on_sent_date_and_contact(keap_api, keap):
    keap.seed(emails=30, contacts=10)

    by_date = keap_api.get("/emails", since_sent_date="2026-01-01T00:28:00Z")
    by_contact = keap_api.get("/emails", contact_id=3)
    nested = keap_api.get("/contacts/3/emails")

    assert [e["id"] for e in by_date["emails"]] == [29, 30]
    assert [e["id"] for e in by_contact["emails"]] == [3, 13, 23]
    assert nested["emails"] == by_contact["emails"]
    assert "html_content" not in by_contact["emails"][0]
    assert "html_content" in keap_api.get("/emails/3")


@pytest.mark.parametrize("path", ["/emails", "/contacts/3/emails"])
def test_until_sent_date_without_since_sent_date_is_400(keap_api, keap, path):
    """Keap's listEmails: since_sent_date "must be present if untilDate is provided"."""
    keap.seed(emails=30, contacts=10)

    alone = keap_api.call(path, until_sent_date="2026-01-01T00:05:00Z")
    both = keap_api.call(
        path, since_sent_date="2026-01-01T00:00:00Z", until_sent_date="2026-01-01T00:05:00Z"
    )

    assert alone.status_code == 400
    assert alone.json() == {
        "message": "'since_sent_date' must be present if 'until_sent_date' is provided"
    }
    assert both.status_code == 200
    assert all(e["sent_date"] < "2026-01-01T00:05:00" for e in both.json()["emails"])


def test_clawbacks_filter_on_date_earned(keap_api):
    everything = keap_api.get("/affiliates/2/clawbacks")
    later = keap_api.get("/affiliates/2/clawbacks", since=everything["clawbacks"][1]["date_earned"])

    assert everything["count"] == 2
    assert later["clawbacks"] == everything["clawbacks"][1:]
