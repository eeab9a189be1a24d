"""How the sandbox's SMTP sink listens: address, credentials and transport security.

The defaults are what `vendor-sandbox serve` and the session fixture use, so a plugin test
can send with `DEFAULT_USERNAME` / `DEFAULT_PASSWORD` without reading them from anywhere
(the control API never echoes the password).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from pathlib import Path

Security = t.Literal["none", "starttls", "ssl"]
SECURITY_MODES: tuple[Security, ...] = ("none", "starttls", "ssl")
DEFAULT_USERNAME = "sandbox-smtp-user"
DEFAULT_PASSWORD = "sandbox-smtp-password"  # noqa: S105 - a loopback test credential


def check_security(security: str, username: str | None, password: str | None) -> Security:
    """The security mode, after checking it and that credentials come in pairs.

    Raises:
        ValueError: an unknown mode, or a username without a password (or the reverse).
    """
    if security not in SECURITY_MODES:
        msg = f"security must be one of {', '.join(SECURITY_MODES)}, got {security!r}"
        raise ValueError(msg)
    if (username is None) != (password is None):
        msg = "give both a username and a password, or neither (no AUTH)"
        raise ValueError(msg)
    return t.cast("Security", security)


@dataclass(frozen=True)
class MailSettings:
    """Start settings of the sandbox's SMTP sink (kept for the life of the process).

    Attributes:
        host: Address to bind (loopback: nothing ever leaves the machine).
        port: Port to bind; 0 picks a free one.
        username: The AUTH user the sink accepts; None turns AUTH off (anyone may send).
        password: The password of `username`.
        security: `none` (plain), `starttls` (upgrade offered, AUTH only after it) or `ssl`
            (implicit TLS from the first byte, like port 465).
        certfile: Certificate for TLS (None: the sandbox's own, see `certs.py`).
        keyfile: Its private key (None: in `certfile`, or the sandbox's own).
    """

    host: str = "127.0.0.1"
    port: int = 0
    username: str | None = DEFAULT_USERNAME
    password: str | None = DEFAULT_PASSWORD
    security: Security = "none"
    certfile: Path | str | None = None
    keyfile: Path | str | None = None
