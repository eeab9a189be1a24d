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
import sys
import typing as t
from contextlib import contextmanager
from functools import cached_property

from singer_sdk import Tap, Target
from singer_sdk.contrib.msgspec import MsgSpecReader, MsgSpecWriter
from singer_sdk.exceptions import ConfigValidationError

from singer_commons.errors import DailyBudgetExhausted
from singer_commons.redaction import install_log_redaction, register_secret
from singer_commons.rejects import RejectWriter

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

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


class FatalConnectorError(Exception):
    """A condition only the user can fix (credentials, a read-only object, a bad setting).

    Reported as one clear log line and exit code 1, not a traceback.
    """


class VendorQuotaExhausted(Exception):
    """The vendor itself refused a call because its daily quota is spent; resume later."""


@contextmanager
def stop_cleanly(logger: logging.Logger) -> Iterator[None]:
    """Turn a spent budget (exit 75) or a fatal condition (exit 1) into one clear log line."""
    try:
        yield
    except (DailyBudgetExhausted, VendorQuotaExhausted) as exc:
        logger.error("Stopping: %s", exc)
        sys.stdout.flush()
        raise SystemExit(EXIT_BUDGET_SPENT) from None
    except FatalConnectorError as exc:
        logger.error("Stopping: %s", exc)
        sys.stdout.flush()
        raise SystemExit(EXIT_FATAL) from None


class VendorTap(Tap):
    """A tap with redacted secrets, the msgspec writer and a clean stop at the budget."""

    message_writer_class = MsgSpecWriter

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        install_log_redaction()
        # The SDK discovers streams while constructing a tap given a catalog: vendor calls.
        with stop_cleanly(logging.getLogger(self.name)):
            super().__init__(*args, **kwargs)
        register_config_secrets(self.config, self.config_jsonschema)

    def run_discovery(self) -> str:
        """Discover streams; a fatal condition is one clear line, not a traceback."""
        with stop_cleanly(self.logger):
            return super().run_discovery()

    def check_call_plan(self) -> None:
        """Refuse to start when the daily budget cannot cover the run's fewest calls.

        Plugins whose call count is known in advance override this (see `CallLedger.ensure`),
        so a run that would be cut off half-way does not start and spend the budget.
        """

    # The SDK marks `sync_all` @final; this override only wraps it (no behaviour of its own
    # replaced), which the SDK offers no other hook for before the first stream syncs.
    def sync_all(self) -> None:  # type: ignore[misc]
        """Check the call plan, then sync every selected stream; a spent budget exits 75."""
        with stop_cleanly(self.logger):
            self.check_call_plan()
            super().sync_all()


class VendorTarget(Target):
    """A target with redacted secrets, the msgspec reader, a reject file and exit codes."""

    message_reader_class = MsgSpecReader

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        install_log_redaction()
        super().__init__(*args, **kwargs)
        register_config_secrets(self.config, self.config_jsonschema)

    @cached_property
    def rejects(self) -> RejectWriter:
        """The reject file shared by every sink of this run."""
        return RejectWriter(self.config.get("reject_file"), logger=self.logger)

    # The SDK marks `listen` @final; this override only wraps it in `stop_cleanly`.
    def listen(self, file_input: t.IO[str] | None = None) -> None:  # type: ignore[misc]
        """Read the Singer stream; a spent budget ends the run cleanly (exit 75)."""
        with stop_cleanly(self.logger):
            super().listen(file_input)

    def process_endofpipe(self) -> None:
        """Drain everything, then report rejects through the exit code if asked to."""
        super().process_endofpipe()
        self.rejects.close()
        if self.rejects.count:
            self.logger.error(
                "%d record(s) rejected; see %s", self.rejects.count, self.config.get("reject_file")
            )
            if self.config.get("fail_on_reject", True):
                raise SystemExit(EXIT_RECORDS_REJECTED)
