"""What the tests that run target-satori-bridge against the sandbox share.

The company's keys, one field linkage and contacts schema the tests build on, the target's
settings for the sandbox, and readers of the reject file and of what SATORI holds.
"""

from __future__ import annotations

import json
import typing as t

from vendor_sandbox.satori.settings import (
    DEFAULT_COMPANY_KEY,
    DEFAULT_COMPANY_SECRET,
    DEFAULT_USER_KEY,
    DEFAULT_USER_SECRET,
)

if t.TYPE_CHECKING:
    from pathlib import Path

    from vendor_sandbox.client.satori import SatoriControl

TARGET = "target-satori-bridge"
KEYS = {
    "user_key": DEFAULT_USER_KEY,
    "user_secret": DEFAULT_USER_SECRET,
    "company_key": DEFAULT_COMPANY_KEY,
    "company_secret": DEFAULT_COMPANY_SECRET,
}
LINKAGE = {
    "lead_company_name": {"linkage": "Writable", "property": "company"},
    "last_name": {"linkage": "Writable", "property": "family_name"},
    "custom:industry": {"linkage": "Writable", "property": "industry"},
    "phone_number": {"linkage": "Readable", "property": "phone"},
    "score": {"linkage": "Readable"},
    "custom:member_id": {"linkage": "NG", "unique": True},
}
SCHEMA = {
    "type": "SCHEMA",
    "stream": "contacts",
    "schema": {
        "properties": {
            "email": {"type": ["string", "null"]},
            "hashcode": {"type": ["string", "null"]},
            "company": {"type": ["string", "null"]},
            "family_name": {"type": ["string", "null"]},
            "industry": {"type": ["string", "null"]},
            "phone": {"type": ["string", "null"]},
            "opted_in": {"type": ["boolean", "null"]},
            "tags": {"type": ["array", "null"], "items": {"type": "string"}},
            "_sdc_deleted_at": {"type": ["string", "null"]},
        }
    },
    "key_properties": ["email"],
}
STATE = {"type": "STATE", "value": {"bookmarks": {"contacts": {"replication_key_value": 42}}}}


def target_config(satori: SatoriControl, tmp_path: Path, **overrides: t.Any) -> dict[str, t.Any]:
    """The target's settings for the sandbox company, rejects in `tmp_path`."""
    return {
        "base_url": satori.url,
        **KEYS,
        "field_linkage": LINKAGE,
        "reject_file": str(tmp_path / "rejects.jsonl"),
        "poll_interval_seconds": 0.01,
        **overrides,
    }


def records(*rows: dict[str, t.Any], stream: str = "contacts") -> list[dict[str, t.Any]]:
    """RECORD messages of `rows`."""
    return [{"type": "RECORD", "stream": stream, "record": row} for row in rows]


def rejects(tmp_path: Path) -> list[dict[str, t.Any]]:
    """The reject file's lines."""
    path = tmp_path / "rejects.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def by_email(satori: SatoriControl) -> dict[str, dict[str, t.Any]]:
    """The customers SATORI holds, by email."""
    return {customer["email"]: customer for customer in satori.customers() if customer.get("email")}
