"""Keap's connection settings, and which of Keap's two ways to authenticate they choose.

Keap accepts either an API key (a Personal Access Token or a Service Account Key, sent as
`X-Keap-API-Key`) or OAuth2 access tokens obtained with a rotating refresh token. The mode
is chosen by which settings are present, so a user never sets a separate switch.

Every Keap plugin declares these same settings (`CONNECTION_PROPERTIES`) and reads them into
one `KeapConnectionSettings` at start, the object `KeapConnection` is built from, so a tap
and a target of one Keap app take the same config, share one token store and one daily call
ledger in the state backend (`state_dir`, or `state_backend`'s database), and never spend
each other's refresh token.
"""

from __future__ import annotations

import enum
import typing as t
from dataclasses import dataclass

from singer_sdk import typing as th

from singer_commons.errors import config_error
from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from singer_commons.state_store import StateStore

# Keap's REST v1 OpenAPI (`servers`, `securitySchemes.oauth2.tokenUrl`) and infusionsoft-php
# `src/Infusionsoft/Infusionsoft.php` (`$tokenUri`); see the tap README's vendor contract.
DEFAULT_BASE_URL = "https://api.infusionsoft.com/crm/rest/v1"
DEFAULT_TOKEN_URL = "https://api.infusionsoft.com/token"  # noqa: S105 - a URL, not a secret
# Keap: list endpoints return at most 1000 records per call.
MAX_PAGE_SIZE = 1000
# Keap's daily quotas: 150,000 calls per OAuth client, 30,000 per API key (PAT/SAK). The
# default leaves room for other integrations on the smaller of the two.
DEFAULT_DAILY_CALL_BUDGET = 25_000
# Client-side pace per second. API keys may make 10 calls/s and 240/min: 4/s (240 a minute)
# keeps both, and the 5/s Keap's engineer gives for a key's SpikeArrest.
# OAuth clients may make 1,500/min (25/s on average) and Keap's spike policy is 25/s
# ("Throttles and Quotas", https://developer.infusionsoft.com/api-token-quota-and-usage-measurements/):
# 23/s (1,380 a minute, 92% of the minute's allowance) keeps two calls of every second free
# for the jitter between our clock and Keap's gateway.
API_KEY_CALLS_PER_SECOND = 4
OAUTH_CALLS_PER_SECOND = 23
# Keap's spike policy is Apigee's SpikeArrest (Keap's engineer, with UseEffectiveCount=true,
# which counts a window: https://community.keap.com/t/api-error-quota-exceeded-request-throttled/89944).
# Without that option SpikeArrest admits one call per 1/rate seconds
# (https://docs.apigee.com/api-platform/reference/policies/spike-arrest-policy); spacing
# starts by 1/25 s is safe under either setting and costs nothing at 23 calls a second.
SPIKE_ARREST_CALLS_PER_SECOND = 25
OAUTH_SETTINGS = ("client_id", "client_secret", "refresh_token")


class AuthMode(enum.Enum):
    """How a plugin authenticates to Keap."""

    API_KEY = "api_key"
    OAUTH = "oauth"


CONNECTION_PROPERTIES: list[th.Property] = [
    common.base_url("Keap REST v1 base URL.", default=DEFAULT_BASE_URL),
    th.Property(
        "token_url",
        th.URIType,
        default=DEFAULT_TOKEN_URL,
        description="Keap OAuth2 token endpoint, where the refresh token buys access tokens.",
    ),
    th.Property(
        "api_key",
        th.StringType,
        secret=True,
        description=(
            "A Personal Access Token or Service Account Key (Keap > Settings > API), sent as "
            "X-Keap-API-Key. Use this OR client_id + client_secret + refresh_token."
        ),
    ),
    th.Property(
        "client_id",
        th.StringType,
        secret=True,
        description="OAuth2 client ID of your Keap developer app.",
    ),
    th.Property(
        "client_secret",
        th.StringType,
        secret=True,
        description="OAuth2 client secret of your Keap developer app.",
    ),
    th.Property(
        "refresh_token",
        th.StringType,
        secret=True,
        description=(
            "OAuth2 refresh token from the authorisation-code flow. Keap rotates it on every "
            "refresh: the plugin saves each new one (in state_dir, or the state_backend "
            "database) before using it, and later runs start from the saved token. Setting "
            "a different value here (after re-authorising) replaces the saved one."
        ),
    ),
    th.Property(
        "max_calls_per_second",
        th.IntegerType,
        description=(
            "Client-side pace of calls. Default: 4 with an API key (Keap allows 10/s and "
            "240/min), 23 with OAuth (Keap allows 1,500/min and 25/s). Calls also start at "
            "least 40 ms apart (Keap's 25/s spike policy), and the plugin slows down when "
            "Keap's throttle headers say the allowance is nearly spent."
        ),
    ),
    common.daily_call_budget(
        DEFAULT_DAILY_CALL_BUDGET,
        "Keap allows 150,000 a day per OAuth client and 30,000 per API key, reset 00:00 UTC",
    ),
    common.request_timeout(60.0),
    common.state_dir(),
    common.state_backend(),
]

_SCHEMA = th.PropertiesList(*CONNECTION_PROPERTIES).to_dict()


@dataclass(frozen=True)
class KeapOAuthClient:
    """The OAuth2 client of a Keap developer app and the refresh token it starts from."""

    token_url: str
    client_id: str
    client_secret: str
    refresh_token: str


@dataclass(frozen=True)
class KeapConnectionSettings:
    """The connection settings of a Keap plugin, read and checked once at start.

    Exactly one of `api_key` (API-key mode) and `oauth` (OAuth mode) is set. `base_url` has
    no trailing slash; `calls_per_second` is the configured pace or the mode's safe default.
    """

    base_url: str
    api_key: str | None
    oauth: KeapOAuthClient | None
    calls_per_second: int
    daily_call_budget: int
    request_timeout: float
    state: StateStore

    @property
    def mode(self) -> AuthMode:
        """How these settings authenticate."""
        return AuthMode.API_KEY if self.api_key is not None else AuthMode.OAUTH

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> KeapConnectionSettings:
        """Read the connection settings of a plugin's validated config.

        Raises:
            ConfigValidationError: when neither or both auth modes are configured, OAuth
                only in part, or a value cannot work (naming the setting).
        """
        values = common.SettingValues(config, _SCHEMA)
        api_key = values.optional_text("api_key")
        oauth = _oauth_client(values, has_key=api_key is not None)
        mode_default = OAUTH_CALLS_PER_SECOND if oauth else API_KEY_CALLS_PER_SECOND
        pace = values.optional_integer("max_calls_per_second", minimum=1)
        return cls(
            base_url=values.text("base_url").rstrip("/"),
            api_key=api_key,
            oauth=oauth,
            calls_per_second=mode_default if pace is None else pace,
            daily_call_budget=values.integer("daily_call_budget"),
            request_timeout=values.positive_number("request_timeout"),
            state=values.state_store(),
        )


def _oauth_client(values: common.SettingValues, *, has_key: bool) -> KeapOAuthClient | None:
    """The OAuth client when OAuth is the mode; None in API-key mode.

    Raises:
        ConfigValidationError: when neither or both modes are configured, or OAuth is
            configured only in part.
    """
    oauth = {name: values.optional_text(name) for name in OAUTH_SETTINGS}
    present = [name for name, value in oauth.items() if value is not None]
    if has_key and present:
        msg = (
            "Set either api_key or client_id + client_secret + refresh_token, not both "
            f"(found api_key and {', '.join(present)})."
        )
        raise config_error(msg)
    if has_key:
        return None
    if len(present) == len(OAUTH_SETTINGS):
        return KeapOAuthClient(
            token_url=values.text("token_url"),
            client_id=values.text("client_id"),
            client_secret=values.text("client_secret"),
            refresh_token=values.text("refresh_token"),
        )
    if present:
        missing = [name for name in OAUTH_SETTINGS if name not in present]
        msg = (
            "OAuth needs client_id, client_secret and refresh_token; missing: "
            f"{', '.join(missing)}."
        )
        raise config_error(msg)
    msg = (
        "No Keap credentials: set api_key (a Personal Access Token or Service Account Key) "
        "or client_id + client_secret + refresh_token (OAuth2)."
    )
    raise config_error(msg)
