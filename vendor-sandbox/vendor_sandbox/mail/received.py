"""`ReceivedMail`: one message the sink accepted, exactly as it arrived.

The raw bytes are kept (after SMTP dot-unstuffing only), so a test can assert on the wire
form a plugin produced; `message` and `as_dict()` parse it for the common assertions
(subject, addresses, the decoded text body) without each test repeating the email API.
"""

from __future__ import annotations

import email
import email.policy
import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from email.message import EmailMessage


@dataclass(frozen=True)
class ReceivedMail:
    """One accepted message.

    Attributes:
        mail_from: The envelope sender (`MAIL FROM:<...>`; empty for a null sender).
        recipients: The envelope recipients (`RCPT TO:<...>`), in the order given.
        data: The message as received after DATA, dot-unstuffed, CRLF line ends kept.
        authenticated_user: The user of a successful AUTH on that connection, else None.
        tls: Whether the message travelled over TLS (implicit or after STARTTLS).
        received_at: When the final `.` arrived, ISO 8601 in UTC.
    """

    mail_from: str
    recipients: tuple[str, ...]
    data: bytes
    authenticated_user: str | None
    tls: bool
    received_at: str

    @property
    def message(self) -> EmailMessage:
        """The data parsed with the modern email API (`email.policy.default`)."""
        return t.cast(
            "EmailMessage", email.message_from_bytes(self.data, policy=email.policy.default)
        )

    def text(self) -> str:
        """The text/plain body decoded to str, with LF line ends ("" when there is none)."""
        message = self.message
        part = message.get_body(preferencelist=("plain",))
        if part is None:
            return ""
        try:
            content = part.get_content()
        except (LookupError, ValueError):  # an unknown charset or a broken encoding
            payload = part.get_payload(decode=True)
            raw = payload if isinstance(payload, bytes) else b""
            content = raw.decode("utf-8", errors="replace")
        return str(content).replace("\r\n", "\n")

    def as_dict(self) -> dict[str, t.Any]:
        """A JSON-ready summary: envelope, the main headers decoded, the text body."""
        message = self.message

        def header(name: str) -> str | None:
            value = message.get(name)
            return None if value is None else str(value)

        return {
            "mail_from": self.mail_from,
            "recipients": list(self.recipients),
            "subject": header("Subject"),
            "from": header("From"),
            "to": header("To"),
            "body": self.text(),
            "authenticated_user": self.authenticated_user,
            "tls": self.tls,
            "received_at": self.received_at,
        }
