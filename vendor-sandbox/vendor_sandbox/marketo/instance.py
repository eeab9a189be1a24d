"""One emulated Marketo instance: the path every API call takes before an endpoint runs.

For a `/rest` call, in order: count it; hold a concurrency slot; apply an injected fault if
one is due; check the Bearer token (600/601/602), the concurrency limit (615), the rate
limit (606) and the daily quota (607); add the configured latency (outside every lock); run
the endpoint; charge the quota unless the answer is one of the quota-free codes. Identity
calls are counted apart and never limited nor charged.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.faults import (
    HTTP_ERROR,
    TRANSPORT_KINDS,
    FaultQueue,
    Stalls,
    transport_answer,
)
from vendor_sandbox.httpio import DROPPED, json_response, text_response
from vendor_sandbox.marketo import api
from vendor_sandbox.marketo.auth import TokenIssuer
from vendor_sandbox.marketo.counters import Counters
from vendor_sandbox.marketo.errors import (
    CONCURRENCY_LIMITED,
    DAILY_QUOTA_REACHED,
    MESSAGES,
    QUOTA_FREE_CODES,
    RATE_LIMITED,
    MarketoError,
    failure_body,
    rate_limit_message,
    request_id,
)
from vendor_sandbox.marketo.limits import Concurrency, DailyQuota, RateWindow
from vendor_sandbox.marketo.store import MarketoStore

if t.TYPE_CHECKING:
    from vendor_sandbox.faults import Fault
    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.marketo.settings import MarketoSettings

IDENTITY_PATH = "/identity/oauth/token"
REST_PREFIX = "/rest/"
CLIENT_CREDENTIALS = "client_credentials"
TOKEN_SCOPE = "sandbox-api-user@marketo.sandbox"  # noqa: S105 - the API user's name


class MarketoInstance:
    """State of one instance (settings, data, tokens, limits, counters, faults).

    A reset replaces the whole instance, so a call still in flight during a reset finishes
    against the old one and cannot leak into the next test.
    """

    def __init__(self, settings: MarketoSettings) -> None:
        self.settings = settings
        self.store = MarketoStore()
        self.tokens = TokenIssuer()
        self.rate = RateWindow()
        self.concurrency = Concurrency()
        self.quota = DailyQuota()
        self.counters = Counters()
        self.faults = FaultQueue(default_path=REST_PREFIX)
        self.stalls = Stalls()

    def counters_snapshot(self) -> dict[str, t.Any]:
        """The counters with the concurrency peak and today's quota use."""
        return self.counters.snapshot(
            max_concurrency_seen=self.concurrency.peak, quota_used=self.quota.used
        )

    def handle(self, request: Request) -> Response:
        """Answer one API call below `/marketo`."""
        if request.path == IDENTITY_PATH:
            return self._identity(request)
        if not request.path.startswith(REST_PREFIX):
            return text_response(404, "Not Found")
        is_query = request.method == "POST" and request.param("_method") == "GET"
        method = "GET" if is_query else request.method
        self.counters.call(f"{method} {request.path}")
        with self.concurrency.slot() as in_flight:
            fault = self.faults.take(request.path)
            if fault is not None:
                broken = self._inject(fault, charge=True)
                if broken is not None:
                    return broken
            held = None if fault is None else fault.kind  # a stall: the call runs late
            return self._rest(request, method, in_flight, held)

    def _rest(self, request: Request, method: str, in_flight: int, held: str | None) -> Response:
        settings = self.settings
        try:
            self._admit(request, in_flight, settings)
            if settings.latency_ms and not self.stalls.sleep(settings.latency_ms / 1000):
                return DROPPED  # reset while sleeping: this call belongs to a dead instance
            body = api.dispatch(self.store, request, method, crm_sync=settings.crm_sync, held=held)
        except MarketoError as exc:
            return self._failure(exc.code, exc.message, charge=True)
        self.quota.charge()
        return json_response({"requestId": request_id(), "success": True, **body})

    def _admit(self, request: Request, in_flight: int, settings: MarketoSettings) -> None:
        """Token, then concurrency, rate and quota, as Marketo refuses a call before running it."""
        code = self.tokens.check(request.headers.get("authorization"))
        if code is not None:
            raise MarketoError(code)
        if settings.max_concurrency and in_flight > settings.max_concurrency:
            raise MarketoError(CONCURRENCY_LIMITED)
        if not self.rate.admit(settings.rate_limit_calls, settings.rate_limit_window):
            raise MarketoError(RATE_LIMITED, self._rate_message(settings))
        if self.quota.exhausted(settings.daily_quota):
            raise MarketoError(DAILY_QUOTA_REACHED)

    @staticmethod
    def _rate_message(settings: MarketoSettings) -> str:
        return rate_limit_message(settings.rate_limit_calls, settings.rate_limit_window)

    def _failure(self, code: str, message: str, *, charge: bool) -> Response:
        """A `success: false` answer, counted, and charged unless the code is quota-free."""
        self.counters.error(code)
        if charge and code not in QUOTA_FREE_CODES:
            self.quota.charge()
        return json_response(failure_body(code, message))

    def _inject(self, fault: Fault, *, charge: bool) -> Response | None:
        """Apply a fault; None means carry on (a timeout stalls, then answers normally)."""
        self.counters.fault()
        if fault.kind in TRANSPORT_KINDS:
            if fault.kind == HTTP_ERROR:
                self.counters.error(f"http_{fault.status}")
            return transport_answer(fault, self.stalls)
        code = str(fault.code)
        message = (
            self._rate_message(self.settings)
            if code == RATE_LIMITED
            else MESSAGES.get(code, "Injected error")
        )
        return self._failure(code, message, charge=charge)

    def _identity(self, request: Request) -> Response:
        """`/identity/oauth/token`: the client-credentials grant (GET, or POST with a form)."""
        self.counters.identity_call()
        fault = self.faults.take(request.path)
        if fault is not None:
            broken = self._inject(fault, charge=False)
            if broken is not None:
                return broken
        params = {name: values[0] for name, values in request.query.items()}
        if request.method == "POST":
            params.update({name: values[0] for name, values in request.form().items()})
        if params.get("grant_type") != CLIENT_CREDENTIALS:
            return json_response(
                {
                    "error": "unsupported_grant_type",
                    "error_description": f"grant_type must be {CLIENT_CREDENTIALS}",
                },
                status=400,
            )
        settings = self.settings
        if (params.get("client_id"), params.get("client_secret")) != (
            settings.client_id,
            settings.client_secret,
        ):
            return json_response(
                {"error": "unauthorized", "error_description": "Bad client credentials"},
                status=401,
            )
        token, expires_in = self.tokens.issue(settings.token_ttl)
        return json_response(
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": expires_in,
                "scope": TOKEN_SCOPE,
            }
        )
