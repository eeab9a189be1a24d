"""A mocked Keap account for the tap's unit tests (requests-mock)."""

from __future__ import annotations

import json
import typing as t
from urllib.parse import parse_qs, urlsplit

from keap_client.testing import BASE
from tap_infusionsoft.tap import TapInfusionsoft

BASE_PATH = urlsplit(BASE).path

MODELS: dict[str, dict[str, t.Any]] = {
    "contacts": {
        "custom_fields": [
            {
                "id": 6,
                "label": "Favourite colour",
                "field_name": "FavouriteColour",
                "field_type": "Text",
            },
            {"id": 7, "label": "会員番号", "field_name": "", "field_type": "WholeNumber"},
            {"id": 8, "label": "VIP", "field_name": "Vip", "field_type": "YesNo"},
        ]
    },
    "companies": {"custom_fields": [{"id": 9, "label": "Rank", "field_type": "DecimalNumber"}]},
    "opportunities": {"custom_fields": []},
    "orders": {"custom_fields": [{"id": 11, "label": "Channel", "field_type": "Dropdown"}]},
}


def mock_models(requests_mock) -> None:
    """Answer the four /model endpoints."""
    for resource, model in MODELS.items():
        requests_mock.get(f"{BASE}/{resource}/model", json=model)


def page(key: str, records: list[dict[str, t.Any]], count: int | None = None) -> dict:
    """One list page as Keap sends it."""
    return {key: records, "count": len(records) if count is None else count, "next": ""}


def contacts(first: int, n: int, *, minute: int = 0) -> list[dict[str, t.Any]]:
    """Contacts `first..first+n-1`, each updated one second after the previous."""
    return [
        {
            "id": i,
            "given_name": f"Given {i}",
            "last_updated": f"2026-01-01T00:{minute:02d}:{i % 60:02d}.000Z",
            "custom_fields": [{"id": 6, "content": "blue"}, {"id": 7, "content": str(i)}],
        }
        for i in range(first, first + n)
    ]


def calls_to(requests_mock, path: str) -> list[dict[str, str]]:
    """The query parameters of each call to exactly `BASE + path`, in order."""
    return [
        {name: values[0] for name, values in parse_qs(urlsplit(request.url).query).items()}
        for request in requests_mock.request_history
        if urlsplit(request.url).path == BASE_PATH + path
    ]


def run_tap(config: dict, *names: str, state: dict | None = None) -> TapInfusionsoft:
    """Run the tap in-process on the named streams; its Singer messages go to stdout."""
    tap = TapInfusionsoft(config=config, state=state)
    for stream in tap.streams.values():
        stream.metadata.root.selected = stream.name in names
    tap.sync_all()
    return tap


def singer_output(capsys) -> list[dict[str, t.Any]]:
    """The Singer messages written to stdout so far."""
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def records_of(output: list[dict[str, t.Any]], stream: str) -> list[dict[str, t.Any]]:
    """The records of one stream among Singer messages."""
    return [m["record"] for m in output if m["type"] == "RECORD" and m["stream"] == stream]


def bookmark(stream: str, replication_key: str, value: str) -> dict[str, t.Any]:
    """A Singer state holding one stream's bookmark."""
    return {
        "bookmarks": {stream: {"replication_key": replication_key, "replication_key_value": value}}
    }
