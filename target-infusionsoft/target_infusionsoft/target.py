"""target-infusionsoft: Keap (Infusionsoft) records created, updated, upserted and deleted."""

from __future__ import annotations

import threading
import typing as t
from functools import cached_property

from keap_client.connection import KeapConnection
from keap_client.custom_fields import model_fields
from singer_commons.rejects import as_sent
from singer_commons.sdk.plugins import VendorTarget
from singer_commons.write_journal import WriteJournal
from target_infusionsoft.custom_fields import CustomFieldValues
from target_infusionsoft.progress import Progress
from target_infusionsoft.resources import BY_STREAM
from target_infusionsoft.settings import SETTINGS_SCHEMA, KeapTargetSettings
from target_infusionsoft.sinks import KeapSink, UnwritableStreamSink
from target_infusionsoft.tags import ContactTags
from target_infusionsoft.writer import KeapWriter, write_journal

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from singer_sdk.sinks import BatchSink

    from target_infusionsoft.plan import Action
    from target_infusionsoft.resources import Resource
    from target_infusionsoft.writer import Written

CONTACT_TAGS = "contact_tags"


class TargetInfusionsoft(VendorTarget):
    """Creates, updates, upserts and deletes Keap records: one Singer stream per Keap resource."""

    name = "target-infusionsoft"
    # The distribution (the name is the executable): --about reads its version from it.
    package_name = "hashiwatashi-target-infusionsoft"
    config_jsonschema = SETTINGS_SCHEMA

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._models: dict[str, CustomFieldValues] = {}
        self._model_lock = threading.Lock()

    @cached_property
    def settings(self) -> KeapTargetSettings:
        """This run's settings (see `settings.KeapTargetSettings`)."""
        return KeapTargetSettings.from_config(self.config)

    @cached_property
    def connection(self) -> KeapConnection:
        """The single Keap connection of this run (the tap's token store and call ledger)."""
        return KeapConnection(self.settings.connection)

    @cached_property
    def journal(self) -> WriteJournal:
        """Which records this credential's runs created at this API (see `write_journal`)."""
        return write_journal(self.settings.connection)

    @cached_property
    def writer(self) -> KeapWriter:
        """Sends planned actions (see `writer.py`)."""
        return KeapWriter(self.connection, self.journal)

    @cached_property
    def contact_tags(self) -> ContactTags:
        """Writes `contact_tags` records, with the run's caches of tags and contacts."""
        return ContactTags(self.connection, self.writer)

    @cached_property
    def progress(self) -> Progress:
        """The run's counts, logged at least every 30 s."""
        return Progress(self.logger, lambda: self.rejects.count)

    def write(self, action: Action) -> Written:
        """Carry out one planned action (in the writer thread)."""
        if action.resource.stream == CONTACT_TAGS:
            return self.contact_tags.write(action)
        return self.writer.write(action)

    def custom_fields(self, resource: Resource) -> CustomFieldValues | None:
        """The resource's custom fields, from its `/model` (one call per run), if writable."""
        model_path = resource.model_path
        if model_path is None:
            return None
        with self._model_lock:
            if model_path not in self._models:
                model = self.connection.get_json(model_path) or {}
                fields = model_fields(model, reserved=resource.fields)
                self._models[model_path] = CustomFieldValues(fields, model_path=model_path)
                self.logger.info("%d custom field(s) from %s", len(fields), model_path)
            return self._models[model_path]

    def reject(
        self,
        stream: str,
        record: Mapping[str, t.Any],
        reason: str,
        vendor_response: t.Any = None,
    ) -> None:
        """Write a reject: the record as the user sent it, without the SDK's `_sdc_` fields."""
        self.rejects.write(stream, as_sent(record), reason, vendor_response=vendor_response)

    def get_sink_class(self, stream_name: str) -> type[BatchSink]:
        """The stream's sink; a stream without a Keap resource has its records rejected."""
        return KeapSink if stream_name in BY_STREAM else UnwritableStreamSink

    def process_endofpipe(self) -> None:
        """Write everything, then log the run's final counts (before any exit code)."""
        try:
            super().process_endofpipe()
        finally:
            self.progress.log()


if __name__ == "__main__":
    TargetInfusionsoft.cli()
