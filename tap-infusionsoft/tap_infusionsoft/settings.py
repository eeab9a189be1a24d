"""Settings of tap-infusionsoft, and which of Keap's two ways to authenticate they choose.

Keap accepts either an API key (a Personal Access Token or a Service Account Key, sent as
`X-Keap-API-Key`) or OAuth2 access tokens obtained with a rotating refresh token. The mode
is chosen by which settings are present, so a user never sets a separate switch.
"""

from __future__ import annotations

import enum
import typing as t

from singer_sdk import typing as th

from singer_commons.sdk import settings as common
from singer_commons.sdk.plugins import config_error

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

DEFAULT_BASE_URL = "https://api.infusionsoft.com/crm/rest/v1"
DEFAULT_TOKEN_URL = "https://api.infusionsoft.com/token"  # noqa: S105 - a URL, not a secret
DEFAULT_XMLRPC_URL = "https://api.infusionsoft.com/crm/xmlrpc/v1"
# Keap's XML-RPC datetimes carry no zone; most applications run on US Eastern time.
DEFAULT_APP_TIMEZONE = "America/New_York"
# Keap: list endpoints return at most 1000 records per call.
MAX_PAGE_SIZE = 1000
# Keap's daily quotas: 150,000 calls per OAuth client, 30,000 per API key (PAT/SAK). The
# default leaves room for other integrations on the smaller of the two.
DEFAULT_DAILY_CALL_BUDGET = 25_000
# Client-side pace per second. API keys may make 10 calls/s and 240/min: 4/s keeps both.
# OAuth clients may make 1,500/min, with a ~25/s spike limit: 20/s keeps both.
API_KEY_CALLS_PER_SECOND = 4
OAUTH_CALLS_PER_SECOND = 20
OAUTH_SETTINGS = ("client_id", "client_secret", "refresh_token")


class AuthMode(enum.Enum):
    """How the tap authenticates to Keap."""

    API_KEY = "api_key"
    OAUTH = "oauth"


def auth_mode(config: Mapping[str, t.Any]) -> AuthMode:
    """The authentication mode the settings choose.

    Raises:
        ConfigValidationError: when neither or both modes are configured, or OAuth is
            configured only in part.
    """
    oauth_present = [name for name in OAUTH_SETTINGS if config.get(name)]
    has_key = bool(config.get("api_key"))
    if has_key and oauth_present:
        msg = (
            "Set either api_key or client_id + client_secret + refresh_token, not both "
            f"(found api_key and {', '.join(oauth_present)})."
        )
        raise config_error(msg)
    if has_key:
        return AuthMode.API_KEY
    if len(oauth_present) == len(OAUTH_SETTINGS):
        return AuthMode.OAUTH
    if oauth_present:
        missing = [name for name in OAUTH_SETTINGS if name not in oauth_present]
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


CONFIG_PROPERTIES = th.PropertiesList(
    common.base_url("Keap REST v1 base URL.", default=DEFAULT_BASE_URL),
    th.Property(
        "token_url",
        th.URIType,
        default=DEFAULT_TOKEN_URL,
        description="Keap OAuth2 token endpoint, where the refresh token buys access tokens.",
    ),
    th.Property(
        "xmlrpc_url",
        th.URIType,
        default=DEFAULT_XMLRPC_URL,
        description="Keap XML-RPC endpoint, used by the reports (same credentials and quota).",
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
            "refresh: the tap saves each new one in state_dir before using it, and later runs "
            "start from the saved token. Setting a different value here (after "
            "re-authorising) replaces the saved one."
        ),
    ),
    th.Property(
        "start_date",
        th.DateTimeType,
        description=(
            "Read records changed at or after this time on the first run of each "
            "incremental stream (default: everything)."
        ),
    ),
    th.Property(
        "page_size",
        th.IntegerType,
        default=MAX_PAGE_SIZE,
        description="Records per list call (Keap's `limit`, at most 1000).",
    ),
    th.Property(
        "custom_fields",
        th.BooleanType,
        default=True,
        description=(
            "Discover custom fields of contacts, companies and orders (and of opportunities "
            "with opportunity_custom_fields) from their /model endpoints and emit them as "
            "typed properties (custom_<name>)."
        ),
    ),
    th.Property(
        "opportunity_custom_fields",
        th.BooleanType,
        default=False,
        description=(
            "Read the custom fields of opportunities. Keap's opportunity list does not "
            "return them, so this costs one extra call (GET /opportunities/{id}) per "
            "opportunity emitted: every opportunity on a first run, the changed ones after. "
            "Off by default: the opportunities stream then has no custom_ properties."
        ),
    ),
    th.Property(
        "reports",
        th.ArrayType(
            th.ObjectType(
                th.Property("name", th.StringType, required=True),
                th.Property("report", th.StringType, required=True),
                th.Property("params", th.ObjectType(additional_properties=True)),
                additional_properties=True,
            )
        ),
        description=(
            "XML-RPC reports of Domo's Infusionsoft connector, each {name, report, params} and "
            "read as a stream called name, e.g. {name: ogden_contacts, report: data_query, "
            "params: {table: Contact, query: {City: Ogden, LastUpdated: "
            "'~>=~LastSuccessfulRun'}, fields: [Id, Email]}}. See the README for every report "
            "and its params."
        ),
    ),
    th.Property(
        "app_timezone",
        th.StringType,
        default=DEFAULT_APP_TIMEZONE,
        description=(
            "Time zone of the Keap application (Keap > Settings > Application). XML-RPC "
            "dates carry no zone: report dates and LastSuccessfulRun are read and written "
            "in it, and emitted with its offset."
        ),
    ),
    th.Property(
        "max_calls_per_second",
        th.IntegerType,
        description=(
            "Client-side pace of calls. Default: 4 with an API key (Keap allows 10/s and "
            "240/min), 20 with OAuth (1,500/min, ~25/s spike limit). The tap also slows "
            "down when Keap's throttle headers say the allowance is nearly spent."
        ),
    ),
    common.daily_call_budget(
        DEFAULT_DAILY_CALL_BUDGET,
        "Keap allows 150,000 a day per OAuth client and 30,000 per API key, reset 00:00 UTC",
    ),
    common.request_timeout(60.0),
    common.state_dir(),
)


def calls_per_second(config: Mapping[str, t.Any], mode: AuthMode) -> int:
    """The configured pace, or the safe default of the authentication mode."""
    configured = config.get("max_calls_per_second")
    if configured is not None:
        if int(configured) < 1:
            msg = f"max_calls_per_second must be at least 1, got {configured}."
            raise config_error(msg)
        return int(configured)
    return API_KEY_CALLS_PER_SECOND if mode is AuthMode.API_KEY else OAUTH_CALLS_PER_SECOND


def page_size(config: Mapping[str, t.Any]) -> int:
    """The configured page size, checked against Keap's maximum."""
    size = int(config.get("page_size") or MAX_PAGE_SIZE)
    if not 1 <= size <= MAX_PAGE_SIZE:
        msg = f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {size}."
        raise config_error(msg)
    return size


def app_timezone(config: Mapping[str, t.Any]) -> ZoneInfo:
    """The Keap application's time zone, checked."""
    return common.time_zone(config, "app_timezone", DEFAULT_APP_TIMEZONE)
