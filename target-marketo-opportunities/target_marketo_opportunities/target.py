"""target-marketo-opportunities: upserts and deletes of Marketo opportunities and roles."""

from __future__ import annotations

import threading
import typing as t
from functools import cached_property

from singer_sdk.sinks import BatchSink

from marketo_client.connection import MarketoConnection
from singer_commons.rejects import as_sent
from singer_commons.sdk.plugins import VendorTarget
from target_marketo_opportunities.settings import SETTINGS_SCHEMA, MarketoTargetSettings
from target_marketo_opportunities.sinks import (
    FieldMetadataSink,
    OpportunityRoleSink,
    OpportunitySink,
    UnwritableStreamSink,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from marketo_client.describe import ObjectDescription

SINKS_BY_STREAM: dict[str, type[BatchSink]] = {
    "opportunities": OpportunitySink,
    "opportunity_roles": OpportunityRoleSink,
    "opportunity_fields": FieldMetadataSink,
}


class TargetMarketoOpportunities(VendorTarget):
    """Writes Singer streams `opportunities` and `opportunity_roles` to Marketo."""

    name = "target-marketo-opportunities"
    # The distribution (the name is the executable): --about reads its version from it.
    package_name = "hashiwatashi-target-marketo-opportunities"

    config_jsonschema = SETTINGS_SCHEMA

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._describes: dict[str, ObjectDescription] = {}
        self._describe_lock = threading.Lock()

    @cached_property
    def settings(self) -> MarketoTargetSettings:
        """This run's settings (see `settings.MarketoTargetSettings`)."""
        return MarketoTargetSettings.from_config(self.config)

    def reject(
        self,
        stream: str,
        record: Mapping[str, t.Any],
        reason: str,
        vendor_response: t.Any = None,
    ) -> None:
        """Write a reject: the record as the user sent it, without the SDK's `_sdc_` fields."""
        self.rejects.write(stream, as_sent(record), reason, vendor_response=vendor_response)

    @cached_property
    def connection(self) -> MarketoConnection:
        """The single Marketo connection of this run."""
        return MarketoConnection(self.settings.connection)

    def describe(self, path: str) -> ObjectDescription:
        """An object's describe, one call per object per run."""
        with self._describe_lock:
            if path not in self._describes:
                self._describes[path] = self.connection.describe(path)
            return self._describes[path]

    def get_sink_class(self, stream_name: str) -> type[BatchSink]:
        """The sink of a stream; other streams are rejected with the fix (a stream map)."""
        return SINKS_BY_STREAM.get(stream_name, UnwritableStreamSink)


if __name__ == "__main__":
    TargetMarketoOpportunities.cli()
