"""tap-haihai-mail: the 配配メール retrieval APIs as Singer streams, within the daily quota."""

from __future__ import annotations

from functools import cached_property

from haihai_mail_client.connection import HaihaiConnection
from singer_commons.sdk.plugins import VendorTap
from tap_haihai_mail.settings import SETTINGS_SCHEMA, HaihaiTapSettings
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
    # The distribution (the name is the executable): --about reads its version from it.
    package_name = "hashiwatashi-tap-haihai-mail"
    config_jsonschema = SETTINGS_SCHEMA

    @cached_property
    def settings(self) -> HaihaiTapSettings:
        """This run's settings (see `settings.HaihaiTapSettings`)."""
        return HaihaiTapSettings.from_config(self.config)

    @cached_property
    def connection(self) -> HaihaiConnection:
        """The single connection (and call ledger) of this run."""
        return HaihaiConnection(self.settings.connection)

    def discover_streams(self) -> list[HaihaiStream]:
        """Every stream; the schemas are fixed, so discovery makes no call."""
        return [stream_type(self) for stream_type in STREAM_TYPES]


if __name__ == "__main__":
    TapHaihaiMail.cli()
