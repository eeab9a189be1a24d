"""The run-summary mail, for the targets that offer it: an opt-in, not part of every target.

A target offers the mail (`singer_commons.notify` says why: SATORI's data-integration option
mails an error-notification address) in three steps: it derives from `NotifyingTarget`,
declares `error_notification()` among its settings and carries `mail_settings(config)` as its
settings object's `notification`. With `error_notification_email` set, one mail goes out when
the load rejected records or failed; a mail that cannot be sent is logged and never changes
the run's exit code.
"""

from __future__ import annotations

import socket
import typing as t
from abc import abstractmethod
from datetime import UTC, datetime

from singer_sdk import typing as th

from singer_commons.errors import exit_code_of
from singer_commons.notify import (
    DEFAULT_SENDER,
    DEFAULT_SMTP_PORTS,
    SMTP_TLS_MODES,
    MailSettings,
    NotificationError,
)
from singer_commons.notify import compose as compose_mail
from singer_commons.notify import send as send_mail
from singer_commons.sdk.compat import LoadOutcome
from singer_commons.sdk.plugins import VendorTarget
from singer_commons.sdk.settings import RejectSettings, SettingValues

if t.TYPE_CHECKING:
    from collections.abc import Mapping


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


_NOTIFICATION_SCHEMA = th.PropertiesList(*error_notification()).to_dict()


def mail_settings(config: Mapping[str, t.Any]) -> MailSettings | None:
    """The summary mail's settings, or None when no address is configured.

    The port follows `smtp_tls` unless set; the sender is `smtp_sender`, else `smtp_user`.
    """
    values = SettingValues(config, _NOTIFICATION_SCHEMA)
    recipients = tuple(
        address.strip()
        for address in (values.optional_text("error_notification_email") or "").split(",")
        if address.strip()
    )
    if not recipients:
        return None
    tls = values.text("smtp_tls")
    user = values.optional_text("smtp_user")
    port = values.optional_integer("smtp_port", minimum=1)
    return MailSettings(
        recipients=recipients,
        host=values.text("smtp_host"),
        port=port or DEFAULT_SMTP_PORTS[tls],
        tls=tls,
        user=user,
        password=values.optional_text("smtp_password"),
        sender=values.optional_text("smtp_sender") or user or DEFAULT_SENDER,
    )


class NotifyingSettings(t.Protocol):
    """What `NotifyingTarget` reads of a target's settings object."""

    @property
    def rejects(self) -> RejectSettings:
        """The reject file and whether rejects fail the run."""
        ...

    @property
    def notification(self) -> MailSettings | None:
        """The summary mail's settings (`mail_settings`), None without an address."""
        ...


class NotifyingTarget(LoadOutcome, VendorTarget):
    """A `VendorTarget` that mails the run summary when its load rejected records or failed."""

    @property
    @abstractmethod
    def settings(self) -> NotifyingSettings:
        """This run's settings, with the summary mail's among them."""

    def after_listen(self, failure: BaseException | None) -> None:
        """Mail the summary; an exit (the rejects' exit code) is no failure of its own."""
        super().after_listen(failure)
        self.send_run_summary(None if isinstance(failure, SystemExit) else failure)

    def send_run_summary(self, failure: BaseException | None) -> None:
        """Mail `error_notification_email` when the run rejected records or failed.

        A mail that cannot be sent is logged; it never changes the run's exit code.
        """
        settings = self.settings.notification
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
            lines.append(f"Reject file: {self.settings.rejects.reject_file}")
            lines += ["", "First rejects:"]
            lines += [f"- {reason}" for reason in self.rejects.first_reasons]
        return f"[{self.name}] {outcome.splitlines()[0][:150]}", lines

    def summary_lines(self) -> list[str]:
        """Plugin-specific lines of the summary (e.g. records written); none by default."""
        return []
