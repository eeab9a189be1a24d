"""tap-infusionsoft: Keap (Infusionsoft) REST v1 resources and XML-RPC reports as Singer streams."""

from __future__ import annotations

import typing as t
from functools import cached_property

from keap_client.connection import KeapConnection
from keap_client.custom_fields import model_fields
from keap_client.xmlrpc import KeapXmlRpc
from singer_commons.sdk.plugins import VendorTap
from tap_infusionsoft.custom_fields import CustomFieldSet
from tap_infusionsoft.reports.instances import refuse_taken_names
from tap_infusionsoft.reports.layout import LayoutResolver
from tap_infusionsoft.reports.stream import ReportStream, report_failures
from tap_infusionsoft.settings import SETTINGS_SCHEMA, KeapTapSettings
from tap_infusionsoft.streams import account, affiliates, commerce, crm, deletions

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream

    from tap_infusionsoft.streams.base import KeapStream

STREAM_TYPES: tuple[type[KeapStream], ...] = (
    account.AccountProfileStream,
    account.ApplicationConfigurationStream,
    account.ContactOptionTypesStream,
    account.CountriesStream,
    account.ProvincesStream,
    account.HooksStream,
    account.FilesStream,
    affiliates.AffiliatesStream,
    affiliates.AffiliateClawbacksStream,
    affiliates.AffiliatePaymentsStream,
    affiliates.AffiliateCommissionsStream,
    affiliates.AffiliateProgramsStream,
    affiliates.AffiliateRedirectLinksStream,
    affiliates.AffiliateSummariesStream,
    crm.AppointmentsStream,
    crm.CampaignsStream,
    crm.CampaignSequencesStream,
    crm.CompaniesStream,
    crm.ContactsStream,
    crm.ContactTagsStream,
    deletions.DeletedContactsStream,
    crm.EmailsStream,
    crm.NotesStream,
    crm.OpportunitiesStream,
    crm.StagePipelineStream,
    crm.TagsStream,
    crm.TaggedContactsStream,
    crm.TaggedCompaniesStream,
    crm.TasksStream,
    crm.UsersStream,
    crm.UserInfoStream,
    commerce.OrdersStream,
    commerce.OrderItemsStream,
    commerce.OrderPaymentsStream,
    commerce.OrderTransactionsStream,
    commerce.TransactionsStream,
    commerce.SubscriptionsStream,
    commerce.ProductsStream,
    commerce.ProductSubscriptionsStream,
    commerce.MerchantsStream,
)


class TapInfusionsoft(VendorTap):
    """Reads Keap REST v1 resources and XML-RPC reports with an API key or OAuth2 tokens."""

    name = "tap-infusionsoft"
    # The distribution (the name is the executable): --about reads its version from it.
    package_name = "hashiwatashi-tap-infusionsoft"
    config_jsonschema = SETTINGS_SCHEMA
    # Custom fields come from the account: discovery needs (and validates) the settings.
    dynamic_catalog = True

    @cached_property
    def settings(self) -> KeapTapSettings:
        """This run's settings (see `settings.KeapTapSettings`)."""
        return KeapTapSettings.from_config(self.config)

    @cached_property
    def connection(self) -> KeapConnection:
        """The single Keap connection of this run."""
        return KeapConnection(self.settings.connection)

    @cached_property
    def xmlrpc(self) -> KeapXmlRpc:
        """The XML-RPC client of the reports, on the same connection."""
        return KeapXmlRpc(self.connection, self.settings.xmlrpc_url)

    def validate_settings(self) -> None:
        """The settings' own checks, then: no report may take a REST stream's name."""
        super().validate_settings()
        # Every stream class sets `name` in its body; the SDK types it per instance.
        taken = {stream_type.name for stream_type in STREAM_TYPES}  # type: ignore[misc]
        refuse_taken_names(self.settings.reports, taken)

    def discover_streams(self) -> list[Stream]:
        """Every resource (custom fields from the /model endpoints), then every report."""
        streams: list[Stream] = [
            stream_type(self, self.connection, custom_fields=self._custom_fields(stream_type))
            for stream_type in STREAM_TYPES
        ]
        return streams + self._report_streams()

    def _report_streams(self) -> list[ReportStream]:
        """One stream per report instance; table and saved-search fields are read from Keap."""
        settings = self.settings
        resolver = LayoutResolver(self.xmlrpc, custom_fields=settings.custom_fields)
        streams = []
        for instance in settings.reports:
            with report_failures(instance):
                layout = instance.kind.resolve_layout(resolver, instance.params)
            streams.append(
                ReportStream(
                    self,
                    instance=instance,
                    layout=layout,
                    client=self.xmlrpc,
                    zone=settings.app_timezone,
                    start_date=settings.start_date,
                )
            )
        return streams

    def _custom_fields(self, stream_type: type[KeapStream]) -> CustomFieldSet | None:
        """The custom fields of a resource with a /model endpoint (one call), if enabled."""
        model_path = stream_type.model_path
        if model_path is None or not stream_type.reads_custom_fields(self.settings):
            return None
        model = self.connection.get_json(model_path)
        fields = CustomFieldSet(
            model_fields(model or {}, reserved=stream_type.static_schema["properties"]),
            stream=model_path.strip("/").split("/")[0],  # "/contacts/model" → contacts
        )
        self.logger.info("%d custom field(s) from %s", len(fields.fields), model_path)
        return fields


if __name__ == "__main__":
    TapInfusionsoft.cli()
