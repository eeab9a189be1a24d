"""The settings of target-infusionsoft, declared once and read into one object at start.

The connection's settings (endpoints, credentials, pace, daily budget, `state_dir`) are
those of every Keap plugin (`keap_client.settings`): a tap and a target of one Keap app take
the same config, share the token store of a rotating refresh token and one daily call ledger.
Here are what only the target reads: the operation per stream, how upserts match contacts,
and the reject file.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from types import MappingProxyType

from singer_sdk import typing as th

from keap_client.settings import CONNECTION_PROPERTIES, KeapConnectionSettings
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common
from target_infusionsoft.resources import BY_STREAM, RESOURCES, Operation

if t.TYPE_CHECKING:
    from collections.abc import Mapping

# PUT /contacts `duplicate_option`: Email and EmailAndName are v1's enum (UpsertContact in
# Keap's REST v1 OpenAPI); EmailAndNameAndCompany is only named in its 2017 text and in v2,
# and is sent as given (Keap's refusal, if any, rejects the record).
DUPLICATE_OPTIONS = ("Email", "EmailAndName", "EmailAndNameAndCompany")
_DEFAULTS = ", ".join(
    f"{resource.default.value} for {resource.stream}"
    for resource in RESOURCES
    if resource.default is not Operation.CREATE
)

SETTINGS_SCHEMA = th.PropertiesList(
    *CONNECTION_PROPERTIES,
    th.Property(
        "stream_operations",
        th.ObjectType(
            additional_properties=th.StringType(
                allowed_values=[operation.value for operation in Operation]
            )
        ),
        description=(
            "Operation per stream: create, update, upsert (contacts only) or delete, e.g. "
            "{contacts: create, notes: update}. A record whose _sdc_deleted_at is set is "
            "deleted whatever the stream's operation; a record carrying its Keap id (id, or "
            "key for hooks) on a stream that can update is updated. Streams left out use "
            f"their default: {_DEFAULTS}, create for every other stream."
        ),
    ),
    th.Property(
        "duplicate_option",
        th.StringType(allowed_values=list(DUPLICATE_OPTIONS)),
        default="Email",
        description=(
            "How a contact upsert (PUT /contacts) finds the contact to update: Email, "
            "EmailAndName, or EmailAndNameAndCompany (outside Keap v1's documented values: "
            "sent as given)."
        ),
    ),
    common.reject_file(),
    common.fail_on_reject(),
).to_dict()


@dataclass(frozen=True)
class KeapTargetSettings:
    """Every setting of target-infusionsoft, read and checked once at start.

    `operations` holds every stream's operation: configured, or the resource's default.
    """

    connection: KeapConnectionSettings
    operations: Mapping[str, Operation]
    duplicate_option: str
    rejects: common.RejectSettings

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> KeapTargetSettings:
        """Read the target's validated config.

        Raises:
            ConfigValidationError: for a stream this target does not write, or an operation
                Keap does not offer for the stream (naming both), or a connection setting
                that cannot work.
        """
        values = common.SettingValues(config, SETTINGS_SCHEMA)
        return cls(
            connection=KeapConnectionSettings.from_config(config),
            operations=_operations(values.mapping("stream_operations")),
            duplicate_option=values.text("duplicate_option"),
            rejects=common.RejectSettings.from_config(config),
        )


def _operations(configured: Mapping[str, t.Any]) -> Mapping[str, Operation]:
    operations = {resource.stream: resource.default for resource in RESOURCES}
    for stream, name in configured.items():
        resource = BY_STREAM.get(stream)
        if resource is None:
            msg = (
                f"stream_operations names stream {stream!r}, which this target does not "
                f"write; its streams: {', '.join(BY_STREAM)}."
            )
            raise config_error(msg)
        allowed = [operation.value for operation in resource.operations]
        if name not in allowed:
            msg = (
                f"stream_operations: Keap cannot {name} {stream} records; the stream's "
                f"operations: {', '.join(allowed)}."
            )
            raise config_error(msg)
        operations[stream] = Operation(name)
    return MappingProxyType(operations)
