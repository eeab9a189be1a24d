"""Settings of the SATORI connection: where the API is, the four keys, how long to wait.

Declared here, next to the connection that reads them, so every SATORI plugin offers the
same names and descriptions. The keys are sent under their setting names (api.py).
"""

from __future__ import annotations

from singer_sdk import typing as th

from satori_client.api import DEFAULT_BASE_URL
from singer_commons.sdk import settings as common

# Each is a setting and the form field (query parameter of the status GET) of every call.
KEY_SETTINGS = ("user_key", "user_secret", "company_key", "company_secret")
DEFAULT_REQUEST_TIMEOUT = 120.0

_KEY_DESCRIPTIONS = {
    "user_key": "ユーザーアクセスキー (user_key).",
    "user_secret": "ユーザーシークレットキー (user_secret).",
    "company_key": "カンパニーアクセスキー (company_key).",
    "company_secret": "カンパニーシークレットキー (company_secret).",
}

CONNECTION_PROPERTIES = th.PropertiesList(
    common.base_url(
        "SATORI public API v4 base URL (the sandbox's in the `sandbox` environment).",
        default=DEFAULT_BASE_URL,
    ),
    *(
        th.Property(name, th.StringType, required=True, secret=True, description=text)
        for name, text in _KEY_DESCRIPTIONS.items()
    ),
    common.request_timeout(DEFAULT_REQUEST_TIMEOUT),
)
