"""The settings of target-marketo-opportunities, declared once and read into one object at start.

The connection's settings are shared with the tap and live in `marketo_client.settings`;
here are what only the target reads: the sync action, the key records are matched by, what
to do with unknown fields, and the reject file.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk import typing as th

from marketo_client.settings import CONNECTION_PROPERTIES, MarketoConnectionSettings
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping

# Marketo's sync actions and the keys it matches records by. Adobe, "Opportunities" (Create
# and Update): dedupeBy is "only valid if action is updateOnly"; see the README's contract.
CREATE_ONLY = "createOnly"
UPDATE_ONLY = "updateOnly"
ACTIONS = ("createOrUpdate", CREATE_ONLY, UPDATE_ONLY)
ID_FIELD = "idField"
DEDUPE_BY = ("dedupeFields", ID_FIELD)

SETTINGS_SCHEMA = th.PropertiesList(
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


@dataclass(frozen=True)
class MarketoTargetSettings:
    """Every setting of target-marketo-opportunities, read and checked once at start.

    `dedupe_by` is the dedupeBy of syncs and the deleteBy of deletes.
    """

    connection: MarketoConnectionSettings
    action: str
    dedupe_by: str
    reject_unknown_fields: bool
    rejects: common.RejectSettings

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> MarketoTargetSettings:
        """Read the target's validated config.

        Raises:
            ConfigValidationError: for dedupe_by idField without action updateOnly (Marketo
                matches by marketoGUID only when it updates), or a setting that cannot work.
        """
        values = common.SettingValues(config, SETTINGS_SCHEMA)
        settings = cls(
            connection=MarketoConnectionSettings.from_config(config),
            action=values.text("action"),
            dedupe_by=values.text("dedupe_by"),
            reject_unknown_fields=values.flag("reject_unknown_fields"),
            rejects=common.RejectSettings.from_config(config),
        )
        if settings.dedupe_by == ID_FIELD and settings.action != UPDATE_ONLY:
            msg = "dedupe_by idField (marketoGUID) is only valid with action updateOnly."
            raise config_error(msg)
        return settings
