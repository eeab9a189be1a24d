"""A mocked Marketo instance (requests-mock) for the tap's unit tests."""

from __future__ import annotations

import json
import typing as t

BASE = "https://123-ABC-456.mktorest.com"
OPPORTUNITY_DESCRIBE = {
    "name": "opportunity",
    "idField": "marketoGUID",
    "dedupeFields": ["externalOpportunityId"],
    "searchableFields": [["externalOpportunityId"], ["marketoGUID"]],
    "fields": [
        {"name": "marketoGUID", "dataType": "string", "length": 36, "updateable": False},
        {"name": "externalOpportunityId", "dataType": "string", "length": 50, "updateable": False},
        {"name": "createdAt", "dataType": "datetime", "updateable": False},
        {"name": "updatedAt", "dataType": "datetime", "updateable": False},
        {"name": "name", "dataType": "string", "length": 255},
        {"name": "amount", "dataType": "currency"},
    ],
}
ROLE_DESCRIBE = {
    "name": "opportunityRole",
    "idField": "marketoGUID",
    "dedupeFields": ["externalOpportunityId", "leadId", "role"],
    "searchableFields": [["marketoGUID"], ["leadId"], ["externalOpportunityId"]],
    "fields": [
        {"name": "marketoGUID", "dataType": "string", "updateable": False},
        {"name": "externalOpportunityId", "dataType": "string"},
        {"name": "leadId", "dataType": "integer"},
        {"name": "role", "dataType": "string"},
        {"name": "updatedAt", "dataType": "datetime", "updateable": False},
    ],
}


def ok(result: list[dict], **extra: t.Any) -> dict:
    return {"requestId": "a#1", "success": True, "result": result, **extra}


def error(code: str, message: str) -> dict:
    return {"requestId": "a#2", "success": False, "errors": [{"code": code, "message": message}]}


def opportunity(i: int, updated: str = "2026-01-01T00:00:00Z") -> dict:
    return {
        "seq": i,
        "marketoGUID": f"{i:08x}-0000-4000-8000-{i:012x}",
        "externalOpportunityId": f"OPP-{i:08d}",
        "name": f"Opportunity {i}",
        "updatedAt": updated,
    }


def singer_messages(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def records(output: str, stream: str) -> list[dict]:
    return [
        message["record"]
        for message in singer_messages(output)
        if message["type"] == "RECORD" and message["stream"] == stream
    ]
