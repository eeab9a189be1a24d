"""Keap's XML-RPC faults: the numeric `faultCode` and the `[Name]message` `faultString`.

Vendor faults arrive as HTTP 200 with an XML-RPC fault, so a connector must look inside the
body to tell a retryable `[DatabaseError]` from a bad query. Handlers raise `XmlRpcError`;
the endpoint encodes it. Tests queue injected faults per method (`InjectedFaults`).
"""

from __future__ import annotations

import threading
import typing as t
from dataclasses import asdict, dataclass, replace

# Keap (vendor notes): the XML-RPC fault codes and the names that prefix faultString.
INVALID_CONFIG = 1
INVALID_KEY = 2
UNEXPECTED = 3
DATABASE_ERROR = 4
RECORD_NOT_FOUND = 5
LOADING_ERROR = 6
NO_TABLE_ACCESS = 7
NO_FIELD_ACCESS = 8
NO_TABLE_FOUND = 9
NO_FIELD_FOUND = 10
NO_FIELDS = 11
INVALID_PARAMETER = 12
FAILED_LOGIN_ATTEMPT = 13
NO_ACCESS = 14
FAULT_NAMES: dict[int, str] = {
    INVALID_CONFIG: "InvalidConfig",
    INVALID_KEY: "InvalidKey",
    UNEXPECTED: "Unexpected",
    DATABASE_ERROR: "DatabaseError",
    RECORD_NOT_FOUND: "RecordNotFound",
    LOADING_ERROR: "LoadingError",
    NO_TABLE_ACCESS: "NoTableAccess",
    NO_FIELD_ACCESS: "NoFieldAccess",
    NO_TABLE_FOUND: "NoTableFound",
    NO_FIELD_FOUND: "NoFieldFound",
    NO_FIELDS: "NoFields",
    INVALID_PARAMETER: "InvalidParameter",
    FAILED_LOGIN_ATTEMPT: "FailedLoginAttempt",
    NO_ACCESS: "NoAccess",
}
ANY_METHOD = "*"


class XmlRpcError(Exception):
    """A call Keap answers with an XML-RPC fault (HTTP 200)."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(self.fault_string)

    @property
    def fault_string(self) -> str:
        """Keap's `faultString`: the fault's name in brackets, then the message."""
        return f"[{FAULT_NAMES[self.code]}]{self.message}"


def invalid_parameter(message: str) -> XmlRpcError:
    """Fault 12 for an argument of the wrong count, type or range; the message names it."""
    return XmlRpcError(INVALID_PARAMETER, message)


def not_found(message: str) -> XmlRpcError:
    """Fault 5 for an id that names no record."""
    return XmlRpcError(RECORD_NOT_FOUND, message)


def no_field(table: str, field: str) -> XmlRpcError:
    """Fault 10 for a field the table does not have."""
    return XmlRpcError(NO_FIELD_FOUND, f"Invalid field name: {field} on table {table}")


# The faults a test can inject, as Keap words them (the Domo seed quotes the first two; note
# the space after the bracket that Keap's own query faults carry).
INJECTABLE: dict[str, tuple[int, str]] = {
    "query_too_long": (DATABASE_ERROR, " Query took too long and was cancelled"),
    "saved_search_blocked": (
        DATABASE_ERROR,
        " Too many consecutive failures. This saved search is blocked temporarily",
    ),
    "database_error": (DATABASE_ERROR, "Error loading data"),
    "invalid_key": (INVALID_KEY, "Invalid Key"),
}


@dataclass(frozen=True)
class InjectedFault:
    """One queued fault: which method it breaks (`*` any), which kind, how many calls."""

    method: str
    fault: str
    count: int = 1

    def error(self) -> XmlRpcError:
        """The XML-RPC fault this kind answers with."""
        code, message = INJECTABLE[self.fault]
        return XmlRpcError(code, message)

    def as_dict(self) -> dict[str, t.Any]:
        """The fault as JSON for control responses."""
        return asdict(self)


class InjectedFaults:
    """Thread-safe FIFO of injected faults; a call is offered to the oldest that matches."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[InjectedFault] = []

    def add(self, fault: InjectedFault) -> list[dict[str, t.Any]]:
        """Queue a fault behind the others; return the pending faults."""
        with self._lock:
            self._faults.append(fault)
            return [pending.as_dict() for pending in self._faults]

    def take(self, method: str) -> InjectedFault | None:
        """The fault to answer a call of `method` with, if one is due (spends one of its calls)."""
        with self._lock:
            for position, fault in enumerate(self._faults):
                if fault.method not in (ANY_METHOD, method):
                    continue
                if fault.count > 1:
                    self._faults[position] = replace(fault, count=fault.count - 1)
                else:
                    del self._faults[position]
                return fault
            return None
