"""One emulated SATORI company: the path every API call takes.

A call, in order: count it; apply an injected fault if one is due (matched against the
request path); the endpoint must exist (404) and take the method (405); the four keys
(401); then the parameters and the endpoint itself (400/404/409). Errors are answered in
the company's error style (`http_200_errors`), successes in its envelope.
"""

from __future__ import annotations

import random
import threading
import typing as t

from vendor_sandbox.clock import AdjustableClock
from vendor_sandbox.faults import TRANSPORT_KINDS, FaultQueue, Stalls, transport_answer
from vendor_sandbox.satori.answers import failure
from vendor_sandbox.satori.api import ENDPOINTS, Call, read_params
from vendor_sandbox.satori.auth import authorize
from vendor_sandbox.satori.bulk import BulkJobs
from vendor_sandbox.satori.clock import stamp
from vendor_sandbox.satori.counters import Counters
from vendor_sandbox.satori.errors import SYSTEM_ERROR, SatoriError, bad_request, not_found
from vendor_sandbox.satori.store import SatoriData
from vendor_sandbox.writelog import WriteLog

if t.TYPE_CHECKING:
    from vendor_sandbox.faults import Fault
    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.satori.api import Endpoint
    from vendor_sandbox.satori.settings import SatoriSettings

API_PREFIX = "/api/v4/public"
# A fault without `path` matches any API call (every path contains the empty string).
ANY_CALL = ""
PROCESS_CODE_SEED = 20_240_402


class SatoriCompany:
    """State of one company: settings, clock, customers, bulk jobs, counters, faults.

    A reset replaces the whole company (default settings and custom fields, no customers,
    no jobs, the clock back on system time), so a call still in flight finishes against
    the old one.
    """

    def __init__(self, settings: SatoriSettings) -> None:
        self.settings = settings
        self.clock = AdjustableClock()
        self.lock = threading.Lock()
        self.data = SatoriData()
        self.written = WriteLog()
        self.jobs = BulkJobs(random.Random(PROCESS_CODE_SEED), self.written)  # noqa: S311
        self.counters = Counters()
        self.faults = FaultQueue(default_path=ANY_CALL)
        self.stalls = Stalls()

    def handle(self, request: Request) -> Response:
        """Answer one call below `/satori`."""
        endpoint = self._endpoint(request.path)
        self.counters.call(None if endpoint is None else endpoint.name)
        response, status = self._answer(request, endpoint)
        if not response.drop:
            self.counters.status(status)
        return response

    @staticmethod
    def _endpoint(path: str) -> Endpoint | None:
        if not path.startswith(API_PREFIX):
            return None
        return ENDPOINTS.get(path.removeprefix(API_PREFIX))

    def _answer(self, request: Request, endpoint: Endpoint | None) -> tuple[Response, int]:
        """The answer and the status its body carries (which HTTP 200 errors hide)."""
        settings = self.settings
        fault = self.faults.take(request.path)
        if fault is not None:
            self.counters.fault()
            broken = self._broken(fault, settings)
            if broken is not None:
                return broken
        held = None if fault is None else fault.kind  # a stall: the call runs late
        try:
            response = self._run(request, endpoint, settings, held)
        except SatoriError as exc:
            return failure(settings, exc), exc.status
        return response, response.status

    def _run(
        self,
        request: Request,
        endpoint: Endpoint | None,
        settings: SatoriSettings,
        held: str | None,
    ) -> Response:
        if endpoint is None:
            msg = f"指定されたAPIは存在しません({request.path})"
            raise not_found(msg)
        if request.method not in endpoint.methods:
            msg = f"このAPIは{'または'.join(endpoint.methods)}で呼び出してください"
            raise SatoriError(405, msg)
        params = read_params(request)
        try:
            authorize(params.fields, settings)
        except SatoriError:
            self.counters.auth_failure()
            raise
        if params.problem is not None:
            raise bad_request(params.problem)
        with self.lock:
            call = Call(
                fields=params.fields,
                files=params.files,
                data=self.data,
                jobs=self.jobs,
                settings=settings,
                now=stamp(self.clock),
                seconds=self.clock.monotonic(),
                written=self.written,
                held=held,
            )
            return endpoint.answer(call)

    def _broken(self, fault: Fault, settings: SatoriSettings) -> tuple[Response, int] | None:
        """The answer of a broken call; None lets a stalled call go on normally."""
        if fault.kind in TRANSPORT_KINDS:
            response = transport_answer(fault, self.stalls)
            return None if response is None else (response, response.status)
        error = SatoriError(int(str(fault.code)), SYSTEM_ERROR)
        return failure(settings, error), error.status
