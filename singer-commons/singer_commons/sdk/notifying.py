"""The run-summary mail, for the targets that offer it: an opt-in, not part of every target.

A target offers the mail (`singer_commons.notify` says why: SATORI's data-integration option
mails an error-notification address) in two steps: it derives from `NotifyingTarget` and
declares `error_notification()` among its settings. With `error_notification_email` set, one
mail goes out when the load rejected records or failed; a mail that cannot be sent is logged
and never changes the run's exit code.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime

from singer_sdk import typing as th

from singer_commons.errors import exit_code_of
from singer_commons.notify import (
    DEFAULT_SMTP_PORTS,
    SMTP_TLS_MODES,
    MailSettings,
    NotificationError,
)
from singer_commons.notify import compose as compose_mail
from singer_commons.notify import send as send_mail
from singer_commons.sdk.compat import LoadOutcome
from singer_commons.sdk.plugins import VendorTarget


def error_notification() -> list[th.Property]:
    """The error-notification address and the SMTP server that delivers the run summary."""
    return [
        th.Property(
            "error_notification_email",
            th.StringType,
            description=(
                "Address (or comma-separated addresses) that receives one summary mail when "
                "a run rejects records or fails: what happened, the first reasons and where "
                "the reject file is. Unset: no mail."
            ),
        ),
        th.Property(
            "smtp_host", th.StringType, default="localhost", description="SMTP server host."
        ),
        th.Property(
            "smtp_port",
            th.IntegerType,
            description=(
                "SMTP server port. Default by smtp_tls: "
                + ", ".join(f"{mode} {port}" for mode, port in DEFAULT_SMTP_PORTS.items())
                + "."
            ),
        ),
        th.Property(
            "smtp_tls",
            th.StringType(allowed_values=list(SMTP_TLS_MODES)),
            default="starttls",
            description=(
                "starttls: upgrade the connection with STARTTLS (port 587); ssl: TLS from the "
                "first byte (port 465); none: plain text (only for a relay on the same host)."
            ),
        ),
        th.Property("smtp_user", th.StringType, description="SMTP login; unset: no login."),
        th.Property("smtp_password", th.StringType, secret=True, description="SMTP password."),
        th.Property(
            "smtp_sender",
            th.StringType,
            description="From address of the summary mail (default: smtp_user).",
        ),
    ]


class NotifyingTarget(LoadOutcome, VendorTarget):
    """A `VendorTarget` that mails the run summary when its load rejected records or failed."""

    def after_listen(self, failure: BaseException | None) -> None:
        """Mail the summary; an exit (the rejects' exit code) is no failure of its own."""
        super().after_listen(failure)
        self.send_run_summary(None if isinstance(failure, SystemExit) else failure)

    def send_run_summary(self, failure: BaseException | None) -> None:
        """Mail `error_notification_email` when the run rejected records or failed.

        A mail that cannot be sent is logged; it never changes the run's exit code.
        """
        settings = MailSettings.from_config(self.config)
        if settings is None or (failure is None and not self.rejects.count):
            return
        subject, lines = self.run_summary(failure)
        try:
            send_mail(settings, compose_mail(settings, subject, lines))
        except NotificationError as exc:
            self.logger.error("%s", exc)
            return
        self.logger.info("Sent the run summary to %s", ", ".join(settings.recipients))

    def run_summary(self, failure: BaseException | None) -> tuple[str, list[str]]:
        """The summary mail's subject and lines: outcome, counts, first rejects, reject file."""
        rejected = self.rejects.count
        if failure is None:
            outcome = f"{rejected} record(s) rejected"
        elif isinstance(failure, KeyboardInterrupt):
            outcome = "run interrupted"
        elif exit_code_of(failure) is not None:
            outcome = f"run stopped: {failure}"
        else:
            outcome = f"run failed: {type(failure).__name__}: {failure}"
        ended = datetime.now(UTC).isoformat(timespec="seconds")
        lines = [
            f"{self.name} on {socket.gethostname()}, ended {ended}",
            "",
            f"Outcome: {outcome}",
            *self.summary_lines(),
            f"Rejected records: {rejected}",
        ]
        if rejected:
            lines.append(f"Reject file: {self.config.get('reject_file') or '(none: see the log)'}")
            lines += ["", "First rejects:"]
            lines += [f"- {reason}" for reason in self.rejects.first_reasons]
        return f"[{self.name}] {outcome.splitlines()[0][:150]}", lines

    def summary_lines(self) -> list[str]:
        """Plugin-specific lines of the summary (e.g. records written); none by default."""
        return []
