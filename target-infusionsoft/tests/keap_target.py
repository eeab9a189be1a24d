"""Running target-infusionsoft in-process against a mocked Keap account, and reading its work."""

from __future__ import annotations

import io
import json
import typing as t
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from keap_client.testing import BASE, api_key_config
from target_infusionsoft.target import TargetInfusionsoft

BASE_PATH = urlsplit(BASE).path


def config(tmp_path: Path, **overrides: t.Any) -> dict[str, t.Any]:
    """An API-key config for the mocked account, rejects in `tmp_path`, exit 0 on rejects."""
    return {
        **api_key_config(tmp_path / "state"),
        "reject_file": str(tmp_path / "rejects.jsonl"),
        "fail_on_reject": False,
        **overrides,
    }


def messages(stream: str, *records: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """A SCHEMA naming every property of the records, then one RECORD each."""
    names = dict.fromkeys(name for record in records for name in record)
    schema = {
        "type": "SCHEMA",
        "stream": stream,
        "key_properties": [],
        "schema": {"type": "object", "properties": {name: {} for name in names}},
    }
    return [schema, *({"type": "RECORD", "stream": stream, "record": r} for r in records)]


def run(cfg: dict[str, t.Any], *lines: dict[str, t.Any]) -> TargetInfusionsoft:
    """Feed Singer messages to a new target and let it finish."""
    target = TargetInfusionsoft(config=cfg)
    target.listen(io.StringIO("".join(json.dumps(line) + "\n" for line in lines)))
    return target


def rejects(tmp_path: Path) -> list[dict[str, t.Any]]:
    """The reject file's entries, in order."""
    path = tmp_path / "rejects.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def calls(requests_mock: t.Any, method: str | None = None) -> list[tuple[str, str, t.Any]]:
    """Each call to Keap: method, path below the base URL (with its query), JSON body."""
    made = []
    for request in requests_mock.request_history:
        parts = urlsplit(request.url)
        path = parts.path.removeprefix(BASE_PATH)
        if parts.query:
            query = {name: values[0] for name, values in parse_qs(parts.query).items()}
            path += "?" + "&".join(f"{name}={value}" for name, value in sorted(query.items()))
        body = json.loads(request.body) if request.body else None
        if method is None or request.method == method:
            made.append((request.method, path, body))
    return made


def writes(requests_mock: t.Any) -> list[tuple[str, str, t.Any]]:
    """The calls that were not reads."""
    return [call for call in calls(requests_mock) if call[0] != "GET"]
