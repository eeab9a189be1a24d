"""Settings of the SATORI connection: where the API is, the four keys, how long to wait.

Declared here, next to the connection that reads them, so every SATORI plugin offers the
same names and descriptions, and reads them into one `SatoriConnectionSettings` at start:
the object `SatoriConnection` is built from. The keys are sent under their setting names.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk import typing as th

from satori_client.api import DEFAULT_BASE_URL
from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping

# Each is a setting and the form field (query parameter of the status GET) of every call.
KEY_SETTINGS = ("user_key", "user_secret", "company_key", "company_secret")

_KEY_DESCRIPTIONS = {
    "user_key": "ユーザーアクセスキー (user_key).",
    "user_secret": "ユーザーシークレットキー (user_secret).",
    "company_key": "カンパニーアクセスキー (company_key).",
    "company_secret": "カンパニーシークレットキー (company_secret).",
}

CONNECTION_PROPERTIES: list[th.Property] = [
    common.base_url(
        "SATORI public API v4 base URL (the sandbox's in the `sandbox` environment).",
        default=DEFAULT_BASE_URL,
    ),
    *(
        th.Property(name, th.StringType, required=True, secret=True, description=text)
        for name, text in _KEY_DESCRIPTIONS.items()
    ),
    # SATORI publishes no timeout of its own.
    common.request_timeout(120.0),
]

_SCHEMA = th.PropertiesList(*CONNECTION_PROPERTIES).to_dict()


@dataclass(frozen=True)
class SatoriConnectionSettings:
    """The connection settings of a SATORI plugin, read and checked once at start.

    `base_url` has no trailing slash; `keys` maps each key's setting name (also its form
    field) to its value, in `KEY_SETTINGS` order.
    """

    base_url: str
    keys: Mapping[str, str]
    request_timeout: float

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> SatoriConnectionSettings:
        """Read the connection settings of a plugin's validated config.

        Raises:
            ConfigValidationError: naming the setting whose value cannot work (a blank key,
                a timeout that is not above 0).
        """
        values = common.SettingValues(config, _SCHEMA)
        return cls(
            base_url=values.text("base_url").rstrip("/"),
            keys={name: values.text(name) for name in KEY_SETTINGS},
            request_timeout=values.positive_number("request_timeout"),
        )
