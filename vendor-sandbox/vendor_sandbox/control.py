"""What every vendor's control endpoints share: dispatching an action, reading a JSON body.

Bad control input is the test author's mistake, so each helper raises `ControlError` with a
message naming the field, answered as HTTP 400 `{"error": ...}`.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from vendor_sandbox.httpio import error_response, json_response

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from vendor_sandbox.clock import AdjustableClock
    from vendor_sandbox.httpio import Request, Response

Instance = t.TypeVar("Instance")


class ControlError(ValueError):
    """A control request that cannot be honoured (HTTP 400)."""


def json_object(request: Request) -> dict[str, t.Any]:
    """The request body as a JSON object.

    Raises:
        ControlError: the body is not JSON or not an object.
    """
    try:
        payload = request.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        msg = "the body must be a JSON object"
        raise ControlError(msg)
    return payload


def non_negative(payload: Mapping[str, t.Any], name: str, default: int | None) -> int | None:
    """A non-negative integer from JSON or the query string; absent or empty gives `default`.

    Raises:
        ControlError: the value is not an integer >= 0.
    """
    value = payload.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"'{name}' must be an integer >= 0, got {value!r}"
        raise ControlError(msg)
    return value


def integer_list(payload: Mapping[str, t.Any], name: str) -> list[int]:
    """A JSON list of integers (record ids), e.g. the `ids` of a touch.

    Raises:
        ControlError: the value is not a list of integers.
    """
    value = payload.get(name)
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    ):
        msg = f"'{name}' must be a list of integers, got {value!r}"
        raise ControlError(msg)
    return value


def dispatch(
    actions: Mapping[tuple[str, str], Callable[[Instance, Request], dict[str, t.Any]]],
    instance: Instance,
    action: str,
    request: Request,
    *,
    vendor: str,
    errors: tuple[type[Exception], ...],
) -> Response:
    """Run the action `(method, name)` names, answering its JSON.

    An unknown name is 404, a wrong method 405, and any of `errors` (bad control input)
    400 `{"error": ...}`.
    """
    run = actions.get((request.method, action))
    if run is None:
        if any(name == action for _, name in actions):
            return error_response(405, f"method {request.method} not allowed on '{action}'")
        return error_response(404, f"unknown {vendor} control action '{action}'")
    try:
        return json_response(run(instance, request))
    except errors as exc:
        return error_response(400, str(exc))


def change_clock(clock: AdjustableClock, request: Request) -> None:
    """Set (`{"now": ISO 8601 with offset}`: frozen there) or advance (`advance_seconds`).

    Raises:
        ControlError: neither or both given, or a value of the wrong shape.
    """
    payload = json_object(request)
    if set(payload) not in ({"now"}, {"advance_seconds"}):
        msg = "give exactly one of 'now' (ISO 8601 with offset) or 'advance_seconds'"
        raise ControlError(msg)
    if "now" in payload:
        clock.set(_aware(payload["now"]))
        return
    seconds = payload["advance_seconds"]
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        msg = f"'advance_seconds' must be a number >= 0, got {seconds!r}"
        raise ControlError(msg)
    clock.advance(seconds)


def _aware(value: t.Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        example = "2026-03-10T12:00:00+09:00"
        msg = f"'now' must be ISO 8601 with an offset (e.g. {example}), got {value!r}"
        raise ControlError(msg)
    return moment
