"""A local SMTP sink: plugins' notification mails are received and kept, never sent on.

`SmtpSink` is a tiny threaded SMTP server (plain, STARTTLS or implicit TLS, AUTH PLAIN and
LOGIN) that Python's `smtplib` talks to; `MailVendor` mounts it in the sandbox server for
its control endpoints. `SANDBOX_CERT_FILE` / `SANDBOX_KEY_FILE` are a self-signed test
certificate for the loopback sandbox only.
"""

from vendor_sandbox.mail.certs import SANDBOX_CERT_FILE, SANDBOX_KEY_FILE
from vendor_sandbox.mail.emulator import MailVendor
from vendor_sandbox.mail.received import ReceivedMail
from vendor_sandbox.mail.settings import DEFAULT_PASSWORD, DEFAULT_USERNAME, MailSettings
from vendor_sandbox.mail.sink import SmtpSink

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_USERNAME",
    "SANDBOX_CERT_FILE",
    "SANDBOX_KEY_FILE",
    "MailSettings",
    "MailVendor",
    "ReceivedMail",
    "SmtpSink",
]
