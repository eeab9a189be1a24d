"""Keap's files: `GET /files` filters and pages, `GET /files/{id}` with and without content."""

from __future__ import annotations

import base64

import pytest
from test_sandbox_keap_writes import send

DESCRIPTOR = {
    "id", "file_name", "file_size", "contact_id", "created_by", "date_created", "last_updated",
    "download_url", "public", "remote_file_key", "category", "file_box_type",
}  # fmt: skip


def file_ids(keap_api, **params) -> list[int]:
    return [item["id"] for item in keap_api.get("/files", **params)["files"]]


def test_the_list_is_keaps_file_list(keap_api):
    body = keap_api.get("/files", limit=4, offset=2)

    assert set(body) == {"files", "count", "next", "previous"}
    assert body["count"] == 10
    assert [item["id"] for item in body["files"]] == [3, 4, 5, 6]
    assert all(set(item) == DESCRIPTOR for item in body["files"])
    assert "offset=6" in body["next"]
    assert "offset=0" in body["previous"]


def test_one_file_with_its_content_only_when_asked(keap_api):
    plain = keap_api.get("/files/2")
    full = keap_api.get("/files/2", optional_properties="file_data")

    assert set(plain) == {"file_descriptor"}
    assert plain["file_descriptor"]["id"] == 2
    assert base64.b64decode(full["file_data"]) == b"Seeded file 2\n"
    assert full["file_descriptor"]["file_size"] == len(b"Seeded file 2\n")
    assert keap_api.call("/files/11").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"viewable": "PUBLIC"}, [1, 3, 5, 7, 9]),
        ({"viewable": "PRIVATE"}, [2, 4, 6, 8, 10]),
        ({"viewable": "BOTH"}, list(range(1, 11))),
        ({"permission": "COMPANY"}, [3, 6, 9]),
        ({"permission": "USER"}, [1, 2, 4, 5, 7, 8, 10]),
        ({"type": "Contact"}, [1, 4, 7, 10]),
        ({"type": "Image"}, []),
        ({"contact_id": "4"}, [4]),
        ({"name": "file-1.txt"}, [1]),
        ({"name": "file-1*"}, [1, 10]),
        ({"name": "*0.txt"}, [10]),
        ({"name": "*LE-3*"}, [3]),
        ({"name": "file-1"}, []),
    ],
)
def test_filters(keap_api, params, expected):
    assert file_ids(keap_api, **params) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"viewable": "SOME"},
        {"permission": "TEAM"},
        {"type": "Spreadsheet"},
        {"contact_id": "x"},
        {"limit": "0"},
    ],
)
def test_bad_parameters_are_400(keap_api, params):
    answer = keap_api.call("/files", **params)

    assert answer.status_code == 400
    assert next(iter(params)) in answer.json()["message"]


def test_an_uploaded_file_is_listed_and_its_content_read_back(keap_api):
    content = "日本語のメモ".encode()
    body = {
        "file_name": "memo.txt",
        "file_data": base64.b64encode(content).decode(),
        "is_public": True,
        "file_association": "COMPANY",
    }

    uploaded = send(keap_api, "POST", "/files", body).json()

    assert uploaded["file_descriptor"]["id"] == 11
    assert file_ids(keap_api, name="memo*", permission="COMPANY", viewable="PUBLIC") == [11]
    read = keap_api.get("/files/11", optional_properties="file_data")
    assert base64.b64decode(read["file_data"]) == content
    assert read["file_descriptor"]["contact_id"] is None
    replaced = send(keap_api, "PUT", "/files/11", {**body, "file_data": "aGk=", "is_public": False})
    assert replaced.json()["file_descriptor"]["file_size"] == 2
    assert file_ids(keap_api, viewable="PUBLIC")[-1] == 9
    after = keap_api.get("/files/11")["file_descriptor"]
    assert after["date_created"] == read["file_descriptor"]["date_created"]


def test_files_can_be_seeded_and_controlled_like_other_resources(keap_api, keap):
    keap.seed(files=1500)

    assert keap_api.get("/files")["count"] == 1500
    assert len(keap_api.get("/files")["files"]) == 1000
    assert len(keap.records("files", offset=1499)) == 1
    keap.delete("files", [2])
    assert 2 not in file_ids(keap_api, limit=5)
