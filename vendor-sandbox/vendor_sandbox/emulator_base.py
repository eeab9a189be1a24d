"""What every emulator shares: one live account, rebuilt from its start state on reset.

A reset replaces the whole account object, so a call still in flight finishes against the
old one and cannot leak into the next test; calls stalled on purpose in the old account are
woken and dropped.
"""

from __future__ import annotations

import typing as t
from abc import ABC, abstractmethod

from vendor_sandbox.httpio import error_response, json_response

if t.TYPE_CHECKING:
    from vendor_sandbox.faults import Stalls
    from vendor_sandbox.httpio import Request, Response


class Account(t.Protocol):
    """One emulated account: answers API calls and can wake its stalled calls."""

    stalls: Stalls

    def handle(self, request: Request) -> Response:
        """Answer one API call."""
        ...


A = t.TypeVar("A", bound=Account)


class ResettableEmulator(ABC, t.Generic[A]):
    """A vendor whose account is rebuilt from its start state on every reset."""

    name: t.ClassVar[str]

    def __init__(self) -> None:
        self._instance = self._fresh()

    @abstractmethod
    def _fresh(self) -> A:
        """A new account in the start state."""

    @abstractmethod
    def _control(self, instance: A, action: str, request: Request) -> Response:
        """Answer a control call other than `reset`."""

    def handle(self, request: Request) -> Response:
        """Answer one API call."""
        return self._instance.handle(request)

    def control(self, action: str, request: Request) -> Response:
        """Answer one control call (`reset` here, the rest in the vendor's control module)."""
        if action == "reset":
            if request.method != "POST":
                return error_response(405, "use POST to reset")
            self.reset()
            return json_response({"reset": [self.name]})
        return self._control(self._instance, action, request)

    def reset(self) -> None:
        """Start over from the start state; calls stalled in the old account are dropped."""
        old, self._instance = self._instance, self._fresh()
        old.stalls.interrupt()

    def close(self) -> None:
        """Wake stalled calls so the server can stop at once."""
        self._instance.stalls.interrupt()
