"""Injected faults, independent of any vendor: what to break, how often and on which calls.

A test queues faults through a vendor's control endpoint; the vendor asks the queue, once per
API call, whether this call is to be broken and how. Faults apply in FIFO order: a call is
offered only to the oldest queued fault whose path matches it. What a fault looks like on the
wire (an HTTP status, a stall, a dropped connection, a vendor error code) is applied by the
vendor, because only the vendor knows its error format.
"""

from __future__ import annotations

import threading
import typing as t
from dataclasses import asdict, dataclass, replace
from http.client import responses

from vendor_sandbox.httpio import DROPPED, text_response

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.httpio import Response

HTTP_ERROR = "http_error"
TIMEOUT = "timeout"
DROP = "drop"
ERROR_CODE = "error_code"
FAULT_KINDS = (HTTP_ERROR, TIMEOUT, DROP, ERROR_CODE)
# Faults that look the same at every vendor; only ERROR_CODE needs the vendor's error format.
TRANSPORT_KINDS = frozenset({HTTP_ERROR, TIMEOUT, DROP})
DEFAULT_HTTP_STATUS = 503
# Longer than any sane client timeout (Marketo's own are 30 s and 60 s): the client gives up.
DEFAULT_TIMEOUT_SECONDS = 65.0
FIELDS = ("kind", "count", "status", "code", "path", "after", "seconds", "method", "after_apply")
# Fields a vendor may not use: left out of a fault's JSON while unset, as before they existed.
OPTIONAL_FIELDS = ("method", "after_apply")


class FaultSpecError(ValueError):
    """A fault request the sandbox cannot honour; the message says which field is wrong."""


@dataclass(frozen=True)
class Fault:
    """One queued fault.

    Attributes:
        kind: `http_error`, `timeout` (stall, then answer normally), `drop` (close the
            connection without a response) or `error_code` (the vendor's own error).
        count: How many calls to break.
        status: The HTTP status of an `http_error`.
        code: The vendor error code of an `error_code` fault (e.g. Marketo's "606").
        path: A substring of the request path a call must contain to be broken; None
            means the vendor's default (for Marketo: any `/rest/` call).
        after: How many matching calls to let through before breaking any.
        seconds: How long a `timeout` stalls before answering.
        method: The HTTP method a call must use to be broken (e.g. `PUT`); None: any.
        after_apply: Break the answer, not the call: the call is served first (a write is
            applied), then its answer is dropped, stalled or replaced (transport kinds only).
            Lets a test lose the answer to a write the vendor did make.
    """

    kind: str
    count: int = 1
    status: int = DEFAULT_HTTP_STATUS
    code: str | None = None
    path: str | None = None
    after: int = 0
    seconds: float = DEFAULT_TIMEOUT_SECONDS
    method: str | None = None
    after_apply: bool = False

    def as_dict(self) -> dict[str, t.Any]:
        """The fault as JSON for control responses (`method`, `after_apply` only when set)."""
        values = asdict(self)
        for name in OPTIONAL_FIELDS:
            if values[name] in (None, False):
                del values[name]
        return values


def _integer(payload: Mapping[str, t.Any], name: str, default: int, minimum: int) -> int:
    value = payload.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        msg = f"'{name}' must be an integer >= {minimum}, got {value!r}"
        raise FaultSpecError(msg)
    return value


def parse_fault(payload: Mapping[str, t.Any], *, writes: bool = False) -> Fault:
    """Validate a control request's JSON into a `Fault`.

    Args:
        payload: The control request's JSON.
        writes: The vendor passes each call's method to `FaultQueue.take` and breaks the
            answer of an `after_apply` fault after serving the call; other vendors refuse
            `method` and `after_apply`, which they would silently ignore.

    Raises:
        FaultSpecError: Unknown kind or field, or a value of the wrong type.
    """
    unknown = set(payload) - {*(FIELDS if writes else FIELDS[: -len(OPTIONAL_FIELDS)])}
    if unknown:
        msg = f"unknown fault field(s): {', '.join(sorted(unknown))}"
        raise FaultSpecError(msg)
    kind = payload.get("kind")
    if kind not in FAULT_KINDS:
        msg = f"'kind' must be one of {', '.join(FAULT_KINDS)}, got {kind!r}"
        raise FaultSpecError(msg)
    code = payload.get("code")
    if kind == ERROR_CODE and (code is None or isinstance(code, bool)):
        msg = "an error_code fault needs 'code' (e.g. \"606\")"
        raise FaultSpecError(msg)
    seconds = payload.get("seconds", DEFAULT_TIMEOUT_SECONDS)
    if seconds is None:
        seconds = DEFAULT_TIMEOUT_SECONDS
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        msg = f"'seconds' must be a number >= 0, got {seconds!r}"
        raise FaultSpecError(msg)
    path = payload.get("path")
    if path is not None and not isinstance(path, str):
        msg = f"'path' must be a string, got {path!r}"
        raise FaultSpecError(msg)
    method = payload.get("method")
    if method is not None and (not isinstance(method, str) or not method.isalpha()):
        msg = f"'method' must be an HTTP method such as \"PUT\", got {method!r}"
        raise FaultSpecError(msg)
    after_apply = payload.get("after_apply", False)
    if not isinstance(after_apply, bool):
        msg = f"'after_apply' must be true or false, got {after_apply!r}"
        raise FaultSpecError(msg)
    if after_apply and kind not in TRANSPORT_KINDS:
        msg = f"'after_apply' takes one of {', '.join(sorted(TRANSPORT_KINDS))}, got {kind!r}"
        raise FaultSpecError(msg)
    status = _integer(payload, "status", DEFAULT_HTTP_STATUS, 100)
    if status > 599:
        msg = f"'status' must be an HTTP status (100-599), got {status}"
        raise FaultSpecError(msg)
    return Fault(
        kind=kind,
        count=_integer(payload, "count", 1, 1),
        status=status,
        code=None if code is None else str(code),
        path=path,
        after=_integer(payload, "after", 0, 0),
        seconds=float(seconds),
        method=None if method is None else method.upper(),
        after_apply=after_apply,
    )


class FaultQueue:
    """Thread-safe FIFO of faults, consulted once per API call."""

    def __init__(self, default_path: str) -> None:
        """Create an empty queue.

        Args:
            default_path: The path substring a fault without `path` matches (the vendor's
                API calls, so that token and control calls are not broken by accident).
        """
        self._default_path = default_path
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> list[dict[str, t.Any]]:
        """Queue a fault behind the others; return the pending faults."""
        with self._lock:
            self._faults.append(fault)
            return [pending.as_dict() for pending in self._faults]

    def take(self, path: str, method: str | None = None) -> Fault | None:
        """The fault to apply to a call on `path`, if any (counts the call against it).

        Only the oldest fault matching the path (and the method, for a fault that names
        one) sees the call: while it is letting calls through (`after`) or breaking them
        (`count`), younger faults wait their turn.
        """
        with self._lock:
            for position, fault in enumerate(self._faults):
                if (fault.path or self._default_path) not in path:
                    continue
                if fault.method is not None and fault.method != method:
                    continue
                if fault.after:
                    self._faults[position] = replace(fault, after=fault.after - 1)
                    return None
                if fault.count > 1:
                    self._faults[position] = replace(fault, count=fault.count - 1)
                else:
                    del self._faults[position]
                return fault
            return None


class Stalls:
    """Interruptible sleeps for injected timeouts and configured latency.

    A stalled call must not outlive the state it was made against: when the vendor is reset
    (between tests) or the server stops, every stall wakes at once and reports that it was
    interrupted, and the caller drops the connection instead of acting on stale data.
    """

    def __init__(self) -> None:
        self._wake = threading.Event()

    def sleep(self, seconds: float) -> bool:
        """Sleep up to `seconds`; False when interrupted by `interrupt()`."""
        return not self._wake.wait(seconds)

    def interrupt(self) -> None:
        """Wake every sleeper now and make later sleeps return at once."""
        self._wake.set()


def transport_answer(fault: Fault, stalls: Stalls) -> Response | None:
    """The wire answer of a fault in `TRANSPORT_KINDS`, the same at every vendor.

    A dropped connection, a gateway-style HTTP error in plain text, or (a timeout) a stall
    followed by None: the call then goes on normally, unless the stall was interrupted by a
    reset, in which case the connection is dropped.
    """
    if fault.kind == TIMEOUT:
        return None if stalls.sleep(fault.seconds) else DROPPED
    if fault.kind == DROP:
        return DROPPED
    phrase = responses.get(fault.status, "Error")
    return text_response(fault.status, f"{fault.status} {phrase}")
