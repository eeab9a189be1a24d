"""One summary mail when a run rejects records or fails, like SATORI's data-integration option.

Why: a scheduled pipeline fails silently unless someone reads its logs. The option SATORI sells
mails an error-notification address (part of its 連携要件連絡書); a target configured with
`error_notification_email` and an SMTP server does the same: at most one mail per run, sent
after everything else, saying what happened and where the rejected records are.

A mail that cannot be sent never changes the run's outcome: it is logged and the run ends as
it would have. Secrets never reach the mail: its text passes through the same redaction as
the logs.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import typing as t
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from singer_commons.redaction import redact

if t.TYPE_CHECKING:
    from collections.abc import Sequence

SMTP_TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
SMTP_TIMEOUT_SECONDS = 30.0
# The From address when neither smtp_sender nor smtp_user names one.
DEFAULT_SENDER = "singer-connectors@localhost"


class NotificationError(Exception):
    """The summary mail could not be sent (server unreachable, refused login, …)."""


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send the summary mail.

    Attributes:
        recipients: The error-notification addresses.
        host: The SMTP server.
        port: Its port (default by `tls`: 587, 465 or 25).
        tls: `starttls` (upgrade a plain connection), `ssl` (TLS from the start) or `none`.
        user: Login name, or None to send without logging in.
        password: Login password.
        sender: The From address.
    """

    recipients: tuple[str, ...]
    host: str
    port: int
    tls: str
    user: str | None = None
    password: str | None = None
    sender: str = DEFAULT_SENDER


def compose(settings: MailSettings, subject: str, lines: Sequence[str]) -> EmailMessage:
    """The mail: plain UTF-8 text, redacted, addressed to every recipient."""
    message = EmailMessage()
    message["Subject"] = redact(subject)
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=socket.getfqdn() or "localhost")
    message.set_content(redact("\n".join(lines)) + "\n", charset="utf-8")
    return message


def send(settings: MailSettings, message: EmailMessage) -> None:
    """Deliver the mail over SMTP with the configured TLS mode and login.

    Raises:
        NotificationError: naming the server and what went wrong (never the password).
    """
    context = ssl.create_default_context()
    try:
        if settings.tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
        with client:
            if settings.tls == "starttls":
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        where = f"{settings.host}:{settings.port} ({settings.tls})"
        msg = f"could not send the notification mail through {where}: {redact(str(exc))}"
        raise NotificationError(msg) from None
