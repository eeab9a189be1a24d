"""One authenticated, paced, budgeted connection to Keap per process."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

import requests

from keap_client.auth import Credentials, account_key, credentials_of
from keap_client.errors import (
    KEAP_RETRY_RULES,
    OAUTH_RETRY_RULES,
    TOO_MANY_REQUESTS,
    UNAUTHORIZED,
    XMLRPC_RETRY_RULES,
    keap_error,
)
from keap_client.settings import SPIKE_ARREST_CALLS_PER_SECOND, AuthMode
from keap_client.throttle import KeapThrottle
from singer_commons.connection import VendorConnection, json_body, retry_sleep
from singer_commons.errors import VendorQuotaExhausted
from singer_commons.gate import CallGate
from singer_commons.ledger import CallLedger
from singer_commons.ratelimit import shared_rate_limiter
from singer_commons.retry import RetryPolicy

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from keap_client.settings import KeapConnectionSettings

# Keap's daily quotas reset at 00:00 UTC; REST and XML-RPC calls count against one quota.
QUOTA_TIMEZONE = "UTC"
LEDGER_API = "api"
HTTP_ERROR_THRESHOLD = 400
HTTP_UNAUTHORIZED = 401


class KeapConnection(VendorConnection):
    """Keap over one session: API key or rotating OAuth, pacing, ledger, retries.

    REST and XML-RPC (`xmlrpc.KeapXmlRpc`) both send through it, so they share the pace,
    the daily budget and the credentials.
    """

    def __init__(
        self, settings: KeapConnectionSettings, *, sleep: Callable[[float], None] | None = None
    ) -> None:
        """Create the connection from the plugin's connection settings."""
        self.settings = settings
        self.base_url = settings.base_url
        account = account_key(settings)
        sleep = sleep or retry_sleep()
        self.ledger = CallLedger(
            settings.state,
            account=account,
            timezone=QUOTA_TIMEZONE,
            budgets={LEDGER_API: settings.daily_call_budget},
        )
        limiter = shared_rate_limiter(
            f"keap:{account}",
            max_calls=settings.calls_per_second,
            window_seconds=1.0,
            max_concurrency=1,
            min_interval=1 / SPIKE_ARREST_CALLS_PER_SECOND,
        )
        rules = {**KEAP_RETRY_RULES, **XMLRPC_RETRY_RULES}
        if settings.mode is AuthMode.OAUTH:
            rules |= OAUTH_RETRY_RULES
        super().__init__(
            gate=CallGate(LEDGER_API, ledger=self.ledger, limiter=limiter),
            retry=RetryPolicy(rules, sleep=sleep, on_retry=self._before_retry),
            timeout=settings.request_timeout,
        )
        self.throttle = KeapThrottle(sleep=sleep)
        self.credentials: Credentials = credentials_of(settings)

    def _before_retry(self, exc: BaseException, code: str, attempt: int) -> None:
        """After a 401 the access token is dead: drop it so the retry refreshes."""
        del exc, attempt
        if code == UNAUTHORIZED:
            self.credentials.rejected()

    def prepare_credentials(self) -> None:
        """Refresh the OAuth token before the gate (the token endpoint is not quota-charged)."""
        self.credentials.prepare()

    def pace(self) -> None:
        """Follow Keap's throttle and quota headers (pause, or stop at the daily quota)."""
        self.throttle.pace()

    def authorize(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Add the API key or the Bearer token."""
        self.credentials.apply(request)
        return request

    def check_response(self, response: requests.Response) -> None:
        """Record the allowances Keap reported; raise its error for a failed call.

        Raises:
            VendorQuotaExhausted: on a 429 that says the daily quota is spent.
            KeapCredentialsRejected: on a 401 with an API key (OAuth 401s are retried
                once with a fresh token).
            KeapError: for any other error status.
        """
        self.throttle.observe(response.headers)
        if response.status_code < HTTP_ERROR_THRESHOLD:
            return
        error = keap_error(response)
        if error.code == TOO_MANY_REQUESTS and self.throttle.quota_spent():
            raise VendorQuotaExhausted(self.throttle.quota_message()) from error
        if response.status_code == HTTP_UNAUTHORIZED and self.settings.mode is AuthMode.API_KEY:
            self.credentials.rejected()
        raise error

    def get_json(self, path: str, params: Mapping[str, t.Any] | None = None) -> t.Any:
        """GET one Keap resource and return its JSON (errors raised, retries done)."""
        request = requests.Request("GET", self.base_url + path, params=params)
        return json_body(self.send(request))

    def write(
        self,
        method: str,
        path: str,
        body: t.Any = None,
        *,
        params: Mapping[str, t.Any] | None = None,
        confirm: Callable[[], t.Any] | None = None,
        unsure: bool = False,
    ) -> KeapAnswer:
        """Send one write (a JSON body, if any) and return Keap's answer.

        Without `confirm` the write is retried like any call: fit for what Keap applies
        once however often it is sent (an update, an upsert, a delete, applying a tag).
        With `confirm` (a create: Keap has no idempotency key) a failure that may have
        been applied is never simply sent again: `confirm` looks the record up first, and
        what it finds is the answer (`KeapAnswer.confirmed`); see
        `VendorConnection.send_unrepeatable`, and `unsure` for an earlier run's create that
        was never answered.

        Raises:
            KeapRefusal: when Keap refuses the write (400, 403, 404, 409, 413, 414, 422),
                with its message.
            KeapError: for any other error left after the retries.
        """
        request = requests.Request(method, self.base_url + path, json=body, params=params)
        if confirm is None:
            return KeapAnswer(_json_or_none(self.send(request)))
        answer = self.send_unrepeatable(request, confirm, unsure=unsure)
        if isinstance(answer, requests.Response):
            return KeapAnswer(_json_or_none(answer))
        return KeapAnswer(answer, confirmed=True)


@dataclass(frozen=True)
class KeapAnswer:
    """Keap's answer to a write: its JSON body (None when empty, as a 204 is).

    `confirmed`: the answer of the first attempt was lost and `body` is what the look-up
    found in Keap instead (the write had been applied).
    """

    body: t.Any
    confirmed: bool = False


def _json_or_none(response: requests.Response) -> t.Any:
    """The answer's JSON, or None for an empty body."""
    return json_body(response) if response.content.strip() else None
