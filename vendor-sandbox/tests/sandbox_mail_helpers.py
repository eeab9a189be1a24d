"""Helpers for the SMTP sink's tests: messages built the way plugins build them.

A uniquely named module (not conftest) so test modules can import it without clashing
with the other conftest.py files of the monorepo.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from vendor_sandbox.mail import DEFAULT_PASSWORD, DEFAULT_USERNAME, SmtpSink

USER = DEFAULT_USERNAME
PASSWORD = DEFAULT_PASSWORD
SENDER = "tap@example.com"
RECIPIENT = "ops@example.com"
TIMEOUT = 10


def notification(
    subject: str = "tap failed",
    body: str = "the run stopped\n",
    to: str = RECIPIENT,
    sender: str = SENDER,
) -> EmailMessage:
    """An error notification as a plugin writes it (EmailMessage, text/plain)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message.set_content(body)
    return message


def plain_client(sink: SmtpSink) -> smtplib.SMTP:
    """An smtplib client connected to a sink on loopback, EHLO already done."""
    client = smtplib.SMTP(sink.host, sink.port, timeout=TIMEOUT)
    client.ehlo()
    return client


def reply(client: smtplib.SMTP, command: str, argument: str = "") -> int:
    """Send one raw command and return the reply code."""
    code, _ = client.docmd(command, argument)
    return code
