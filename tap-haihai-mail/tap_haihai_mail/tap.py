"""tap-haihai-mail: the 配配メール retrieval APIs as Singer streams, within the daily quota."""

from __future__ import annotations

from functools import cached_property

from singer_sdk import typing as th

from haihai_mail_client.connection import HaihaiConnection
from haihai_mail_client.settings import CONNECTION_PROPERTIES, validate_connection
from singer_commons.sdk.plugins import VendorTap
from tap_haihai_mail.settings import TAP_PROPERTIES
from tap_haihai_mail.streams import daily, lists
from tap_haihai_mail.streams.base import HaihaiStream

STREAM_TYPES: tuple[type[HaihaiStream], ...] = (
    daily.OpensStream,
    daily.ClicksStream,
    lists.UnsubscribedCustomersStream,
    daily.VisitsStream,
    lists.FormsStream,
    lists.FormAnswersStream,
    daily.MailsStream,
    lists.CustomerViewUrlsStream,
    lists.GroupsAndStepPlansStream,
    lists.DatabaseFieldsStream,
    daily.RespondersStream,
)


class TapHaihaiMail(VendorTap):
    """Reads every 配配メール retrieval API (CSV) with one call per API per new day."""

    name = "tap-haihai-mail"
    config_jsonschema = th.PropertiesList(*CONNECTION_PROPERTIES, *TAP_PROPERTIES).to_dict()

    @cached_property
    def connection(self) -> HaihaiConnection:
        """The single connection (and call ledger) of this run."""
        return HaihaiConnection(self.config)

    def validate_settings(self) -> None:
        """Check the connection settings before any call."""
        validate_connection(self.config)

    def discover_streams(self) -> list[HaihaiStream]:
        """Every stream; the schemas are fixed, so discovery makes no call."""
        return [stream_type(self) for stream_type in STREAM_TYPES]


if __name__ == "__main__":
    TapHaihaiMail.cli()
