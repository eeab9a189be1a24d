"""The settings of tap-marketo-opportunities, declared once and read into one object at start.

The connection's settings are shared with the target and live in `marketo_client.settings`;
here are what only the tap reads: what to filter each object by, which fields, the page size.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, replace

from singer_sdk import typing as th

from marketo_client.api import MAX_BATCH_SIZE
from marketo_client.settings import CONNECTION_PROPERTIES, MarketoConnectionSettings
from singer_commons.sdk.settings import SettingValues
from tap_marketo_opportunities.streams import COMPOUND_FILTER

if t.TYPE_CHECKING:
    from collections.abc import Mapping

# Adobe, "Opportunity Roles": dedupeFields is the compound key of these three fields.
ROLE_COMPOUND_KEY = "externalOpportunityId, leadId and role"
ROLES_PREFIX = "roles_"


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


SETTINGS_SCHEMA = th.PropertiesList(
    *CONNECTION_PROPERTIES,
    *_filter_properties("", "externalOpportunityId", "opportunities"),
    *_filter_properties(
        ROLES_PREFIX, "externalOpportunityId", "opportunity roles", ROLE_COMPOUND_KEY
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


@dataclass(frozen=True)
class QueryFilter:
    """What one queried object is filtered by: its filterType and where the values are.

    `prefix` starts its settings' names ("" or "roles_"); `values` is empty and
    `values_file` None when neither is set.
    """

    prefix: str
    filter_type: str
    values: tuple[t.Any, ...]
    values_file: str | None

    @property
    def type_setting(self) -> str:
        """The name of the filterType setting, for messages."""
        return f"{self.prefix}filter_type"

    @property
    def values_setting(self) -> str:
        """The name of the values setting, for messages (the file's adds `_file`)."""
        return f"{self.prefix}filter_values"

    @property
    def configured(self) -> bool:
        """Whether values or a file of values are set."""
        return bool(self.values or self.values_file)

    @classmethod
    def read(cls, values: SettingValues, prefix: str) -> QueryFilter:
        """The `<prefix>filter_type`, `_values` and `_values_file` settings."""
        return cls(
            prefix=prefix,
            filter_type=values.text(f"{prefix}filter_type"),
            values=tuple(values.value(f"{prefix}filter_values") or ()),
            values_file=values.optional_text(f"{prefix}filter_values_file"),
        )


@dataclass(frozen=True)
class MarketoTapSettings:
    """Every setting of tap-marketo-opportunities, read and checked once at start.

    `fields` is empty for every field of the describe. `start_date` is declared above and
    read by the SDK itself: the bookmark a first run starts from.
    """

    connection: MarketoConnectionSettings
    opportunities: QueryFilter
    roles: QueryFilter
    fields: tuple[str, ...]
    batch_size: int

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> MarketoTapSettings:
        """Read the tap's validated config.

        Roles without values of their own reuse the opportunity values when both filter by
        the same field (by default externalOpportunityId: the roles of those opportunities).

        Raises:
            ConfigValidationError: naming the setting whose value cannot work.
        """
        values = SettingValues(config, SETTINGS_SCHEMA)
        opportunities = QueryFilter.read(values, "")
        roles = QueryFilter.read(values, ROLES_PREFIX)
        if not roles.configured and roles.filter_type == opportunities.filter_type:
            roles = replace(
                roles, values=opportunities.values, values_file=opportunities.values_file
            )
        return cls(
            connection=MarketoConnectionSettings.from_config(config),
            opportunities=opportunities,
            roles=roles,
            fields=values.strings("fields"),
            batch_size=values.integer("batch_size", minimum=1, maximum=MAX_BATCH_SIZE),
        )
