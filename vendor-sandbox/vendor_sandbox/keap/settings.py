"""Settings of the emulated Keap account: OAuth client, API keys, token life, limits, latency.

Defaults follow Keap's published numbers (vendor notes; Keap's "Throttles and Quotas" page,
https://developer.infusionsoft.com/api-token-quota-and-usage-measurements/): OAuth access
tokens live 24 h; an OAuth client (key/secret pair) may make 1,500 calls a minute and 150,000
a day, a Personal Access Token or Service Account Key 240 a minute and 30,000 a day.

The same page also gives a key 10 calls a second, and every caller a 25-a-second spike
policy "for which we do not return metrics". Neither is emulated: Keap's gateway enforces
them with Apigee's SpikeArrest policy, at a rate Keap's API engineer gives as 5 a second for
keys (https://community.keap.com/t/api-error-quota-exceeded-request-throttled/89944), and
SpikeArrest either spaces calls out (10 a second: one per 100 ms) or counts them across the
gateway's processors, depending on settings Keap does not publish
(https://docs.apigee.com/api-platform/reference/policies/spike-arrest-policy), so a
per-second window would be a guess. The tap's default pace with a key (4 a second) stays
under every published figure.

A `configure` call changes the settings for the current instance; a reset restores these
(or the CLI's) start settings.
"""

from __future__ import annotations

import typing as t
from dataclasses import asdict, dataclass, fields, replace

if t.TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_CLIENT_ID = "sandbox-keap-client"
DEFAULT_CLIENT_SECRET = "sandbox-keap-secret"  # noqa: S105 - a public sandbox credential
DEFAULT_REFRESH_TOKEN = "sandbox-keap-refresh-0"  # noqa: S105 - a public sandbox credential
DEFAULT_API_KEY = "sandbox-keap-api-key"
# Keap (vendor notes): access tokens ~24 h.
DEFAULT_TOKEN_TTL = 86_400
# Keap's "Throttles and Quotas": calls a minute (a rolling window) per credential type.
OAUTH_THROTTLE_LIMIT = 1_500
API_KEY_THROTTLE_LIMIT = 240
# Keap's "Throttles and Quotas": calls a day (reset 00:00 UTC) per credential type.
OAUTH_DAILY_QUOTA = 150_000
API_KEY_DAILY_QUOTA = 30_000


class SettingsError(ValueError):
    """A configure request the sandbox cannot apply; the message names the setting."""


@dataclass(frozen=True)
class KeapSettings:
    """One account's settings.

    Attributes:
        client_id: The OAuth client id the token endpoint accepts (HTTP Basic user).
        client_secret: Its secret (HTTP Basic password).
        refresh_token: The refresh token valid at start; each use rotates it.
        api_keys: Personal Access Tokens / Service Account Keys accepted in `X-Keap-API-Key`.
        token_ttl: Seconds an access token lives (`expires_in`).
        throttle_limit: Calls per credential per one-minute window for every credential;
            None (the default) is Keap's figure for the credential's type
            (`minute_throttle`); 0 disables the throttle.
        quota_limit: Calls per credential per UTC day for every credential; None (the
            default) is Keap's figure for the credential's type (`daily_quota`); 0
            disables the quota.
        latency: Seconds added to every API call (a slow account).
        duplicate_email_conflict: Refuse `POST /contacts` with 409 when another contact
            already has one of its email addresses. NOT Keap's documented behaviour (v1
            documents no 409 and Keap keeps duplicate contacts: "When `duplicate_option` is
            not specified, a new contact is always created", infusionsoft/keap-sdk
            `sdks/v2/swagger.yml`); off by default, for testing a client's 409 path only.
        upsert_company_option: Accept `duplicate_option: EmailAndNameAndCompany` on v1
            `PUT /contacts`. Off (the default): refused with 400, since both v1 specs list
            only `Email` and `EmailAndName` (ballerina-platform/openapi-connectors
            `openapi/keap/openapi.yml` UpsertContact; the 2017 KeapArchive/infusionsoft-sdk-nodejs
            `api/swagger.yaml`); only v2 `POST /v2/contacts?duplicate_option=` lists all
            three. Whether v1 accepts it is assumed, hence the switch.
    """

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    refresh_token: str = DEFAULT_REFRESH_TOKEN
    api_keys: tuple[str, ...] = (DEFAULT_API_KEY,)
    token_ttl: int = DEFAULT_TOKEN_TTL
    throttle_limit: int | None = None
    quota_limit: int | None = None
    latency: float = 0.0
    duplicate_email_conflict: bool = False
    upsert_company_option: bool = False

    def as_dict(self) -> dict[str, t.Any]:
        """The settings as JSON for control responses (secrets included: they are fake)."""
        values = asdict(self)
        values["api_keys"] = list(self.api_keys)
        return values

    def minute_throttle(self, *, api_key: bool) -> int:
        """Calls a minute a credential may make: 240 per API key, 1,500 per OAuth client."""
        if self.throttle_limit is not None:
            return self.throttle_limit
        return API_KEY_THROTTLE_LIMIT if api_key else OAUTH_THROTTLE_LIMIT

    def daily_quota(self, *, api_key: bool) -> int:
        """Calls a day a credential may make: 30,000 per API key, 150,000 per OAuth client."""
        if self.quota_limit is not None:
            return self.quota_limit
        return API_KEY_DAILY_QUOTA if api_key else OAUTH_DAILY_QUOTA

    def updated(self, changes: Mapping[str, t.Any]) -> KeapSettings:
        """A copy with `changes` applied, every value checked before any is applied.

        Raises:
            SettingsError: Unknown setting, or a value of the wrong type or range.
        """
        kinds = {item.name: item.type for item in fields(self)}
        applied: dict[str, t.Any] = {}
        for name, value in changes.items():
            kind = kinds.get(name)
            if kind is None:
                msg = f"unknown Keap setting '{name}'"
                raise SettingsError(msg)
            applied[name] = _convert(name, str(kind), value)
        if applied.get("token_ttl", self.token_ttl) < 1:
            msg = "'token_ttl' must be at least 1 second"
            raise SettingsError(msg)
        return replace(self, **applied)


def _convert(name: str, kind: str, value: t.Any) -> t.Any:
    """Check one value against the setting's annotated type (a string under PEP 563)."""
    if value is None and kind.endswith("| None"):
        return None
    if kind == "bool":
        if isinstance(value, bool):
            return value
    elif kind == "str":
        if isinstance(value, str) and value:
            return value
    elif kind.startswith("tuple"):
        if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
            return tuple(value)
    elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        if kind == "float":
            return float(value)
        if float(value).is_integer():
            return int(value)
    msg = f"invalid value for '{name}': {value!r} (expected {kind})"
    raise SettingsError(msg)
