"""One authenticated, rate-limited, budgeted connection to a Marketo instance per process."""

from __future__ import annotations

import typing as t
from urllib.parse import urlsplit

import requests

from marketo_client.api import IDENTITY_PATH
from marketo_client.describe import ObjectDescription
from marketo_client.errors import (
    DAILY_QUOTA_REACHED,
    MARKETO_RETRY_RULES,
    TOKEN_CODES,
    UNCOUNTED_CODES,
    MarketoAuthError,
    MarketoError,
    raise_for_marketo_error,
)
from marketo_client.settings import MARKETO_WINDOW_SECONDS
from singer_commons.connection import VendorConnection, json_body, retry_sleep
from singer_commons.errors import VendorError, VendorQuotaExhausted
from singer_commons.gate import CallGate
from singer_commons.ledger import CallLedger
from singer_commons.ratelimit import shared_rate_limiter
from singer_commons.retry import RetryPolicy
from singer_commons.tokens import ClientCredentialsTokenProvider, TokenGrant

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from marketo_client.settings import MarketoConnectionSettings

# Marketo's daily quota resets at 00:00 US Central; all REST calls share one quota.
QUOTA_TIMEZONE = "America/Chicago"
LEDGER_API = "rest"
# Renew a token this long before Marketo says it expires, so no call carries a dying token.
TOKEN_REFRESH_MARGIN_SECONDS = 60.0


class WriteAnswer(t.NamedTuple):
    """Marketo's answer to a sync or delete call.

    `results` holds one entry per input record (`seq`, `status`, `reasons`); `maybe_applied`
    says an earlier attempt failed in a way that may still have been carried out, so a
    record that now "already exists" may be this run's own write.
    """

    results: list[dict[str, t.Any]]
    maybe_applied: bool


class MarketoConnection(VendorConnection):
    """Marketo REST over one session: Bearer tokens, quota ledger, 100/20 s limiter, retries."""

    def __init__(
        self, settings: MarketoConnectionSettings, *, sleep: Callable[[float], None] | None = None
    ) -> None:
        """Create the connection from the plugin's connection settings."""
        self.base_url = settings.base_url
        self._client_id = settings.client_id
        self._client_secret = settings.client_secret
        host = urlsplit(self.base_url).netloc or self.base_url
        ledger = CallLedger(
            settings.state,
            account=f"marketo-{host}",
            timezone=QUOTA_TIMEZONE,
            budgets={LEDGER_API: settings.daily_call_budget},
        )
        limiter = shared_rate_limiter(
            f"marketo:{host}",
            max_calls=settings.max_calls_per_20s,
            window_seconds=MARKETO_WINDOW_SECONDS,
            max_concurrency=settings.max_concurrent_calls,
        )
        super().__init__(
            gate=CallGate(
                LEDGER_API, ledger=ledger, limiter=limiter, uncounted_codes=UNCOUNTED_CODES
            ),
            retry=RetryPolicy(
                MARKETO_RETRY_RULES, sleep=sleep or retry_sleep(), on_retry=self._before_retry
            ),
            timeout=settings.request_timeout,
        )
        self.ledger = ledger
        self._identity_session = requests.Session()
        self.tokens = ClientCredentialsTokenProvider(
            self._fetch_token, refresh_margin_seconds=TOKEN_REFRESH_MARGIN_SECONDS
        )

    def _fetch_token(self) -> TokenGrant:
        """Ask the identity service for a token (not rate limited nor charged by Marketo)."""
        params = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }

        def fetch() -> requests.Response:
            # Its own session: the SDK installs the connection's authenticator on the shared
            # one, and the identity call must not wait for the token it is fetching.
            return self._identity_session.get(
                self.base_url + IDENTITY_PATH, params=params, timeout=self.timeout
            )

        # No retries here: the call that needs the token is retried as a whole.
        response = fetch()
        if response.status_code in {400, 401, 403}:
            raise MarketoAuthError(
                f"Marketo refused the client credentials (HTTP {response.status_code} from "
                f"{IDENTITY_PATH}). Check client_id and client_secret of the LaunchPoint "
                "service and that its API user is active."
            )
        if response.status_code >= 400:
            raise VendorError(
                f"http:{response.status_code}", f"identity service answered {response.status_code}"
            )
        body = response.json()
        return TokenGrant(access_token=body["access_token"], expires_in=float(body["expires_in"]))

    def _before_retry(self, exc: BaseException, code: str, attempt: int) -> None:
        """On 601/602 the token is dead: drop it so the retry fetches a new one."""
        del exc, attempt
        if code in TOKEN_CODES:
            self.tokens.invalidate()

    def prepare_credentials(self) -> None:
        """Have a live token before the gate admits a call (identity is not quota-charged)."""
        self.tokens.token()

    def authorize(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Send the token ONLY as a Bearer header (the query parameter was retired in 2026)."""
        request.headers["Authorization"] = f"Bearer {self.tokens.token()}"
        return request

    def check_response(self, response: requests.Response) -> None:
        """Raise the HTTP error or the `success:false` error Marketo reported."""
        try:
            raise_for_marketo_error(response)
        except MarketoError as exc:
            if exc.code == DAILY_QUOTA_REACHED:
                raise VendorQuotaExhausted(
                    f"Marketo's daily API quota is spent ([{exc.code}] {exc.message}). It "
                    f"resets at {self.ledger.resets_at().isoformat()}; re-run after that "
                    "time to resume."
                ) from exc
            raise

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, t.Any] | None = None,
        json: t.Any = None,
        data: Mapping[str, t.Any] | None = None,
        timeout: float | None = None,
    ) -> dict[str, t.Any]:
        """Send one Marketo call and return its JSON body (errors raised, retries done)."""
        request = requests.Request(
            method, self.base_url + path, params=params, json=json, data=data
        )
        return json_body(self.send(request, timeout=timeout))

    def write(self, path: str, body: bytes) -> WriteAnswer:
        """Send one sync or delete call whose JSON body is already encoded; its per-record results.

        Adobe, "Lead Database": write calls take `Content-Type: application/json`. The body
        arrives encoded because its size was counted against Marketo's 1 MB limit.
        """
        response, maybe_applied = self.send_write(
            requests.Request(
                "POST",
                self.base_url + path,
                data=body,
                headers={"Content-Type": "application/json"},
            )
        )
        return WriteAnswer(json_body(response).get("result", []), maybe_applied)

    def describe(self, path: str) -> ObjectDescription:
        """Read an object's describe.json (e.g. `/rest/v1/opportunities/describe.json`)."""
        body = self.call("GET", path)
        return ObjectDescription.from_describe(body["result"][0])
