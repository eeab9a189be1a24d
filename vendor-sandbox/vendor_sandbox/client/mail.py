"""`MailControl`: the SMTP sink's control endpoints (`/_sandbox/mail/...`)."""

from __future__ import annotations

import typing as t

from vendor_sandbox.client.base import ControlClient


class MailControl(ControlClient):
    """Reads and empties the sandbox's SMTP sink (it has no counters and takes no faults)."""

    prefix = "/mail"

    def messages(self) -> list[dict[str, t.Any]]:
        """Mails the sink received, oldest first.

        Each is `{mail_from, recipients, subject, from, to, body, authenticated_user, tls,
        received_at}`, `body` being the text/plain part decoded (LF line ends).
        """
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "messages")["messages"])

    def clear(self) -> int:
        """Forget every mail the sink received; returns how many there were."""
        return t.cast("int", self._object("POST", "clear", {})["cleared"])

    def settings(self) -> dict[str, t.Any]:
        """Where the sink listens and how: `{host, port, security, username}` (no password)."""
        return self._object("GET", "settings")
