"""A mocked Keap account for the tap's unit tests (requests-mock)."""

from __future__ import annotations

import typing as t

BASE = "https://keap.test/crm/rest/v1"
TOKEN_URL = "https://keap.test/token"

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
