"""tap-marketo-opportunities: Marketo opportunities, opportunity roles and field metadata."""

from __future__ import annotations

import typing as t
from functools import cached_property

from singer_sdk import typing as th

from marketo_client.api import (
    MAX_BATCH_SIZE,
    OPPORTUNITIES_DESCRIBE_PATH,
    OPPORTUNITIES_PATH,
    ROLES_DESCRIBE_PATH,
    ROLES_PATH,
)
from marketo_client.connection import MarketoConnection
from marketo_client.errors import ACCESS_DENIED, MarketoError
from marketo_client.settings import CONNECTION_PROPERTIES
from singer_commons.errors import config_error
from singer_commons.sdk.plugins import VendorTap
from tap_marketo_opportunities.filters import FilterSource, MissingFilterError
from tap_marketo_opportunities.streams import (
    COMPOUND_FILTER,
    FilteredQueryStream,
    OpportunityFieldsStream,
)

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream

# Adobe, "Opportunity Roles": dedupeFields is the compound key of these three fields.
ROLE_COMPOUND_KEY = "externalOpportunityId, leadId and role"


def _filter_properties(
    prefix: str, default_type: str, subject: str, compound: str = ""
) -> list[th.Property]:
    """The filterType / values / values-file trio of settings for one queried object.

    `compound` describes the object's compound key, when it has one: its values are objects.
    """
    value_type: th.JSONTypeHelper | type[th.JSONTypeHelper] = th.StringType
    compound_type = compound_values = compound_lines = ""
    if compound:
        value_type = th.CustomType({"type": ["string", "object"]})
        compound_type = f", or {COMPOUND_FILTER} for the compound key {compound}"
        compound_values = f"; for {COMPOUND_FILTER}, objects with {compound}"
        compound_lines = f" (for {COMPOUND_FILTER}, a JSON object with {compound})"
    return [
        th.Property(
            f"{prefix}filter_type",
            th.StringType,
            default=default_type,
            description=(
                f"Marketo field to filter {subject} by (filterType): any searchable or dedupe "
                f"field of the object's describe{compound_type}. Marketo cannot list all "
                "records."
            ),
        ),
        th.Property(
            f"{prefix}filter_values",
            th.ArrayType(value_type),
            description=(
                f"Values of {prefix}filter_type to read (sent 300 per call){compound_values}."
            ),
        ),
        th.Property(
            f"{prefix}filter_values_file",
            th.StringType,
            description=(
                f"File with one {prefix}filter_type value per line{compound_lines}, read "
                f"lazily; use instead of {prefix}filter_values for long lists."
            ),
        ),
    ]


class TapMarketoOpportunities(VendorTap):
    """Reads Marketo opportunities and roles by filter, with schemas from describe."""

    name = "tap-marketo-opportunities"

    config_jsonschema = th.PropertiesList(
        *CONNECTION_PROPERTIES,
        *_filter_properties("", "externalOpportunityId", "opportunities"),
        *_filter_properties(
            "roles_", "externalOpportunityId", "opportunity roles", ROLE_COMPOUND_KEY
        ),
        th.Property(
            "fields",
            th.ArrayType(th.StringType),
            description=(
                "Opportunity fields to read (marketoGUID, externalOpportunityId and updatedAt "
                "are always included). Default: every field of the describe."
            ),
        ),
        th.Property(
            "batch_size",
            th.IntegerType,
            default=MAX_BATCH_SIZE,
            description="Records per page (Marketo's batchSize, at most 300).",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            description="Emit only records updated at or after this time on the first run.",
        ),
    ).to_dict()

    @cached_property
    def connection(self) -> MarketoConnection:
        """The single Marketo connection of this run."""
        return MarketoConnection(self.config)

    def discover_streams(self) -> list[Stream]:
        """Describe the objects (2 calls) and build one stream per readable object."""
        batch_size = int(self.config.get("batch_size", MAX_BATCH_SIZE))
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            msg = f"batch_size must be between 1 and {MAX_BATCH_SIZE}, got {batch_size}."
            raise config_error(msg)
        streams: list[Stream] = [
            self._query_stream(
                "opportunities",
                OPPORTUNITIES_PATH,
                OPPORTUNITIES_DESCRIBE_PATH,
                "",
                batch_size,
            ),
        ]
        try:
            streams.append(
                self._query_stream(
                    "opportunity_roles",
                    ROLES_PATH,
                    ROLES_DESCRIBE_PATH,
                    "roles_",
                    batch_size,
                )
            )
        except MarketoError as exc:
            if exc.code != ACCESS_DENIED:
                raise
            self.logger.warning(
                "Opportunity roles are unavailable on this instance ([%s] %s); with Salesforce "
                "or Dynamics CRM sync enabled Marketo exposes opportunities read-only and no "
                "roles. The opportunity_roles stream is left out.",
                exc.code,
                exc.message,
            )
        streams.append(OpportunityFieldsStream(self, self.connection))
        return streams

    def _query_stream(
        self, name: str, path: str, describe_path: str, prefix: str, batch_size: int
    ) -> FilteredQueryStream:
        description = self.connection.describe(describe_path)
        filter_type = self.config.get(f"{prefix}filter_type") or "externalOpportunityId"
        compound = len(description.dedupe_fields) > 1
        accepted = description.filter_fields | ({COMPOUND_FILTER} if compound else set())
        if filter_type not in accepted:
            allowed = ", ".join(sorted(accepted))
            msg = (
                f"{prefix}filter_type '{filter_type}' is not searchable on {name}; "
                f"Marketo accepts: {allowed}."
            )
            raise config_error(msg)
        return FilteredQueryStream(
            self,
            self.connection,
            name=name,
            path=path,
            description=description,
            filter_type=filter_type,
            filter_source=self._filter_source(
                prefix,
                filter_type,
                description.dedupe_fields if filter_type == COMPOUND_FILTER else (),
            ),
            fields=self.config.get("fields") if name == "opportunities" else None,
            batch_size=batch_size,
        )

    def _filter_source(
        self, prefix: str, filter_type: str, key_fields: tuple[str, ...]
    ) -> FilterSource | None:
        """The stream's filter values; roles reuse the opportunity values of the same type.

        `key_fields` names a compound key's fields: each value is then an object of them.
        """
        values = self.config.get(f"{prefix}filter_values")
        file = self.config.get(f"{prefix}filter_values_file")
        if prefix and not values and not file and filter_type == self.config.get("filter_type"):
            values, file = self.config.get("filter_values"), self.config.get("filter_values_file")
        if not values and not file:
            return None
        try:
            return FilterSource.from_settings(
                values, file, setting=f"{prefix}filter_values", key_fields=key_fields
            )
        except MissingFilterError as exc:
            raise config_error(str(exc)) from exc


if __name__ == "__main__":
    TapMarketoOpportunities.cli()
