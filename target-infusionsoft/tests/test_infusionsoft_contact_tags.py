"""contact_tags: a tag by id or by name (created once if missing), a contact by id or email."""

from __future__ import annotations

from keap_target import calls, config, messages, rejects, run, writes

from keap_client.testing import BASE


def test_a_missing_tag_name_is_created_once_and_cached(mocked_keap, tmp_path):
    mocked_keap.get(
        f"{BASE}/tags", json={"tags": [{"id": 3, "name": "配信停止 (old)"}], "count": 1}
    )
    mocked_keap.post(f"{BASE}/tags", json={"id": 77, "name": "配信停止"})
    mocked_keap.post(f"{BASE}/contacts/1/tags", json={"77": "SUCCESS"})
    mocked_keap.post(f"{BASE}/contacts/2/tags", json={"77": "DUPLICATE"})

    run(
        config(tmp_path),
        *messages(
            "contact_tags",
            {"contact_id": 1, "tag_name": "配信停止"},
            {"contact_id": 2, "tag_name": "配信停止"},
        ),
    )

    assert rejects(tmp_path) == []
    assert calls(mocked_keap) == [
        ("GET", "/tags?limit=1000&name=配信停止&offset=0", None),
        ("POST", "/tags", {"name": "配信停止"}),
        ("POST", "/contacts/1/tags", {"tagIds": [77]}),
        ("POST", "/contacts/2/tags", {"tagIds": [77]}),
    ]


def test_a_tag_name_keap_has_is_used_as_it_is(mocked_keap, tmp_path):
    mocked_keap.get(f"{BASE}/tags", json={"tags": [{"id": 5, "name": "VIP"}], "count": 1})
    mocked_keap.post(f"{BASE}/contacts/1/tags", json=[{"key": "SUCCESS"}])

    run(config(tmp_path), *messages("contact_tags", {"contact_id": 1, "tag_name": "VIP"}))

    assert writes(mocked_keap) == [("POST", "/contacts/1/tags", {"tagIds": [5]})]


def test_an_email_address_tags_every_contact_holding_it(mocked_keap, tmp_path):
    mocked_keap.get(
        f"{BASE}/contacts",
        json={
            "contacts": [
                {"id": 11, "email_addresses": [{"email": "Ann@Example.com", "field": "EMAIL1"}]},
                {"id": 12, "email_addresses": [{"email": "other@example.com", "field": "EMAIL1"}]},
                {"id": 13, "email_addresses": [{"email": "ann@example.com", "field": "EMAIL2"}]},
            ],
            "count": 3,
        },
    )
    mocked_keap.post(f"{BASE}/contacts/11/tags", json={"5": "SUCCESS"})
    mocked_keap.post(f"{BASE}/contacts/13/tags", json={"5": "SUCCESS"})

    run(
        config(tmp_path),
        *messages("contact_tags", {"contact_email": "ann@example.com", "tag_id": 5}),
    )

    assert calls(mocked_keap, "GET") == [
        ("GET", "/contacts?email=ann@example.com&limit=1000&offset=0", None)
    ]
    assert [path for _, path, _ in writes(mocked_keap)] == [
        "/contacts/11/tags",
        "/contacts/13/tags",
    ]


def test_an_address_no_contact_holds_is_rejected(mocked_keap, tmp_path):
    mocked_keap.get(f"{BASE}/contacts", json={"contacts": [], "count": 0})

    run(
        config(tmp_path),
        *messages("contact_tags", {"contact_email": "nobody@example.com", "tag_id": 5}),
    )

    (reject,) = rejects(tmp_path)
    assert reject["reason"] == (
        "input line 2: contact_tags record: Keap has no contact with the email address "
        "'nobody@example.com'"
    )


def test_a_tag_keap_did_not_apply_is_rejected_though_the_status_is_200(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/contacts/1/tags", json={"1831": "TAG_ID_NOT_FOUND"})

    run(config(tmp_path), *messages("contact_tags", {"contact_id": 1, "tag_id": 1831}))

    (reject,) = rejects(tmp_path)
    assert reject["reason"].endswith("Keap did not apply tag 1831 to contact 1: TAG_ID_NOT_FOUND")
    assert reject["vendor_response"] == {"1831": "TAG_ID_NOT_FOUND"}


def test_removing_a_tag_name_keap_lacks_removes_nothing(mocked_keap, tmp_path):
    mocked_keap.get(f"{BASE}/tags", json={"tags": [], "count": 0})

    run(
        config(tmp_path),
        *messages(
            "contact_tags",
            {"contact_id": 1, "tag_name": "Gone", "_sdc_deleted_at": "2026-01-01T00:00:00Z"},
        ),
    )

    assert rejects(tmp_path) == []
    assert writes(mocked_keap) == []


def test_removing_a_tag_by_name(mocked_keap, tmp_path):
    mocked_keap.get(f"{BASE}/tags", json={"tags": [{"id": 5, "name": "VIP"}], "count": 1})
    mocked_keap.delete(f"{BASE}/contacts/1/tags/5", status_code=204)

    run(
        config(tmp_path),
        *messages(
            "contact_tags",
            {"contact_id": 1, "tag_name": "VIP", "_sdc_deleted_at": "2026-01-01T00:00:00Z"},
        ),
    )

    assert writes(mocked_keap) == [("DELETE", "/contacts/1/tags/5", None)]


def test_a_tag_keap_no_longer_has_is_created_again_whatever_the_journal_remembers(
    mocked_keap, tmp_path
):
    # The first run creates the tag; then it is deleted in Keap (or the API behind this
    # credential is another one: a restarted sandbox): the name look-up is the truth.
    mocked_keap.get(f"{BASE}/tags", json={"tags": [], "count": 0})
    mocked_keap.post(f"{BASE}/tags", [{"json": {"id": 77}}, {"json": {"id": 78}}])
    mocked_keap.post(
        f"{BASE}/contacts/1/tags", [{"json": {"77": "SUCCESS"}}, {"json": {"78": "SUCCESS"}}]
    )
    record = {"contact_id": 1, "tag_name": "配信停止"}

    run(config(tmp_path), *messages("contact_tags", record))
    run(config(tmp_path), *messages("contact_tags", record))

    assert rejects(tmp_path) == []
    assert writes(mocked_keap) == [
        ("POST", "/tags", {"name": "配信停止"}),
        ("POST", "/contacts/1/tags", {"tagIds": [77]}),
        ("POST", "/tags", {"name": "配信停止"}),
        ("POST", "/contacts/1/tags", {"tagIds": [78]}),
    ]
