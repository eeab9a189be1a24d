"""Every point where this project relies on singer-sdk beyond its public API, fenced here.

Why: a few behaviours our plugins need have no public SDK hook (a target that rejects a bad
record instead of stopping, a tap that requests the next page while it emits this one, a
bookmark after each complete day). Each such contact, a private name (`_…`) or an override of
a method the SDK marks final, lives here and nowhere else, with what it relies on and why the
public API does not serve. `singer-commons/tests/test_commons_sdk_compat.py` checks each one
against the installed singer-sdk, so an upgrade shows exactly which contact moved.

Two shapes:
- an override is an adapter class: it overrides the SDK's private (or final) method and hands
  the call to a public method of ours, whose default is the SDK's own step; a subclass
  overrides the public name and calls `super()` for the SDK's step;
- a call is a function taking the SDK object.
"""

from __future__ import annotations

import copy
import typing as t

from singer_sdk import Tap, Target
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.sinks import BatchSink
from singer_sdk.streams import Stream

if t.TYPE_CHECKING:
    from collections.abc import Callable

    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.pagination import BaseAPIPaginator
    from singer_sdk.sinks import Sink
    from singer_sdk.streams import RESTStream

    Sender = Callable[[requests.PreparedRequest, Context | None], requests.Response]


class SettingsCheck:
    """Mixin for a Tap or Target: `validate_settings` runs where the SDK checks the config."""

    def _validate_config(self, *, raise_errors: bool = True) -> list[str]:
        """The SDK's JSON Schema checks of the config, then `validate_settings`.

        Relies on: `PluginBase._validate_config(*, raise_errors)`, which the SDK calls while
        it builds a plugin with `validate_config=True` (every CLI mode, `--discover` of a tap
        with a dynamic catalog included) and which returns the errors (or raises them).
        Public API: no hook runs a plugin's own checks at that point; checked later (when a
        stream or sink starts), a bad setting would come after vendor calls and not be
        reported like a schema error (one line each, exit 1).
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
            ConfigValidationError: made with `singer_commons.errors.config_error`, naming the
                setting.
        """


class SyncEnd(Tap):
    """A tap told when every stream of its sync has run (`after_sync_all`)."""

    def sync_all(self) -> None:  # type: ignore[misc]
        """The SDK's sync of every stream, then `after_sync_all`.

        Relies on: `Tap.sync_all` (marked final) syncing every selected stream and being the
        last step of `Tap.invoke`, the CLI's sync.
        Public API: `invoke` is a class method that builds the tap and syncs it, so what the
        instance learned during the sync (a stream's deferred stop) reaches the run's outcome
        only from here, short of module-level state.
        """
        super().sync_all()
        self.after_sync_all()

    def after_sync_all(self) -> None:
        """Every stream ran; raise here to end the run with an error. Nothing by default."""


class StreamRecordSteps(Stream):
    """Public names for a Stream's private per-record steps (see each method)."""

    def _process_record(
        self,
        record: dict,
        child_context: Context | None = None,
        partition_context: Context | None = None,
    ) -> None:
        """Hand the SDK's per-record partition and child step to `sync_record_children`.

        Relies on: `Stream._process_record(record, child_context, partition_context)`, which
        the SDK's sync loop calls for each record before writing it, to copy the partition's
        keys into the record and sync the child streams of the record.
        Public API: none; a stream with neither a partition nor a selected child can skip a
        step that then changes nothing.
        """
        self.sync_record_children(record, child_context, partition_context)

    def sync_record_children(
        self, record: dict, child_context: Context | None, partition_context: Context | None
    ) -> None:
        """Add the partition's keys to `record` and sync its children: the SDK's step."""
        super()._process_record(record, child_context, partition_context)

    def _write_record_message(self, record: dict) -> None:
        """Hand the SDK's writing of one RECORD message to `write_record_message`.

        Relies on: `Stream._write_record_message(record)`, which the SDK's sync loop calls
        for each selected record, to drop deselected properties, conform its values, run it
        through the stream maps and write one RECORD per map.
        Public API: `post_process` sees the record before those steps, the tap's message
        writer after them; neither can skip steps that change nothing for a stream.
        """
        self.write_record_message(record)

    def write_record_message(self, record: dict) -> None:
        """Write `record` as RECORD message(s): the SDK's step by default."""
        super()._write_record_message(record)

    def _write_state_message(self) -> None:
        """Hand the SDK's STATE step of a stream to `write_state_message`.

        Relies on: `Stream._write_state_message()`, which the SDK's sync loop calls every
        `STATE_MSG_FREQUENCY` records and at the end of each partition and of the stream
        (and `write_stream_state` calls), and which writes the tap's STATE unless no record
        went out since the last one, or the tap's `StateWriter` finds it unchanged.
        Public API: a message writer sees only the STATEs that are written; records a
        stream holds back must go out at each of these points, written or not.
        """
        self.write_state_message()

    def write_state_message(self) -> None:
        """Write the tap's STATE if a record went out since the last: the SDK's step."""
        super()._write_state_message()


class TargetHooks(Target):
    """Public names for the Target's private message steps (see each method)."""

    def _process_schema_message(self, message_dict: dict) -> None:
        """Hand a SCHEMA message to `handle_schema_message`.

        Relies on: `Target._process_schema_message(message_dict)` being the callback the
        SDK's reader calls for every SCHEMA message (`PluginBase.process_lines`).
        Public API: none sees a SCHEMA before the SDK builds a sink (and a validator) from it;
        a target that refuses an invalid SCHEMA, or resets what it derived from the previous
        one, must.
        """
        self.handle_schema_message(message_dict)

    def handle_schema_message(self, message_dict: dict) -> None:
        """Process a SCHEMA message: the SDK's step (new sink, stream maps) by default."""
        super()._process_schema_message(message_dict)

    def _process_record_message(self, message_dict: dict) -> None:
        """Hand a RECORD message to `handle_record_message`.

        Relies on: `Target._process_record_message(message_dict)` being the callback the
        SDK's reader calls for every RECORD message.
        Public API: `Sink.process_record` sees a record only after the SDK's per-record steps
        (copy, map, validation hooks, about 4 µs a record: see `direct_records`), which
        cannot be skipped, and a refused stream's records must not reach a sink at all.
        """
        self.handle_record_message(message_dict)

    def handle_record_message(self, message_dict: dict) -> None:
        """Process a RECORD message: the SDK's steps (map, sink, drain) by default."""
        super()._process_record_message(message_dict)

    def _process_state_message(self, message_dict: dict) -> None:
        """Hand a STATE message to `handle_state_message`.

        Relies on: `Target._process_state_message(message_dict)` being the callback the
        SDK's reader calls for every STATE message (it only keeps it as the latest state).
        Public API: none sees a STATE as it is read; a target writing batch by batch passes
        it on once the records before it are written (`VendorTarget`).
        """
        self.handle_state_message(message_dict)

    def handle_state_message(self, message_dict: dict) -> None:
        """Process a STATE message: the SDK's step (keep it as the latest) by default."""
        super()._process_state_message(message_dict)

    def _write_state_message(self, state: dict) -> None:
        """Hand a STATE the target is about to emit to `write_state`.

        Relies on: `Target._write_state_message(state)` being where the SDK writes every
        STATE it emits, once the sinks drained.
        Public API: draining ends when `process_batch` returns; a sink whose vendor write
        goes on in a thread needs the STATE held until that write is answered.
        """
        self.write_state(state)

    def write_state(self, state: dict) -> None:
        """Emit a STATE message to standard output: the SDK's step by default."""
        super()._write_state_message(state)


class LoadOutcome(Target):
    """A target told how its load ended (`after_listen`), whatever ended it."""

    def listen(self, file_input: t.IO[str] | None = None) -> None:  # type: ignore[misc]
        """The SDK's whole load (read input, drain, final STATE), then `after_listen`.

        Relies on: `Target.listen` (marked final) being the whole load and the last step of
        `Target.invoke`, the CLI's run.
        Public API: `process_endofpipe` sees only a load that read all its input, and
        `invoke` is a class method with no hold on the target it builds, so the instance
        learns how the load ended (an error included) only here.
        """
        try:
            super().listen(file_input)
        except BaseException as exc:
            self.after_listen(exc)
            raise
        self.after_listen(None)

    def after_listen(self, failure: BaseException | None) -> None:
        """The load ended (`failure` None: it read all its input). Nothing by default."""


class SinkHooks(BatchSink):
    """Public names for the Sink's private per-record and schema steps (see each method)."""

    def _remove_sdc_metadata_from_schema(self) -> None:
        """Hand the SDK's removal of `_sdc_` columns from the schema to `strip_sdc_schema`.

        Relies on: `Sink._remove_sdc_metadata_from_schema()`, which `Sink.__init__` calls
        when `include_sdc_metadata_properties` is false.
        Public API: the flag is all or nothing; a target keeping one `_sdc_` property
        (`_sdc_deleted_at`, a delete) has no other say.
        """
        self.strip_sdc_schema()

    def strip_sdc_schema(self) -> None:
        """Drop the SDK's `_sdc_` columns from `self.schema`: the SDK's step by default."""
        super()._remove_sdc_metadata_from_schema()

    def _remove_sdc_metadata_from_record(self, record: dict) -> None:
        """Hand the SDK's removal of `_sdc_` stamps from a record to `strip_sdc_record`.

        Relies on: `Sink._remove_sdc_metadata_from_record(record)`, which the Target's record
        step calls on each record (in place) when `include_sdc_metadata_properties` is false.
        Public API: as for the schema, nothing keeps one property.
        """
        self.strip_sdc_record(record)

    def strip_sdc_record(self, record: dict) -> None:
        """Drop the SDK's `_sdc_` stamps from `record`, in place: the SDK's step by default."""
        super()._remove_sdc_metadata_from_record(record)

    def _validate_and_parse(self, record: dict) -> dict:
        """Hand the SDK's per-record validation to `validate_and_parse`.

        Relies on: `Sink._validate_and_parse(record)`, which the Target's record step calls
        on each record and which validates it against the SCHEMA (raising or logging) and
        parses its date-times.
        Public API: `validate_schema` false drops the validator but not the date-time
        parsing; `fail_on_record_validation_exception` false logs and passes a bad record on.
        Neither rejects the record naming its field, and the run goes on.
        """
        return self.validate_and_parse(record)

    def validate_and_parse(self, record: dict) -> dict:
        """Validate and parse a record: the SDK's step by default."""
        return super()._validate_and_parse(record)

    def _singer_validate_message(self, record: dict) -> None:
        """Hand the SDK's key-property check to `check_key_properties`.

        Relies on: `Sink._singer_validate_message(record)`, which the Target's record step
        calls on each record and which raises (ending the load) on a missing key property.
        Public API: nothing turns the check off; a record without its key is bad input, for
        the reject file.
        """
        self.check_key_properties(record)

    def check_key_properties(self, record: dict) -> None:
        """Raise when a key property is missing: the SDK's step by default."""
        super()._singer_validate_message(record)


def batch_context(sink: BatchSink, record: dict) -> dict:
    """The context of the batch `record` joins (one per batch, started by the first record).

    Relies on: `BatchSink._get_context(record)`, which starts a batch (`start_batch`) when
    none is pending and returns its context.
    Public API: only the Target's record step (which `TargetHooks.handle_record_message` may
    skip) asks for it; a record handed straight to `process_record` needs the same context.
    """
    return sink._get_context(record)


def drain_aged_records(target: Target) -> None:
    """Drain every sink once a record waited longer than the SDK's maximum record age.

    Relies on: `Target._handle_max_record_age()`, the check the Target's record step makes
    after each record.
    Public API: none; a record handed straight to its sink must keep the same bound on how
    long records (and so STATE) wait.
    """
    target._handle_max_record_age()


def state_covered_by(target: Target, draining: Sink | None = None) -> dict | None:
    """The latest STATE read, when no record read before it waits outside `draining`'s batch.

    Then every record before that STATE is in the batch being drained (if any) or in an
    earlier one, so the STATE may be passed on once that batch's write is answered.

    Relies on: `Target._latest_state` (the last STATE message read, or None) and
    `Target._sinks_active` / `Target._sinks_to_clear` (every sink that may hold records).
    Public API: the SDK passes STATE on only after draining every sink at once (the end of
    the input, or the maximum record age), so a target stopped part-way (a spent quota, exit
    75) would make its next run re-send every batch written since.
    """
    state = target._latest_state
    if not state:
        return None
    sinks = [*target._sinks_active.values(), *target._sinks_to_clear]
    if any(sink is not draining and sink.current_size for sink in sinks):
        return None
    return copy.deepcopy(state)


def request_sender(stream: RESTStream) -> Sender:
    """The stream's undecorated send of one prepared request (auth, send, duration metric).

    Relies on: `RESTStream._request(prepared_request, context)`, which the SDK's
    `request_records` wraps with `request_decorator`.
    Public API: `request_records` is the whole paging loop, which waits for each page only
    after the previous page's records went out; a loop that requests ahead needs the same
    single send.
    """
    return stream._request


def prepare_request(
    stream: RESTStream, context: Context | None, paginator: BaseAPIPaginator
) -> requests.PreparedRequest:
    """The request for the paginator's current page, built from `get_http_request`.

    Relies on: `RESTStream._prepare_request(*, context, page)`, the SDK's way (0.54) from
    `get_http_request` to a prepared request.
    Public API: `prepare_request` is deprecated and skips `get_http_request`; building the
    request from `get_http_request` here would copy the SDK's encoding of params and body.
    """
    return stream._prepare_request(context=context, page=paginator)


def advance_bookmark(stream: Stream, latest_record: dict, context: Context | None) -> None:
    """Move the stream's (or partition's) bookmark to `latest_record`'s replication key.

    Relies on: `Stream._increment_stream_state(latest_record, *, context)`, the SDK's own
    bookmark step (sort check included).
    Public API: the SDK moves bookmarks only per emitted record; a stream bookmarking whole
    units (a day, however many rows it held, none included) has no other way.
    """
    stream._increment_stream_state(latest_record, context=context)


def write_stream_state(stream: Stream) -> None:
    """Emit the tap's STATE now, unless no record went out since the last STATE.

    Relies on: `Stream._write_state_message()`, which writes the tap's state unless it is
    flushed (no RECORD written since the last STATE).
    Public API: the SDK writes STATE every `STATE_MSG_FREQUENCY` records and at the end of
    a stream; a bookmark after each complete unit needs its STATE right then.
    """
    stream._write_state_message()


def stream_tap(stream: Stream) -> Tap:
    """The tap a stream belongs to.

    Relies on: `Stream._tap`, set by `Stream.__init__(tap, ...)`.
    Public API: a stream keeps no public reference to its tap; its message writer says how
    a RECORD must be written to look like the SDK's.
    """
    return stream._tap


def stream_version(stream: Stream) -> int | None:
    """The table version a stream stamps on its RECORD messages (None: no `version` key).

    Relies on: `Stream._stream_version`, set when a full-table sync activates a version and
    passed as the RecordMessage's `version`.
    Public API: none; a RECORD written without the SDK's message object must carry the same
    version.
    """
    return stream._stream_version
