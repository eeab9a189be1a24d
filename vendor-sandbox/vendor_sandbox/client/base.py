"""The HTTP plumbing every control client shares: one call, and what every vendor answers.

Standard library only (urllib), so anything that can start the sandbox can also drive it.
"""

from __future__ import annotations

import json
import typing as t
import urllib.error
import urllib.request
from datetime import datetime
from urllib.parse import urlencode

CONTROL_PREFIX = "/_sandbox"


class SandboxControlError(RuntimeError):
    """The sandbox refused a control call; the message is the sandbox's own explanation."""


class ControlClient:
    """Calls the control endpoints under `/_sandbox{prefix}/` of a running sandbox.

    Attributes:
        base_url: `http://host:port` of the sandbox.
        timeout: Seconds a control call may take.
    """

    prefix: t.ClassVar[str] = ""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, action: str, body: dict[str, t.Any] | None = None) -> t.Any:
        path = f"{self.prefix}/{action}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - the URL is the sandbox's own http URL
            f"{self.base_url}{CONTROL_PREFIX}{path}",
            data=data,
            headers={"Content-Type": "application/json"},
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.load(response)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace")
            msg = f"{method} {path} failed with HTTP {exc.code}: {detail}"
            raise SandboxControlError(msg) from None

    def _object(
        self, method: str, action: str, body: dict[str, t.Any] | None = None
    ) -> dict[str, t.Any]:
        """The JSON object a control call answers."""
        return t.cast("dict[str, t.Any]", self._call(method, action, body))


class VendorControl(ControlClient):
    """The control endpoints every emulator has: its own reset, its counters, its faults.

    A subclass names its control `prefix` (`/marketo`, ...) and its `api_path` (where the
    vendor's API answers), and adds the vendor's own calls.

    Attributes:
        url: The vendor's API base URL, what a plugin's `base_url` points at.
    """

    api_path: t.ClassVar[str]

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        super().__init__(base_url, timeout)
        self.url = f"{self.base_url}{self.api_path}"

    def reset(self) -> None:
        """Reset this vendor only: data, settings, tokens, counters and faults."""
        self._call("POST", "reset", {})

    def counters(self) -> dict[str, t.Any]:
        """What the emulator counted: calls, per endpoint, per status or error, faults."""
        return self._object("GET", "counters")

    def _records(self, name: str, offset: int, limit: int | None) -> list[dict[str, t.Any]]:
        """A page of what the emulator holds under `records/<name>`, in its own order."""
        params: dict[str, int] = {"offset": offset}
        if limit is not None:
            params["limit"] = limit
        body = self._object("GET", f"records/{name}?{urlencode(params)}")
        return t.cast("list[dict[str, t.Any]]", body["records"])

    def fault(
        self,
        kind: str,
        count: int = 1,
        code: str | int | None = None,
        path: str | None = None,
        after: int = 0,
        *,
        seconds: float | None = None,
        status: int | None = None,
    ) -> dict[str, t.Any]:
        """Queue a fault on the vendor's API calls; returns the faults still pending.

        Kinds (`http_error`, `timeout`, `drop`, `error_code`) and what `code` and `path` mean
        for each vendor are in the README.
        """
        fields = {
            "kind": kind,
            "count": count,
            "code": None if code is None else str(code),
            "path": path,
            "after": after,
            "seconds": seconds,
            "status": status,
        }
        body = {name: value for name, value in fields.items() if value is not None}
        return self._object("POST", "faults", body)


class ClockedVendorControl(VendorControl):
    """A vendor whose emulator has an adjustable clock (quota days, expiries, stamps)."""

    def clock(self) -> dict[str, t.Any]:
        """The emulator's clock: `{"now": ISO in JST, "frozen": bool, ...}`."""
        return self._object("GET", "clock")

    def set_clock(self, now: datetime | str) -> dict[str, t.Any]:
        """Freeze the emulator's clock at an aware time (ISO 8601 with offset when a string)."""
        moment = now.isoformat() if isinstance(now, datetime) else now
        return self._object("POST", "clock", {"now": moment})

    def advance_clock(self, seconds: float) -> dict[str, t.Any]:
        """Move the emulator's clock forward (past a midnight, an expiry, a retention)."""
        body = {"advance_seconds": seconds}
        return self._object("POST", "clock", body)
