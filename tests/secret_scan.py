"""Proof that no secret reaches a log line or a reject file.

The configured secrets of every vendor come from `vendor_sandbox.testing`; the tokens the sandbox
issues during a run (Keap access and refresh tokens, Marketo access tokens) are not known in
advance, so they are found by their shape.
"""

from __future__ import annotations

import re
import typing as t
from pathlib import Path

from vendor_sandbox.testing.haihai import TOKEN as HAIHAI_TOKEN
from vendor_sandbox.testing.keap import API_KEY, CLIENT_SECRET
from vendor_sandbox.testing.marketo import SECRET as MARKETO_SECRET
from vendor_sandbox.testing.satori import KEYS as SATORI_KEYS

CONFIGURED_SECRETS = (MARKETO_SECRET, API_KEY, CLIENT_SECRET, HAIHAI_TOKEN, *SATORI_KEYS.values())
ISSUED_TOKENS = (
    re.compile(r"sandbox-keap-access-\d+-[0-9a-f]{16}"),
    re.compile(r"sandbox-keap-refresh-\d+"),
    re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:sb"),
)


def secrets_in(text: str) -> list[str]:
    """The secrets (configured or issued) that appear in `text`."""
    found = [secret for secret in CONFIGURED_SECRETS if secret in text]
    return found + [match.group() for pattern in ISSUED_TOKENS for match in pattern.finditer(text)]


def assert_no_secrets(*outputs: str | Path | None) -> None:
    """Fail naming the secret and where it appeared; files that do not exist are skipped."""
    for output in outputs:
        if isinstance(output, Path):
            text: t.Any = output.read_text(encoding="utf-8") if output.exists() else ""
            where = str(output)
        else:
            text, where = output or "", "the log"
        leaked = secrets_in(text)
        assert not leaked, f"secret(s) {leaked} in {where}"
