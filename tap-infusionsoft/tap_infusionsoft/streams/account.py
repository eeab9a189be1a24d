"""Account-level streams: profile, application settings, option types, locales, hooks, files."""

from __future__ import annotations

import typing as t

from tap_infusionsoft.schemas import account as schemas
from tap_infusionsoft.streams.base import ChildStream, KeapStream

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

    from tap_infusionsoft.settings import KeapTapSettings

CODE_NAME_MAP_NOTE = "Keap answers a code → name map; each entry becomes a record."
FILE_DATA = "file_data"


class AccountProfileStream(KeapStream):
    """The account's business profile (one record)."""

    name = "account_profile"
    path = "/account/profile"
    paginated = False
    primary_keys = ()
    static_schema = schemas.ACCOUNT_PROFILE


class ApplicationConfigurationStream(KeapStream):
    """Application settings by section (one record), with whether the application is enabled."""

    name = "application_configuration"
    path = "/setting/application/configuration"
    paginated = False
    primary_keys = ()
    static_schema = schemas.APPLICATION_CONFIGURATION

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        """Add `enabled` from `/setting/application/enabled` (one more call)."""
        del context
        enabled = self.connection.get_json("/setting/application/enabled")
        row["enabled"] = str((enabled or {}).get("value", "")).lower() == "true"
        return row


class ContactOptionTypesStream(KeapStream):
    """The contact types offered in the account (Lead, Customer, ...), one record each."""

    name = "contact_option_types"
    path = "/setting/contact/optionTypes"
    paginated = False
    primary_keys = ("option_type",)
    static_schema = schemas.CONTACT_OPTION_TYPES

    def extract_records(self, body: t.Any) -> list[dict[str, t.Any]]:
        """Keap answers `{"value": "Lead,Customer,Other"}`."""
        value = str((body or {}).get("value") or "")
        return [{"option_type": item.strip()} for item in value.split(",") if item.strip()]


def _code_name_records(mapping: t.Any) -> list[dict[str, t.Any]]:
    return [{"code": code, "name": name} for code, name in (mapping or {}).items()]


class CountriesStream(KeapStream):
    """Countries Keap knows, by ISO code."""

    name = "countries"
    path = "/locales/countries"
    paginated = False
    primary_keys = ("code",)
    static_schema = schemas.COUNTRIES
    child_context_fields: t.ClassVar[dict[str, str]] = {"country_code": "code"}

    def extract_records(self, body: t.Any) -> list[dict[str, t.Any]]:
        """`{"countries": {"US": "United States", ...}}`: one record per entry."""
        return _code_name_records((body or {}).get("countries"))


class ProvincesStream(ChildStream):
    """Provinces of each country. Not selected by default: one call per country (~250)."""

    name = "provinces"
    path = "/locales/countries/{country_code}/provinces"
    parent_stream_type = CountriesStream
    paginated = False
    selected_by_default = False
    primary_keys = ("country_code", "code")
    static_schema = schemas.PROVINCES

    def extract_records(self, body: t.Any) -> list[dict[str, t.Any]]:
        """`{"provinces": {"CA": "California", ...}}`: one record per entry."""
        return _code_name_records((body or {}).get("provinces"))


class HooksStream(KeapStream):
    """REST hook subscriptions (a bare array)."""

    name = "hooks"
    path = "/hooks"
    paginated = False
    primary_keys = ("key",)
    static_schema = schemas.HOOKS


class FilesStream(KeapStream):
    """Files (full table), and with the `file_data` setting each file's content.

    Keap's v1 OpenAPI (ballerina-platform/openapi-connectors openapi/keap/openapi.yml):
    `listFiles` takes no time filter, so every run reads the whole list; its `FileList`
    items are `FileDescriptor`s without content. Only `getFile` with
    `optional_properties=file_data` returns the base64 content ("Some fields such as
    `file_data` aren't included, by default"): one call per file, hence opt-in.
    """

    name = "files"
    path = "/files"
    records_key = "files"
    primary_keys = ("id",)
    static_schema = schemas.FILES

    @classmethod
    def schema_for(cls, settings: KeapTapSettings) -> dict[str, t.Any]:
        """With `file_data` on, the descriptor plus the content; else no always-null column."""
        return schemas.FILES_WITH_DATA if settings.file_data else cls.static_schema

    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        """The listed files, each with its content read by id when `file_data` is on."""
        for record in super().get_records(context):
            if self.owner.settings.file_data:
                detail = self.read_by_id(record, {"optional_properties": FILE_DATA}, FILE_DATA)
                record[FILE_DATA] = detail.get(FILE_DATA)
            yield record
