"""The base of every vendor connection: one HTTP session, one gate, one retry policy.

A tap's SDK streams and a target's sinks both send their requests through a
`VendorConnection`, so auth, budget accounting, rate limiting, retries and error parsing
behave the same whichever side of the pipeline a plugin is on.
"""

from __future__ import annotations

import functools
import time
import typing as t
from urllib.parse import urlsplit

import msgspec
import requests

from singer_commons.env_hooks import RETRY_WAIT_SCALE_ENV, hook_value
from singer_commons.errors import VendorError, VendorUnavailable, error_from_http_response
from singer_commons.retry import CONNECTION, TIMEOUT

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from singer_commons.gate import CallGate
    from singer_commons.retry import RetryPolicy

P = t.ParamSpec("P")
T = t.TypeVar("T")

HTTP_ERROR_THRESHOLD = 400
SERVER_ERROR_PREFIX = "http:5"


def retry_sleep() -> Callable[[float], None]:
    """`time.sleep`, scaled by the test hook `SINGER_CONNECTORS_RETRY_WAIT_SCALE` when on.

    Tests and demos that inject faults scale every wait to e.g. 0.001, so a 606 burst costs
    milliseconds instead of Marketo's real 20-second window; only with the test switch
    (`env_hooks`): a production run always waits what the vendor asks.
    """
    scale = float(hook_value(RETRY_WAIT_SCALE_ENV) or "1")
    if scale == 1:
        return time.sleep
    return lambda seconds: time.sleep(seconds * scale)


def json_body(response: requests.Response) -> t.Any:
    """The response's JSON, parsed once however many readers it has.

    An error check, a paginator and the record parser all read the same body; parsing a page
    of 300 records three times is a measurable share of a tap's CPU.
    """
    cached = response.__dict__.get("_singer_commons_json", _UNPARSED)
    if cached is _UNPARSED:
        cached = response.__dict__["_singer_commons_json"] = _decode_json(response)
    return cached


def _decode_json(response: requests.Response) -> t.Any:
    """Parse with msgspec, falling back to requests' own parser for what msgspec refuses.

    msgspec decodes a page of records several times faster than requests' (simple)json; a
    body it refuses (a BOM, a non-UTF-8 charset, 1e400, not JSON at all) goes through
    `response.json()`, so edge cases and errors stay exactly what they were.
    """
    try:
        return _JSON_DECODER.decode(response.content)
    except msgspec.DecodeError:
        return response.json()


_UNPARSED = object()
_JSON_DECODER = msgspec.json.Decoder()


class VendorConnection:
    """Sends guarded, retried, authenticated requests to one vendor API.

    Subclasses add the vendor's authentication (`authorize`) and its way of reporting errors
    (`check_response`, e.g. HTTP 200 with `success:false`), and set `base_url`.
    """

    # The vendor API's root (the `base_url` setting, without a trailing slash).
    base_url: str

    def __init__(
        self,
        *,
        gate: CallGate,
        retry: RetryPolicy,
        timeout: float,
        session: requests.Session | None = None,
        user_agent: str = "singer-connectors",
    ) -> None:
        """Create a connection.

        Args:
            gate: Admits each call through the daily budget and the rate limiter.
            retry: Decides which failures are retried and how long to wait.
            timeout: Default seconds to wait for a response.
            session: A shared session (connection reuse); a new one when omitted.
            user_agent: Sent on every request so the vendor can identify the connector.
        """
        self.gate = gate
        self.retry = retry
        self.timeout = timeout
        self.session = session or requests.Session()
        # A new Session already carries requests' own User-Agent, so `setdefault` would never
        # apply ours; replace that default but keep one a caller chose for its session.
        if self.session.headers.get("User-Agent") == requests.utils.default_user_agent():
            self.session.headers["User-Agent"] = user_agent

    def guard(
        self, send: Callable[P, requests.Response], *, gate: CallGate | None = None
    ) -> Callable[P, requests.Response]:
        """Wrap a function that performs ONE HTTP call with the gate and the retry policy.

        `gate` replaces the connection's own for this call: vendors whose quota is per API
        (配配メール) admit each API through its own ledger key.

        A failure still there after its last retry becomes `VendorUnavailable`: the run stops
        to be resumed later, and no caller mistakes a vendor outage for a refused record.

        Each retry goes back through the gate, so it is budgeted and rate limited like the
        first attempt, and re-authorised (the wrapped function authorises its request).
        Credentials are made ready before the gate, so a failing token service is neither
        charged to the vendor's quota nor retried inside a retry. Then `pace` may wait for
        what the vendor said about its own limits, before the gate takes a slot.
        """

        @functools.wraps(send)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> requests.Response:
            return self._retried(
                lambda: self._admitted(lambda: send(*args, **kwargs), gate),
                getattr(send, "__name__", "request"),
            )

        return guarded

    def _admitted(
        self, call: Callable[[], requests.Response], gate: CallGate | None
    ) -> requests.Response:
        """Make credentials ready, follow the vendor's pace, then run ONE call through the gate."""
        self.prepare_credentials()
        self.pace()
        return (gate or self.gate).run(call)

    def _retried(self, attempt: Callable[[], T], description: str) -> T:
        """Run `attempt` under the retry table; a failure past its last retry is unavailability."""
        try:
            return self.retry.call(attempt, description=description)
        except Exception as exc:
            rule = self.retry.exhausted(exc)
            if rule is None:
                raise
            raise VendorUnavailable(exc, rule.retries) from exc

    def prepare_credentials(self) -> None:
        """Obtain or renew credentials before a call (e.g. fetch a token); none by default."""

    def pace(self) -> None:
        """Wait (or stop) as the vendor's last reported limits require; nothing by default.

        Vendors that report their remaining allowance in response headers (Keap's throttle
        and quota headers) slow down here before they would be refused.
        """

    def authorize(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Add credentials to a request; the base connection sends none."""
        return request

    def check_response(self, response: requests.Response) -> None:
        """Raise a `VendorError` when the response reports a failure.

        The base checks the HTTP status only; vendors that answer errors with HTTP 200
        extend it.
        """
        if response.status_code >= HTTP_ERROR_THRESHOLD:
            raise error_from_http_response(response)

    def send_once(
        self, request: requests.PreparedRequest, timeout: float | None = None
    ) -> requests.Response:
        """Authorise, send and check one request, without retries (see `send`)."""
        response = self.session.send(self.authorize(request), timeout=timeout or self.timeout)
        self.check_response(response)
        return response

    def send(
        self,
        request: requests.Request,
        timeout: float | None = None,
        *,
        gate: CallGate | None = None,
    ) -> requests.Response:
        """Send a request through the gate (or `gate`) with retries; the checked response."""
        prepared = self.session.prepare_request(request)
        return self.guard(self.send_once, gate=gate)(prepared, timeout)

    def send_write(
        self,
        request: requests.Request | Callable[[], requests.PreparedRequest],
        timeout: float | None = None,
        *,
        gate: CallGate | None = None,
    ) -> tuple[requests.Response, bool]:
        """Like `send`, and also say whether an earlier, failed attempt may have been applied.

        Only a failure after the request may have reached the vendor is ambiguous: a timeout,
        a dropped connection or a 5xx. A vendor error code saying the request was refused
        (Marketo's 6xx) is not. A write that was retried after an ambiguous failure may find
        its own earlier work ("already exists") and can count it as done.

        `request` may also be a function preparing the request anew for each attempt, for
        bodies that can be read only once (a file streamed from disk).
        """
        if isinstance(request, requests.Request):
            prepared = self.session.prepare_request(request)

            def prepare() -> requests.PreparedRequest:
                return prepared
        else:
            prepare = request
        ambiguous = False

        def attempt() -> requests.Response:
            nonlocal ambiguous
            try:
                return self.send_once(prepare(), timeout)
            except Exception as exc:
                ambiguous = ambiguous or self._may_have_been_applied(exc)
                raise

        return self.guard(attempt, gate=gate)(), ambiguous

    def send_unrepeatable(
        self,
        request: requests.Request,
        confirm: Callable[[], T | None],
        timeout: float | None = None,
        *,
        unsure: bool = False,
    ) -> requests.Response | T:
        """Send a write the vendor would apply twice if sent twice, never resending it blindly.

        Why: without an idempotency key (Keap's creates), a create whose answer was lost and
        that is simply sent again makes a second record. So after a failure that may have
        been applied (a timeout, a dropped connection, a 5xx: see `send_write`), before the
        retry table sends it again, `confirm` is asked whether the vendor already holds the
        write (a look-up; its own calls are gated and retried as usual). What it returns,
        unless None, ends the write in place of an answer; None sends the write again. A
        refusal the table does not retry that follows such a failure (the vendor's own
        duplicate check refusing the second copy) is put to `confirm` too before it is raised.

        `unsure`: an earlier run's attempt may have been applied (it was sent and never
        answered), so `confirm` is asked before the first send.
        """
        prepared = self.session.prepare_request(request)
        maybe_applied = unsure

        def attempt() -> requests.Response | T:
            nonlocal maybe_applied
            if maybe_applied and (found := confirm()) is not None:
                return found
            try:
                return self._admitted(lambda: self.send_once(prepared, timeout), None)
            except Exception as exc:
                if self._may_have_been_applied(exc):
                    maybe_applied = True
                elif maybe_applied and self._refused(exc) and (found := confirm()) is not None:
                    return found
                raise

        # The path names the call in retry logs; a query string may carry a credential.
        return self._retried(attempt, f"{prepared.method} {urlsplit(prepared.url or '').path}")

    def _refused(self, exc: BaseException) -> bool:
        """Whether the vendor answered a failure the retry table does not retry."""
        classified = self.retry.classify(exc)
        return isinstance(exc, VendorError) and (
            classified is None or classified[0] not in self.retry.rules
        )

    def _may_have_been_applied(self, exc: BaseException) -> bool:
        """Whether a failed call may still have been carried out by the vendor."""
        classified = self.retry.classify(exc)
        if classified is None:
            return False
        key = classified[0]
        return key in {TIMEOUT, CONNECTION} or key.startswith(SERVER_ERROR_PREFIX)
