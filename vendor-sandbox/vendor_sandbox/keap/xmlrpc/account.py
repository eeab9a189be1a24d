"""The XML-RPC side of one Keap account: its data, its injected faults, its answers.

The account instance gates a call first (HTTP faults, auth, throttle, quota — shared with
REST), then hands it here: an injected fault is answered in place of the method (the call is
already charged, as Keap charges it), else the method runs under the data's lock.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.httpio import json_response
from vendor_sandbox.keap.xmlrpc import codec, services
from vendor_sandbox.keap.xmlrpc.faults import InjectedFaults, XmlRpcError
from vendor_sandbox.keap.xmlrpc.store import XmlRpcStore

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.clock import Clock
    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.keap.counters import Counters

PATH = "/crm/xmlrpc/v1"


class XmlRpcAccount:
    """Tables and reports, the injected-fault queue, and the call counters it reports to."""

    def __init__(
        self, clock: Clock, counters: Counters, counts: Mapping[str, int] | None = None
    ) -> None:
        self.store = XmlRpcStore(clock, counts)
        self.faults = InjectedFaults()
        self._counters = counters

    def parse(self, request: Request) -> codec.MethodCall | codec.CodecError:
        """The call in a body, counted per method (or why the body is not a call).

        Parsed before the gate, so `by_method` counts every call sent, as `by_path` does.
        """
        try:
            call = codec.parse_call(request.body)
        except codec.CodecError as exc:
            return exc
        self._counters.method(call.method)
        return call

    def answer(self, request: Request, call: codec.MethodCall | codec.CodecError) -> Response:
        """Answer an admitted call: 405 unless POST, 400 for a bad body, else XML-RPC."""
        if request.method != "POST":
            return json_response({"message": f"Method {request.method} not allowed"}, 405)
        if isinstance(call, codec.CodecError):
            return json_response({"message": str(call)}, 400)
        injected = self.faults.take(call.method)
        if injected is not None:
            self._counters.fault()
            return codec.fault_response(injected.error())
        try:
            with self.store.lock:
                result = services.run(self.store, call)
                return codec.result_response(result)
        except XmlRpcError as exc:
            return codec.fault_response(exc)
