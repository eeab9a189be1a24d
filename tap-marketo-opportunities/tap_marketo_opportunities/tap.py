"""tap-marketo-opportunities: Marketo opportunities, opportunity roles and field metadata."""

from __future__ import annotations

import typing as t
from functools import cached_property

from marketo_client.api import (
    OPPORTUNITIES_DESCRIBE_PATH,
    OPPORTUNITIES_PATH,
    ROLES_DESCRIBE_PATH,
    ROLES_PATH,
)
from marketo_client.connection import MarketoConnection
from marketo_client.errors import ACCESS_DENIED, MarketoError
from singer_commons.errors import config_error
from singer_commons.sdk.plugins import VendorTap
from tap_marketo_opportunities.filters import FilterSource, MissingFilterError
from tap_marketo_opportunities.settings import SETTINGS_SCHEMA, MarketoTapSettings, QueryFilter
from tap_marketo_opportunities.streams import (
    COMPOUND_FILTER,
    FilteredQueryStream,
    OpportunityFieldsStream,
)

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream


class TapMarketoOpportunities(VendorTap):
    """Reads Marketo opportunities and roles by filter, with schemas from describe."""

    name = "tap-marketo-opportunities"
    # The distribution (the name is the executable): --about reads its version from it.
    package_name = "hashiwatashi-tap-marketo-opportunities"
    config_jsonschema = SETTINGS_SCHEMA

    @cached_property
    def settings(self) -> MarketoTapSettings:
        """This run's settings (see `settings.MarketoTapSettings`)."""
        return MarketoTapSettings.from_config(self.config)

    @cached_property
    def connection(self) -> MarketoConnection:
        """The single Marketo connection of this run."""
        return MarketoConnection(self.settings.connection)

    def discover_streams(self) -> list[Stream]:
        """Describe the objects (2 calls) and build one stream per readable object."""
        streams: list[Stream] = [
            self._query_stream(
                "opportunities",
                OPPORTUNITIES_PATH,
                OPPORTUNITIES_DESCRIBE_PATH,
                self.settings.opportunities,
                self.settings.fields,
            ),
        ]
        try:
            streams.append(
                self._query_stream(
                    "opportunity_roles", ROLES_PATH, ROLES_DESCRIBE_PATH, self.settings.roles, ()
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
        self,
        name: str,
        path: str,
        describe_path: str,
        query: QueryFilter,
        fields: tuple[str, ...],
    ) -> FilteredQueryStream:
        description = self.connection.describe(describe_path)
        filter_type = query.filter_type
        compound = len(description.dedupe_fields) > 1
        accepted = description.filter_fields | ({COMPOUND_FILTER} if compound else set())
        if filter_type not in accepted:
            allowed = ", ".join(sorted(accepted))
            msg = (
                f"{query.type_setting} '{filter_type}' is not searchable on {name}; "
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
                query, description.dedupe_fields if filter_type == COMPOUND_FILTER else ()
            ),
            fields=fields,
            batch_size=self.settings.batch_size,
        )

    @staticmethod
    def _filter_source(query: QueryFilter, key_fields: tuple[str, ...]) -> FilterSource | None:
        """The stream's filter values, if any are set.

        `key_fields` names a compound key's fields: each value is then an object of them.
        """
        if not query.configured:
            return None
        try:
            return FilterSource.from_settings(
                query.values,
                query.values_file,
                setting=query.values_setting,
                key_fields=key_fields,
            )
        except MissingFilterError as exc:
            raise config_error(str(exc)) from exc


if __name__ == "__main__":
    TapMarketoOpportunities.cli()
