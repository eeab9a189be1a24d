"""One emulated Keap account: the path every call takes before an endpoint runs.

An API call (`/crm/rest/v1/...`), in order: count it; apply an injected fault if one is due;
authenticate (Bearer token or `X-Keap-API-Key`; a 401 is charged to no limit); charge the
credential's throttle and daily quota (a 429 is charged to neither); add the configured
latency (outside every lock); run the endpoint; send the `x-keap-*` headers with the answer.
Reads and writes take the same path, so writes count against the same limits and carry the
same headers (Keap: "Each request to the Infusionsoft REST API is returned with a number of
informational headers", https://developer.infusionsoft.com/api-token-quota-and-usage-measurements/).
A fault queued `after_apply` lets the call run (a write is applied) and then drops, stalls
or replaces its answer: the lost answer a writer must survive without writing twice.
An XML-RPC call (`POST /crm/xmlrpc/v1`) takes the same path, so both APIs share one quota.
Token calls (`/token`) are counted apart and never limited.
"""

from __future__ import annotations

import typing as t
from dataclasses import replace

from vendor_sandbox.faults import (
    TRANSPORT_KINDS,
    FaultQueue,
    Stalls,
    transport_answer,
)
from vendor_sandbox.httpio import DROPPED, Response, json_response
from vendor_sandbox.keap import api, oauth
from vendor_sandbox.keap.auth import TokenStore, credential_of, is_api_key
from vendor_sandbox.keap.call import NO_CONTENT, Answer
from vendor_sandbox.keap.counters import Counters
from vendor_sandbox.keap.errors import (
    ACCESS_TOKEN_EXPIRED,
    DAILY_QUOTA_EXCEEDED,
    THROTTLED,
    KeapError,
)
from vendor_sandbox.keap.headers import limit_headers
from vendor_sandbox.keap.limits import QUOTA, Limits
from vendor_sandbox.keap.listing import params_of
from vendor_sandbox.keap.store import KeapStore
from vendor_sandbox.keap.xmlrpc import XmlRpcAccount
from vendor_sandbox.keap.xmlrpc.account import PATH as XMLRPC_PATH

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from vendor_sandbox.clock import Clock
    from vendor_sandbox.faults import Fault
    from vendor_sandbox.httpio import Request
    from vendor_sandbox.keap.settings import KeapSettings

MOUNT = "/keap"
API_PREFIX = "/crm/rest/v1"
EXPIRED_CODE = "401"
THROTTLE_CODE = "429"
INJECTABLE_CODES = (EXPIRED_CODE, THROTTLE_CODE)


def _with_headers(response: Response, headers: Mapping[str, str]) -> Response:
    return replace(response, headers={**response.headers, **headers})


class KeapInstance:
    """State of one account (settings, data, tokens, limits, counters, faults).

    A reset replaces the whole instance, so a call still in flight during a reset finishes
    against the old one and cannot leak into the next test.
    """

    def __init__(
        self,
        settings: KeapSettings,
        clock: Clock,
        seed_counts: Mapping[str, int] | None,
        xmlrpc_counts: Mapping[str, int] | None = None,
    ) -> None:
        self.settings = settings
        self.store = KeapStore(clock, seed_counts)
        self.tokens = TokenStore(clock, settings.refresh_token)
        self.limits = Limits(clock)
        self.counters = Counters()
        self.xmlrpc = XmlRpcAccount(clock, self.counters, xmlrpc_counts)
        self.faults = FaultQueue(default_path=f"{API_PREFIX}/")
        self.stalls = Stalls()

    def handle(self, request: Request) -> Response:
        """Answer one call below `/keap`."""
        if request.path == oauth.TOKEN_PATH:
            self.counters.token_call()
            return self._faulted(
                request,
                lambda: oauth.token_endpoint(request, self.settings, self.tokens, self.counters),
            )
        if request.path.rstrip("/") == XMLRPC_PATH:
            self.counters.call(f"{request.method} {XMLRPC_PATH}")
            response = self._xmlrpc(request)
            if not response.drop:
                self.counters.status(response.status)
            return response
        if not request.path.startswith(f"{API_PREFIX}/"):
            return json_response({"message": "Not Found"}, status=404)
        path = request.path[len(API_PREFIX) :].rstrip("/") or "/"
        resolved = api.resolve(path)
        template = resolved[0].template if resolved else path
        self.counters.call(f"{request.method} {template}")
        host = request.headers.get("host", "127.0.0.1")
        endpoint, ids = resolved if resolved else (None, ())
        call = api.Call(
            store=self.store,
            params=params_of(request),
            ids=ids,
            url=f"http://{host}{MOUNT}{API_PREFIX}{path}",
            method=request.method,
            path=path,
            body=request.body,
            content_type=request.content_type,
            settings=self.settings,
        )
        response = self._faulted(request, lambda: self._api(request, endpoint, call), call.written)
        if not response.drop:
            self.counters.status(response.status)
        return response

    def _api(self, request: Request, endpoint: api.Endpoint | None, call: api.Call) -> Response:
        stopped, headers = self._admit(request)
        if stopped is not None:
            return stopped
        try:
            with self.store.lock:
                payload = api.run(endpoint, request.method, call)
        except KeapError as exc:
            return _with_headers(
                json_response(exc.body, status=exc.status), {**headers, **exc.headers}
            )
        if isinstance(payload, Answer):
            answer = (
                Response(status=NO_CONTENT)
                if payload.status == NO_CONTENT
                else json_response(payload.body, status=payload.status)
            )
            return _with_headers(answer, headers)
        return _with_headers(json_response(payload), headers)

    def _faulted(
        self,
        request: Request,
        serve: Callable[[], Response],
        written: list[dict[str, t.Any]] | None = None,
    ) -> Response:
        """Serve a call through the fault queue.

        A due fault breaks the call before it runs (a timeout stalls, then lets it run);
        one queued `after_apply` lets it run, then breaks its answer: dropped, stalled
        (and then sent, to a client that gave up) or replaced by an HTTP error. The
        write-log entries of such a call (`written`) are marked with the fault's kind, so a
        test can tell the writes whose answer the client never saw.
        """
        fault = self.faults.take(request.path, request.method)
        if fault is not None:
            self.counters.fault()
            if not fault.after_apply:
                broken = self._broken(fault)
                if broken is not None:
                    return broken
                fault = None
        response = serve()
        if fault is None:
            return response
        with self.store.lock:
            for entry in written or []:
                entry["answer_lost"] = fault.kind
        broken = transport_answer(fault, self.stalls)
        return response if broken is None else broken

    def _xmlrpc(self, request: Request) -> Response:
        """An XML-RPC call: counted per method, then gated exactly like a REST call."""
        call = self.xmlrpc.parse(request)

        def serve() -> Response:
            stopped, headers = self._admit(request)
            if stopped is not None:
                return stopped
            return _with_headers(self.xmlrpc.answer(request, call), headers)

        return self._faulted(request, serve)

    def _admit(self, request: Request) -> tuple[Response | None, dict[str, str]]:
        """Auth, limits, latency: the answer if the call ends here, else its headers.

        The headers are the `x-keap-*` ones an admitted call's answer carries.
        """
        settings = self.settings
        try:
            credential = credential_of(request, self.tokens, settings)
        except KeapError as exc:
            return json_response(exc.body, status=exc.status), {}
        api_key = is_api_key(credential)
        throttle = settings.minute_throttle(api_key=api_key)
        quota = settings.daily_quota(api_key=api_key)
        usage = self.limits.admit(credential, throttle, quota)
        headers = limit_headers(usage, throttle, quota)
        if usage.refused is not None:
            fault = DAILY_QUOTA_EXCEEDED if usage.refused == QUOTA else THROTTLED
            return _with_headers(json_response(fault.body(), status=fault.status), headers), {}
        if settings.latency and not self.stalls.sleep(settings.latency):
            return DROPPED, {}  # reset while sleeping: this call belongs to a dead instance
        return None, headers

    def _broken(self, fault: Fault) -> Response | None:
        if fault.kind in TRANSPORT_KINDS:
            return transport_answer(fault, self.stalls)
        if fault.code == EXPIRED_CODE:
            return json_response(ACCESS_TOKEN_EXPIRED.body(), status=ACCESS_TOKEN_EXPIRED.status)
        retry_after = str(max(1, round(fault.seconds)))
        return _with_headers(
            json_response(THROTTLED.body(), status=THROTTLED.status),
            {"Retry-After": retry_after},
        )
