"""Base Tap and Target classes: secret redaction, clean budget stops, rejects and exit codes.

Every plugin of the project behaves the same at its edges:
- secrets from settings marked `secret=True` never reach a log line;
- a spent daily budget ends the run with exit code 75 (EX_TEMPFAIL: "try again later") and a
  one-line message saying when, instead of a traceback; a condition only the user can fix
  (`FatalConnectorError`) ends it with exit code 1 and one line saying what to do (the table
  of errors and exit codes is `singer_commons.errors`);
- a target writes rejected records to `reject_file` and, with `fail_on_reject`, exits 1 after
  everything else (and the final STATE) has been written.

What a run learns (a deferred stop, the rejects) is the plugin instance's own state; where the
SDK's private or final methods are involved, the hooks of `singer_commons.sdk.compat` are.
"""

from __future__ import annotations

import logging
import sys
import typing as t
from abc import abstractmethod
from contextlib import contextmanager
from functools import cached_property

from singer_sdk import Tap, Target

from singer_commons.errors import EXIT_RECORDS_REJECTED, BudgetStop, exit_code_of
from singer_commons.redaction import install_log_redaction, register_secret
from singer_commons.rejects import RejectWriter
from singer_commons.sdk.compat import (
    SettingsCheck,
    SyncEnd,
    TargetHooks,
    batch_context,
    drain_aged_records,
    state_covered_by,
)
from singer_commons.sdk.direct_output import RecordBlockWriter
from singer_commons.sdk.direct_records import direct_sink
from singer_commons.sdk.reader import RejectingReader
from singer_commons.sdk.sinks import SDK_STAMPS
from singer_commons.sdk.write_behind import WriteBehind

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from singer_commons.sdk.settings import TargetSettings
    from singer_commons.sdk.sinks import CheckingSink

# Marks a stream not yet looked up in `VendorTarget._direct_sinks` (None means the SDK's path).
_UNKNOWN: t.Any = object()


def register_config_secrets(config: Mapping[str, t.Any], schema: Mapping[str, t.Any]) -> None:
    """Register the value of every setting the schema marks secret for log redaction.

    A value equal to the setting's default is skipped: `--about` publishes it, and masking a
    plain word (`state_backend`'s `file`) would garble every line that holds it.
    """
    for name, spec in schema.get("properties", {}).items():
        value = config.get(name)
        if spec.get("secret") and isinstance(value, str) and value != spec.get("default"):
            register_secret(value)


def line_position(line: int) -> str:
    """How a reason names input line `line` ("input line N"), or "" when it is unknown (0)."""
    return f"input line {line}" if line else ""


@contextmanager
def stop_cleanly(logger: logging.Logger) -> Iterator[None]:
    """Turn a clean stop (`singer_commons.errors.exit_code_of`) into one log line and its code.

    A spent budget or unfinished vendor work exits 75, a fatal condition 1; anything else
    keeps its traceback.
    """
    try:
        yield
    except Exception as exc:
        code = exit_code_of(exc)
        if code is None:
            raise
        logger.error("Stopping: %s", exc)
        sys.stdout.flush()
        raise SystemExit(code) from None


class _GuardedPlugin(SettingsCheck):
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

    @property
    @abstractmethod
    def settings(self) -> object:
        """This run's settings: one frozen object read from the validated config.

        Each plugin's `settings` module declares its settings and builds this object (see
        `singer_commons.sdk.settings.SettingValues`); code reads it, never the raw config.
        """

    def validate_settings(self) -> None:
        """Build the settings object where the SDK checks the config, before any call.

        Every default and check of the object applies at start; a plugin adds what needs
        more than its settings (a warning, a stream name) and calls this first.
        """
        _ = self.settings

    @classmethod
    def invoke(cls, **kwargs: t.Any) -> None:
        """Run from the CLI; budget and fatal stops become one line and an exit code.

        Wrapping the CLI entry covers a tap's stream discovery while it is built (vendor
        calls) as well as the sync, and everything a target does with its input.
        """
        install_log_redaction()
        with stop_cleanly(cls.logger):
            super().invoke(**kwargs)  # type: ignore[misc]


class VendorTap(_GuardedPlugin, SyncEnd):
    """A tap with redacted secrets, the msgspec writer and clean stops (see module doc).

    The writer holds RECORD lines of streams that skip the SDK's per-record steps and writes
    them in blocks, always before the next STATE (see `direct_output`).
    """

    message_writer_class = RecordBlockWriter

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        # Budget stops of single streams, raised once every stream has run.
        self.deferred_stops: list[BudgetStop] = []
        super().__init__(*args, **kwargs)

    def defer_budget_stop(self, stream_name: str, stop: BudgetStop) -> None:
        """End one stream at a spent budget and let streams of other APIs run on.

        For vendors whose quota is per API (配配メール), one spent API need not stop the
        others. The stream's state up to its last complete unit is already written; the run
        still ends with exit code 75 and the first stop's message once every stream ran.
        """
        self.logger.warning("Stream '%s' stopped early: %s", stream_name, stop)
        self.deferred_stops.append(stop)

    def after_sync_all(self) -> None:
        """End the run with the first deferred budget stop, once every stream ran."""
        if self.deferred_stops:
            raise self.deferred_stops[0]

    def run_discovery(self) -> str:
        """Discover streams; a fatal condition is one clear line, not a traceback."""
        with stop_cleanly(self.logger):
            return super().run_discovery()


class VendorTarget(_GuardedPlugin, TargetHooks):
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
        # The last STATE passed on, so a batch's checkpoint does not repeat it.
        self._passed_state: dict | None = None
        if isinstance(self.message_reader, RejectingReader):
            self.message_reader.on_malformed = self.rejects.write

    @property
    @abstractmethod
    def settings(self) -> TargetSettings:
        """This run's settings; the base reads their `rejects` (see `RejectSettings`)."""

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

    def handle_schema_message(self, message_dict: dict) -> None:
        """Forget which sinks records go to directly: a SCHEMA may change maps and sinks."""
        self._direct_sinks.clear()
        super().handle_schema_message(message_dict)

    def handle_record_message(self, message_dict: dict) -> None:
        """Hand the record straight to its sink when the SDK's steps would not change it."""
        stream = message_dict["stream"]
        sink = self._direct_sinks.get(stream, _UNKNOWN)
        if sink is _UNKNOWN:
            sink = self._direct_sinks[stream] = direct_sink(self, stream)
        if sink is None:
            super().handle_record_message(message_dict)
            return
        record = message_dict["record"]
        if not record.keys().isdisjoint(SDK_STAMPS):  # nearly never: no call for the rest
            sink.strip_sdc_record(record)
        sink.tally_record_read()
        sink.process_record(record, batch_context(sink, record))
        sink.record_counter_metric.increment()
        if sink.is_full:
            self.logger.info(
                "Target sink for '%s' is full. Current size is '%s'. Draining...",
                stream,
                sink.current_size,
            )
            self.drain_one(sink)
        drain_aged_records(self)

    @cached_property
    def rejects(self) -> RejectWriter:
        """The reject file shared by every sink of this run."""
        return RejectWriter(self.settings.rejects.reject_file, logger=self.logger)

    @cached_property
    def write_behind(self) -> WriteBehind:
        """The run's vendor writes that may go on while input is read (see `WriteBehind`)."""
        return WriteBehind()

    def write_later(self, sink: CheckingSink, write: Callable[[], None]) -> None:
        """Hand a drained batch's vendor write to the writer thread (see `WriteBehind`)."""
        self.write_behind.submit(write)
        self._pass_state_once_written(sink)

    def handle_state_message(self, message_dict: dict) -> None:
        """Note the STATE; pass it on once written when no record before it waits in a sink."""
        super().handle_state_message(message_dict)
        self._pass_state_once_written()

    def _pass_state_once_written(self, draining: CheckingSink | None = None) -> None:
        """Pass the latest STATE on after the write in flight, if it covers nothing unwritten.

        The SDK passes STATE on only after draining every sink at once (the end of the input,
        or the maximum record age); so a run stopped part-way (a spent quota: exit 75) would
        make the next run send again every batch written since the start. Here a STATE is
        passed on as soon as every record read before it is written: after the batch being
        drained (`draining`), or when the STATE arrives with every sink empty. This holds
        because a sink's `process_batch` has written its batch, or handed the write to
        `write_later`, by the time it returns (the 配配メール sink, which uploads only at the
        end, never reports full, so its records stay in the sink until then).
        """
        state = state_covered_by(self, draining)
        if state is None or state == self._passed_state:
            return
        self._passed_state = state
        self.write_behind.then(lambda: TargetHooks.write_state(self, state))

    def write_state(self, state: dict) -> None:
        """Pass STATE on once every write before it was answered, unless it already was."""
        self.write_behind.wait()
        if state == self._passed_state:
            return
        self._passed_state = state
        super().write_state(state)

    def process_endofpipe(self) -> None:
        """Drain everything, then report rejects through the exit code if asked to."""
        super().process_endofpipe()
        self.write_behind.close()
        self.rejects.close()
        if self.rejects.count:
            settings = self.settings.rejects
            self.logger.error(
                "%d record(s) rejected; see %s", self.rejects.count, settings.reject_file
            )
            if settings.fail_on_reject:
                raise SystemExit(EXIT_RECORDS_REJECTED)
