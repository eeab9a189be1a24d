"""One emulated 配配メール account: the path every API call takes.

A call, in order: count it; apply an injected fault if one is due (matched against the
`ac` action name); the action must exist (404) → token (401) → caller IP (403) → plan (403)
→ quota (429, a unit reserved) → parameters and the action itself (400/404 give the unit
back). Only a 2xx answer keeps its unit, so errors and faults never spend the quota.
"""

from __future__ import annotations

import threading
import typing as t

from vendor_sandbox.clock import AdjustableClock
from vendor_sandbox.faults import (
    TRANSPORT_KINDS,
    FaultQueue,
    Stalls,
    transport_answer,
)
from vendor_sandbox.haihai import seed
from vendor_sandbox.haihai.api import ACTIONS, Call, read_params
from vendor_sandbox.haihai.auth import authorize, check_plan
from vendor_sandbox.haihai.clock import jst_today
from vendor_sandbox.haihai.counters import Counters
from vendor_sandbox.haihai.errors import (
    METHOD_NOT_ALLOWED,
    HaihaiError,
    invalid_parameter,
    not_found,
)
from vendor_sandbox.haihai.imports import Imports
from vendor_sandbox.haihai.quota import Quota
from vendor_sandbox.httpio import json_response

if t.TYPE_CHECKING:
    from vendor_sandbox.faults import Fault
    from vendor_sandbox.haihai.settings import HaihaiSettings
    from vendor_sandbox.httpio import Request, Response

ACTION_PARAM = "ac"
API_PATHS = ("/", "")
# Every call is `/?ac=...`, so a fault without `path` matches any of them.
ANY_ACTION = ""


class HaihaiAccount:
    """State of one account: settings, clock, data, imports, quota, counters, faults.

    A reset replaces the whole account (the clock back on system time, the default seed
    rebuilt), so a call still in flight finishes against the old one.
    """

    def __init__(self, settings: HaihaiSettings) -> None:
        self.settings = settings
        self.clock = AdjustableClock()
        self.lock = threading.Lock()
        self.data = seed.build(jst_today(self.clock))
        self.imports = Imports()
        self.quota = Quota(self.clock)
        self.counters = Counters()
        self.faults = FaultQueue(default_path=ANY_ACTION)
        self.stalls = Stalls()

    def handle(self, request: Request) -> Response:
        """Answer one call below `/haihai`."""
        action = request.param(ACTION_PARAM) or ""
        self.counters.call(action)
        response = self._answer(request, action)
        if not response.drop:
            self.counters.status(response.status)
        return response

    def _answer(self, request: Request, action: str) -> Response:
        fault = self.faults.take(action)
        if fault is not None:
            self.counters.fault()
            broken = self._broken(fault)
            if broken is not None:
                return broken
        held = None if fault is None else fault.kind  # a stall: the call runs late
        try:
            return self._run(request, action, held)
        except HaihaiError as exc:
            return json_response(exc.body(), status=exc.status)

    def _run(self, request: Request, name: str, held: str | None) -> Response:
        action = ACTIONS.get(name) if request.path in API_PATHS else None
        if action is None:
            msg = f"指定されたAPIは存在しません({request.path}?{ACTION_PARAM}={name})"
            raise not_found(msg)
        if request.method != "POST":
            msg = f"{name} はPOSTで呼び出してください({request.method})"
            raise HaihaiError(METHOD_NOT_ALLOWED, msg)
        params = read_params(request)
        settings = self.settings
        authorize(params.fields.get("api_token"), request.headers, settings)
        check_plan(name, action.bridge_only, settings)
        ticket = self.quota.reserve(action.ledger_key(params.fields), settings.quota)
        try:
            if params.problem is not None:
                raise invalid_parameter(params.problem)
            with self.lock:
                call = Call(
                    fields=params.fields,
                    files=params.files,
                    data=self.data,
                    imports=self.imports,
                    settings=settings,
                    now=self.clock.utc_now(),
                    host=request.headers.get("host", "127.0.0.1"),
                    held=held,
                )
                return action.answer(call)
        except HaihaiError:
            self.quota.release(ticket)
            raise

    def _broken(self, fault: Fault) -> Response | None:
        """The answer of a broken call; None lets a stalled call go on normally."""
        if fault.kind in TRANSPORT_KINDS:
            return transport_answer(fault, self.stalls)
        error = HaihaiError.of(str(fault.code))
        return json_response(error.body(), status=error.status)
