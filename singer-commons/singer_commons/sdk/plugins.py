"""Base Tap and Target classes: secret redaction, clean budget stops, rejects and exit codes.

Every plugin of the project behaves the same at its edges:
- secrets from settings marked `secret=True` never reach a log line;
- a spent daily budget ends the run with exit code 75 (EX_TEMPFAIL: "try again later") and a
  one-line message saying when, instead of a traceback; a condition only the user can fix
  (`FatalConnectorError`) ends it with exit code 1 and one line saying what to do;
- a target writes rejected records to `reject_file` and, with `fail_on_reject`, exits 1 after
  everything else (and the final STATE) has been written.
"""

from __future__ import annotations

import logging
import socket
import sys
import typing as t
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property

from singer_sdk import Tap, Target
from singer_sdk.contrib.msgspec import MsgSpecWriter
from singer_sdk.exceptions import ConfigValidationError

from singer_commons.errors import DailyBudgetExhausted, VendorUnavailable
from singer_commons.notify import MailSettings, NotificationError
from singer_commons.notify import compose as compose_mail
from singer_commons.notify import send as send_mail
from singer_commons.redaction import install_log_redaction, register_secret
from singer_commons.rejects import RejectWriter
from singer_commons.sdk.direct_records import direct_sink
from singer_commons.sdk.reader import RejectingReader
from singer_commons.sdk.write_behind import WriteBehind

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from singer_commons.sdk.sinks import CheckingSink

EXIT_BUDGET_SPENT = 75  # sysexits.h EX_TEMPFAIL: a temporary failure, re-run later.
EXIT_RECORDS_REJECTED = 1
EXIT_FATAL = 1


def register_config_secrets(config: Mapping[str, t.Any], schema: Mapping[str, t.Any]) -> None:
    """Register the value of every setting the schema marks secret for log redaction."""
    for name, spec in schema.get("properties", {}).items():
        if spec.get("secret") and isinstance(config.get(name), str):
            register_secret(config[name])


def config_error(message: str) -> ConfigValidationError:
    """A settings error the SDK's CLI prints in full (it logs `errors`, not the message)."""
    return ConfigValidationError("Config validation failed", errors=[message])


def line_position(line: int) -> str:
    """How a reason names input line `line` ("input line N"), or "" when it is unknown (0)."""
    return f"input line {line}" if line else ""


class FatalConnectorError(Exception):
    """A condition only the user can fix (credentials, a read-only object, a bad setting).

    Reported as one clear log line and exit code 1, not a traceback.
    """


class TryAgainLater(Exception):
    """Work the vendor has not finished (or will not accept) yet; re-running later resumes it.

    Ends the run with exit code 75 like a spent budget: nothing was lost, nothing is wrong.
    """


class VendorQuotaExhausted(TryAgainLater):
    """The vendor itself refused a call because its daily quota is spent; resume later."""


BudgetStop = DailyBudgetExhausted | VendorQuotaExhausted
# The target this process runs (one process runs one plugin), so the outcome of `invoke`,
# which builds it, can be reported by the target itself.
_running_targets: list[VendorTarget] = []
# Budget stops of single streams, raised once every other stream has run (see
# `VendorTap.defer_budget_stop`). One process runs one plugin, so a module-level list is
# the run's list; `invoke` clears it first.
_deferred_stops: list[BudgetStop] = []


@contextmanager
def stop_cleanly(logger: logging.Logger) -> Iterator[None]:
    """Turn a spent budget (exit 75) or a fatal condition (exit 1) into one clear log line."""
    try:
        yield
    except (DailyBudgetExhausted, TryAgainLater, VendorUnavailable) as exc:
        logger.error("Stopping: %s", exc)
        sys.stdout.flush()
        raise SystemExit(EXIT_BUDGET_SPENT) from None
    except FatalConnectorError as exc:
        logger.error("Stopping: %s", exc)
        sys.stdout.flush()
        raise SystemExit(EXIT_FATAL) from None


class _GuardedPlugin:
    """What taps and targets share: secrets masked from the first vendor call, clean stops."""

    logger: t.ClassVar[logging.Logger]

    def __init__(self, *args: t.Any, setup_mapper: bool = True, **kwargs: t.Any) -> None:
        install_log_redaction()
        # Secrets are registered before the stream maps are set up, because setting them up
        # discovers streams: the first vendor calls, whose log lines must already be masked.
        super().__init__(*args, setup_mapper=False, **kwargs)  # type: ignore[call-arg]
        plugin = t.cast("Tap | Target", self)
        register_config_secrets(plugin.config, plugin.config_jsonschema)
        if setup_mapper:
            plugin.setup_mapper()

    def _validate_config(self, *, raise_errors: bool = True) -> list[str]:
        """The SDK's JSON Schema checks, then the plugin's own (`validate_settings`).

        Running the plugin's checks here, at start, makes the SDK report them like schema
        errors (one line each, exit 1) before any vendor call, in every mode (`--discover`
        included).
        """
        errors: list[str] = super()._validate_config(raise_errors=raise_errors)  # type: ignore[misc]
        if errors:
            return errors
        try:
            self.validate_settings()
        except ConfigValidationError as exc:
            if raise_errors:
                raise
            errors = list(exc.errors)
        return errors

    def validate_settings(self) -> None:
        """Check what JSON Schema cannot say (e.g. one of two auth modes); none by default.

        Raises:
            ConfigValidationError: made with `config_error`, naming the setting.
        """

    @classmethod
    def invoke(cls, **kwargs: t.Any) -> None:
        """Run from the CLI; budget and fatal stops become one line and an exit code.

        Wrapping the CLI entry covers a tap's stream discovery while it is built (vendor
        calls) as well as the sync, and everything a target does with its input.
        """
        install_log_redaction()
        _deferred_stops.clear()
        with stop_cleanly(cls.logger):
            cls.run_guarded(**kwargs)
            if _deferred_stops:
                raise _deferred_stops[0]

    @classmethod
    def run_guarded(cls, **kwargs: t.Any) -> None:
        """The SDK's own invoke; a hook for what must see the run's outcome before the exit."""
        super().invoke(**kwargs)  # type: ignore[misc]


class VendorTap(_GuardedPlugin, Tap):
    """A tap with redacted secrets, the msgspec writer and clean stops (see module doc)."""

    message_writer_class = MsgSpecWriter

    def defer_budget_stop(self, stream_name: str, stop: BudgetStop) -> None:
        """End one stream at a spent budget and let streams of other APIs run on.

        For vendors whose quota is per API (配配メール), one spent API need not stop the
        others. The stream's state up to its last complete unit is already written; the run
        still ends with exit code 75 and the first stop's message once every stream ran.
        """
        self.logger.warning("Stream '%s' stopped early: %s", stream_name, stop)
        _deferred_stops.append(stop)

    def run_discovery(self) -> str:
        """Discover streams; a fatal condition is one clear line, not a traceback."""
        with stop_cleanly(self.logger):
            return super().run_discovery()


class VendorTarget(_GuardedPlugin, Target):
    """A target with redacted secrets, the msgspec reader, a reject file and exit codes.

    A malformed input line (not JSON, a missing key, a RECORD before its SCHEMA; see
    `RejectingReader`) goes to the reject file like a refused record, and the load goes on.
    """

    message_reader_class = RejectingReader

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        # Sinks drain one after another, in arrival order (Marketo opportunities before
        # their roles; a batch's identities claimed before the next batch's), and their
        # writes go out one at a time (`write_behind`): no SDK drain threads.
        self.max_parallelism = 1
        # Stream → the sink its records go to directly, or None (see `direct_records`).
        self._direct_sinks: dict[str, CheckingSink | None] = {}
        if isinstance(self.message_reader, RejectingReader):
            self.message_reader.on_malformed = self.rejects.write
        _running_targets.append(self)

    @property
    def input_line(self) -> int:
        """The input line of the message being processed (0 if unknown)."""
        return int(getattr(self.message_reader, "line_number", 0))

    @property
    def input_position(self) -> str:
        """Where in the input the message being processed is ("input line N"), if known.

        Reasons start with it, in the numbering of the reader's rejected lines, so a record
        without a usable key can still be found.
        """
        return line_position(self.input_line)

    def _process_schema_message(self, message_dict: dict) -> None:
        """Forget which sinks records go to directly: a SCHEMA may change maps and sinks."""
        self._direct_sinks.clear()
        super()._process_schema_message(message_dict)

    def _process_record_message(self, message_dict: dict) -> None:
        """Hand the record straight to its sink when the SDK's steps would not change it."""
        stream = message_dict["stream"]
        if stream not in self._direct_sinks:
            self._direct_sinks[stream] = direct_sink(self, stream)
        sink = self._direct_sinks[stream]
        if sink is None:
            super()._process_record_message(message_dict)
            return
        record = message_dict["record"]
        sink._remove_sdc_metadata_from_record(record)
        sink.tally_record_read()
        sink.process_record(record, sink._get_context(record))
        sink.record_counter_metric.increment()
        if sink.is_full:
            self.logger.info(
                "Target sink for '%s' is full. Current size is '%s'. Draining...",
                stream,
                sink.current_size,
            )
            self.drain_one(sink)
        self._handle_max_record_age()

    @classmethod
    def run_guarded(cls, **kwargs: t.Any) -> None:
        """Run, then mail the summary when records were rejected or the run failed."""
        _running_targets.clear()
        try:
            super().run_guarded(**kwargs)
        except SystemExit:
            # `--about`, a settings error or the rejects' exit code: only rejects are news.
            cls._report_outcome(None)
            raise
        except BaseException as exc:
            cls._report_outcome(exc)
            raise
        cls._report_outcome(None)

    @classmethod
    def _report_outcome(cls, failure: BaseException | None) -> None:
        if _running_targets:
            _running_targets[-1].send_run_summary(failure)

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
        elif isinstance(
            failure, FatalConnectorError | TryAgainLater | DailyBudgetExhausted | VendorUnavailable
        ):
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

    @cached_property
    def rejects(self) -> RejectWriter:
        """The reject file shared by every sink of this run."""
        return RejectWriter(self.config.get("reject_file"), logger=self.logger)

    @cached_property
    def write_behind(self) -> WriteBehind:
        """The run's vendor writes that may go on while input is read (see `WriteBehind`)."""
        return WriteBehind()

    def _write_state_message(self, state: dict) -> None:
        """Pass STATE on only once every write before it was answered."""
        self.write_behind.wait()
        super()._write_state_message(state)

    def process_endofpipe(self) -> None:
        """Drain everything, then report rejects through the exit code if asked to."""
        super().process_endofpipe()
        self.write_behind.close()
        self.rejects.close()
        if self.rejects.count:
            self.logger.error(
                "%d record(s) rejected; see %s", self.rejects.count, self.config.get("reject_file")
            )
            if self.config.get("fail_on_reject", True):
                raise SystemExit(EXIT_RECORDS_REJECTED)
