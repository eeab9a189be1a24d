"""The request shapes pinned against Keap's public record, at the HTTP level (requests-mock).

Each test names the call the tap sends and the answer it handles: `/emails` time bounds,
opportunity custom fields read by id, saved searches paged until an empty page, and `/files`
listed whole with their content read by id only when asked for. The
throttle and quota headers are pinned in `keap-client/tests/test_keap_connection.py`.
"""

from __future__ import annotations

import logging
import xmlrpc.client
from urllib.parse import urlsplit

import pytest
from keap_mock import (
    BASE,
    BASE_PATH,
    bookmark,
    calls_to,
    page,
    records_of,
    run_tap,
    singer_output,
)

from keap_client.testing import XMLRPC_URL

OPPORTUNITY_MODEL = {
    "custom_fields": [
        {"id": 30, "label": "Deal size", "field_name": "DealSize", "field_type": "Currency"},
        {"id": 31, "label": "Channel", "field_name": "Channel", "field_type": "Text"},
    ]
}


# 3. /emails: since_sent_date must be present whenever until_sent_date is sent.


def test_a_first_emails_run_without_start_date_sends_neither_bound(mocked_keap, key_config, capsys):
    mocked_keap.get(f"{BASE}/emails", json=page("emails", [{"id": 1, "sent_date": "2026-01-01"}]))

    run_tap(key_config, "emails")

    (call,) = calls_to(mocked_keap, "/emails")
    assert "since_sent_date" not in call
    assert "until_sent_date" not in call
    assert [r["id"] for r in records_of(singer_output(capsys), "emails")] == [1]


def test_emails_with_a_start_send_both_bounds(mocked_keap, key_config, capsys):
    mocked_keap.get(f"{BASE}/emails", json=page("emails", []))
    state = bookmark("emails", "sent_date", "2026-02-03T04:05:06.789Z")

    run_tap(key_config, "emails", state=state)

    (call,) = calls_to(mocked_keap, "/emails")
    assert call["since_sent_date"] == "2026-02-03T04:05:06.789Z"
    assert call["until_sent_date"] > call["since_sent_date"]


def test_other_streams_still_close_a_first_run_with_until(mocked_keap, key_config, capsys):
    mocked_keap.get(f"{BASE}/tasks", json=page("tasks", []))

    run_tap(key_config, "tasks")

    (call,) = calls_to(mocked_keap, "/tasks")
    assert "since" not in call
    assert "until" in call


# 4. Opportunity custom fields: only GET /opportunities/{id} returns them.


def opportunity(identifier: int, updated: str = "2026-01-01T00:00:00.000+0000") -> dict:
    return {"id": identifier, "opportunity_title": f"Deal {identifier}", "last_updated": updated}


def test_opportunities_have_no_custom_columns_by_default(mocked_keap, key_config, capsys):
    mocked_keap.get(f"{BASE}/opportunities", json=page("opportunities", [opportunity(1)]))

    tap = run_tap(key_config, "opportunities")

    properties = tap.streams["opportunities"].schema["properties"]
    assert not [name for name in properties if name.startswith("custom_")]
    paths = [urlsplit(r.url).path for r in mocked_keap.request_history]
    assert f"{BASE_PATH}/opportunities/model" not in paths
    assert f"{BASE_PATH}/opportunities/1" not in paths
    (listed,) = calls_to(mocked_keap, "/opportunities")
    assert "optional_properties" not in listed
    assert records_of(singer_output(capsys), "opportunities")[0]["opportunity_title"] == "Deal 1"


@pytest.fixture
def opportunities_with_custom_fields(mocked_keap, key_config):
    """Keap's answers: the model, a list without custom fields, each opportunity by id."""
    mocked_keap.get(f"{BASE}/opportunities/model", json=OPPORTUNITY_MODEL)
    mocked_keap.get(
        f"{BASE}/opportunities",
        json=page(
            "opportunities",
            [opportunity(1), opportunity(2, "2026-03-01T00:00:00.000+0000")],
        ),
    )
    for identifier in (1, 2):
        mocked_keap.get(
            f"{BASE}/opportunities/{identifier}",
            json={
                **opportunity(identifier),
                "custom_fields": [
                    {"id": 30, "content": f"{identifier}000.5"},
                    {"id": 31, "content": f"web {identifier}"},
                ],
            },
        )
    return {**key_config, "opportunity_custom_fields": True}


def test_opportunity_custom_fields_are_read_by_id_when_enabled(
    mocked_keap, opportunities_with_custom_fields, capsys
):
    tap = run_tap(opportunities_with_custom_fields, "opportunities")

    properties = tap.streams["opportunities"].schema["properties"]
    assert properties["custom_deal_size"]["type"] == ["number", "null"]
    (listed,) = calls_to(mocked_keap, "/opportunities")
    assert "optional_properties" not in listed  # the list takes none
    assert calls_to(mocked_keap, "/opportunities/1") == [{"optional_properties": "custom_fields"}]
    assert calls_to(mocked_keap, "/opportunities/2") == [{"optional_properties": "custom_fields"}]
    rows = {r["id"]: r for r in records_of(singer_output(capsys), "opportunities")}
    assert rows[1]["custom_deal_size"] == 1000.5
    assert rows[2]["custom_channel"] == "web 2"


def test_an_incremental_run_reads_custom_fields_of_changed_opportunities_only(
    mocked_keap, opportunities_with_custom_fields, capsys
):
    state = bookmark("opportunities", "last_updated", "2026-02-01T00:00:00.000Z")

    run_tap(opportunities_with_custom_fields, "opportunities", state=state)

    assert [r["id"] for r in records_of(singer_output(capsys), "opportunities")] == [2]
    assert calls_to(mocked_keap, "/opportunities/1") == []
    assert len(calls_to(mocked_keap, "/opportunities/2")) == 1


def test_an_opportunity_gone_before_its_custom_fields_is_emitted_with_nulls(
    mocked_keap, opportunities_with_custom_fields, capsys, caplog
):
    mocked_keap.get(f"{BASE}/opportunities/2", status_code=404, json={"message": "Not Found"})

    with caplog.at_level(logging.WARNING):
        run_tap(opportunities_with_custom_fields, "opportunities")

    rows = {r["id"]: r for r in records_of(singer_output(capsys), "opportunities")}
    assert rows[2]["custom_deal_size"] is None
    assert rows[1]["custom_deal_size"] == 1000.5
    assert "opportunities record id=2" in caplog.text
    assert "404" in caplog.text


# 8. Saved searches: no documented page size, so only an empty page ends them.


def test_a_saved_search_is_read_until_an_empty_page(mocked_keap, key_config, capsys):
    pages = {0: [{"Id": 1}, {"Id": 2}, {"Id": 3}], 1: [{"Id": 4}, {"Id": 5}], 2: []}
    asked: list[tuple] = []

    def answer(request, context) -> str:
        arguments, method = xmlrpc.client.loads(request.body)
        asked.append((method, *arguments[1:]))
        if method == "SearchService.getAllReportColumns":
            result: dict[str, str] | list[dict[str, int]] = {"Id": "Id"}
        else:
            result = pages[arguments[3]]
        return xmlrpc.client.dumps((result,), methodresponse=True)

    mocked_keap.post(XMLRPC_URL, text=answer)
    config = {
        **key_config,
        "xmlrpc_url": XMLRPC_URL,
        "reports": [
            {
                "name": "search",
                "report": "saved_search",
                "params": {"saved_search_id": 7, "user_id": 1},
            }
        ],
    }

    run_tap(config, "search")

    reads = [call for call in asked if call[0] == "SearchService.getSavedSearchResultsAllFields"]
    # Page 1 is shorter than page 0 (and than 1000), yet only the empty page 2 ends the report.
    assert reads == [(reads[0][0], 7, 1, page) for page in (0, 1, 2)]
    rows = records_of(singer_output(capsys), "search")
    assert [r["Id"] for r in rows] == ["1", "2", "3", "4", "5"]


# /files: no time filter (a full table); file_data only from GET /files/{id}, opt-in.


def file_descriptor(identifier: int) -> dict:
    """A `FileDescriptor` as `GET /files` lists it (no content)."""
    return {
        "id": identifier,
        "file_name": f"invoice-{identifier}.pdf",
        "file_size": 3,
        "contact_id": 12,
        "created_by": 1,
        "date_created": "2026-01-01T00:00:00.000+0000",
        "last_updated": "2026-01-02T00:00:00.000+0000",
        "download_url": f"https://example.infusionsoft.com/Download?Id={identifier}",
        "public": False,
        "remote_file_key": None,
        "category": "Attachments",
        "file_box_type": "Contact",
    }


@pytest.fixture
def listed_files(mocked_keap):
    """Three files over two pages of 2, each also answering by id with its content."""
    mocked_keap.get(
        f"{BASE}/files",
        [
            {"json": page("files", [file_descriptor(1), file_descriptor(2)], count=3)},
            {"json": page("files", [file_descriptor(3)], count=3)},
        ],
    )
    for identifier in (1, 2, 3):
        mocked_keap.get(
            f"{BASE}/files/{identifier}",
            json={"file_data": f"ZmlsZS{identifier}=", "file_descriptor": file_descriptor(1)},
        )
    return mocked_keap


def test_files_are_paged_whole_with_no_time_filter_and_no_content(listed_files, key_config, capsys):
    state = bookmark("files", "last_updated", "2026-03-01T00:00:00.000Z")

    tap = run_tap({**key_config, "page_size": 2}, "files", state=state)

    assert "file_data" not in tap.streams["files"].schema["properties"]
    assert calls_to(listed_files, "/files") == [
        {"limit": "2", "offset": "0"},
        {"limit": "2", "offset": "2"},
    ]
    assert [calls_to(listed_files, f"/files/{i}") for i in (1, 2, 3)] == [[], [], []]
    output = singer_output(capsys)
    # A full table: every file, though each is older than the stale bookmark left as it was.
    assert records_of(output, "files") == [file_descriptor(i) for i in (1, 2, 3)]
    final = [m["value"] for m in output if m["type"] == "STATE"][-1]
    assert final["bookmarks"]["files"] == state["bookmarks"]["files"]


def test_file_data_is_read_by_id_when_enabled(listed_files, key_config, capsys):
    tap = run_tap({**key_config, "page_size": 2, "file_data": True}, "files")

    assert tap.streams["files"].schema["properties"]["file_data"]["type"] == ["string", "null"]
    for identifier in (1, 2, 3):
        assert calls_to(listed_files, f"/files/{identifier}") == [
            {"optional_properties": "file_data"}
        ]
    rows = records_of(singer_output(capsys), "files")
    assert [row["file_data"] for row in rows] == ["ZmlsZS1=", "ZmlsZS2=", "ZmlsZS3="]
    assert {k: v for k, v in rows[1].items() if k != "file_data"} == file_descriptor(2)


def test_a_file_gone_before_its_content_is_emitted_with_null_file_data(
    listed_files, key_config, capsys, caplog
):
    listed_files.get(f"{BASE}/files/2", status_code=404, json={"message": "File not found"})

    with caplog.at_level(logging.WARNING):
        run_tap({**key_config, "page_size": 2, "file_data": True}, "files")

    rows = {r["id"]: r for r in records_of(singer_output(capsys), "files")}
    assert rows[2]["file_data"] is None
    assert rows[3]["file_data"] == "ZmlsZS3="
    assert "files record id=2: gone from Keap (HTTP 404)" in caplog.text
