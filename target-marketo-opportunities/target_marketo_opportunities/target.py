"""target-marketo-opportunities: upserts and deletes of Marketo opportunities and roles."""

from __future__ import annotations

import threading
import typing as t
from functools import cached_property

from singer_sdk import typing as th
from singer_sdk.sinks import BatchSink

from marketo_client.connection import MarketoConnection
from marketo_client.settings import CONNECTION_PROPERTIES
from singer_commons.errors import config_error
from singer_commons.rejects import as_sent
from singer_commons.sdk import settings as common
from singer_commons.sdk.plugins import VendorTarget
from target_marketo_opportunities.records import WriteMode
from target_marketo_opportunities.sinks import (
    FieldMetadataSink,
    OpportunityRoleSink,
    OpportunitySink,
    UnwritableStreamSink,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from marketo_client.describe import ObjectDescription

ACTIONS = ("createOrUpdate", "createOnly", "updateOnly")
DEDUPE_BY = ("dedupeFields", "idField")
SINKS_BY_STREAM: dict[str, type[BatchSink]] = {
    "opportunities": OpportunitySink,
    "opportunity_roles": OpportunityRoleSink,
    "opportunity_fields": FieldMetadataSink,
}


class TargetMarketoOpportunities(VendorTarget):
    """Writes Singer streams `opportunities` and `opportunity_roles` to Marketo."""

    name = "target-marketo-opportunities"

    config_jsonschema = th.PropertiesList(
        *CONNECTION_PROPERTIES,
        th.Property(
            "action",
            th.StringType(allowed_values=list(ACTIONS)),
            default="createOrUpdate",
            description=(
                "Marketo sync action: createOrUpdate (upsert), createOnly (skip existing) or "
                "updateOnly (skip unknown)."
            ),
        ),
        th.Property(
            "dedupe_by",
            th.StringType(allowed_values=list(DEDUPE_BY)),
            default="dedupeFields",
            description=(
                "Key that matches records: dedupeFields (externalOpportunityId; for roles "
                "externalOpportunityId+leadId+role) or idField (marketoGUID; updateOnly and "
                "deletes only). Also the deleteBy of deletes."
            ),
        ),
        th.Property(
            "reject_unknown_fields",
            th.BooleanType,
            default=True,
            description=(
                "Reject records carrying a field the object does not have (true), or drop such "
                "fields and send the rest (false)."
            ),
        ),
        common.reject_file(),
        common.fail_on_reject(),
    ).to_dict()

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        if self.dedupe_by == "idField" and self.config.get("action") != "updateOnly":
            msg = "dedupe_by idField (marketoGUID) is only valid with action updateOnly."
            raise config_error(msg)
        self._describes: dict[str, ObjectDescription] = {}
        self._describe_lock = threading.Lock()

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
        return MarketoConnection(self.config)

    @property
    def dedupe_by(self) -> str:
        """DedupeBy of syncs and deleteBy of deletes."""
        return str(self.config.get("dedupe_by", "dedupeFields"))

    def describe(self, path: str) -> ObjectDescription:
        """An object's describe, one call per object per run."""
        with self._describe_lock:
            if path not in self._describes:
                self._describes[path] = self.connection.describe(path)
            return self._describes[path]

    def write_mode(self, description: ObjectDescription) -> WriteMode:
        """The action and the key fields records of an object are matched by."""
        keys = (
            (description.id_field,)
            if self.dedupe_by == "idField"
            else tuple(description.dedupe_fields)
        )
        return WriteMode(
            action=str(self.config.get("action", "createOrUpdate")),
            key_fields=keys,
            reject_unknown_fields=bool(self.config.get("reject_unknown_fields", True)),
        )

    def get_sink_class(self, stream_name: str) -> type[BatchSink]:
        """The sink of a stream; other streams are rejected with the fix (a stream map)."""
        return SINKS_BY_STREAM.get(stream_name, UnwritableStreamSink)


if __name__ == "__main__":
    TargetMarketoOpportunities.cli()
