"""Control endpoints `/_sandbox/mail/...`: read and clear what the SMTP sink received.

Actions: messages (GET), clear (POST), settings (GET); `reset` (POST) is the vendor's.
The settings answer never includes the password: a test that needs it uses
`DEFAULT_PASSWORD` or the value it started the sandbox with.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.httpio import error_response, json_response

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.mail.sink import SmtpSink


def messages(sink: SmtpSink) -> dict[str, t.Any]:
    """Every message received, oldest first, as `ReceivedMail.as_dict()`."""
    return {"messages": [mail.as_dict() for mail in sink.messages()]}


def clear(sink: SmtpSink) -> dict[str, t.Any]:
    """Forget every message; says how many were dropped."""
    return {"cleared": sink.clear()}


def settings(sink: SmtpSink) -> dict[str, t.Any]:
    """Where and how to send: host, port, security, username (never the password)."""
    return {
        "host": sink.host,
        "port": sink.port,
        "security": sink.security,
        "username": sink.username,
    }


ACTIONS: dict[tuple[str, str], Callable[[SmtpSink], dict[str, t.Any]]] = {
    ("GET", "messages"): messages,
    ("POST", "clear"): clear,
    ("GET", "settings"): settings,
}


def handle(sink: SmtpSink, action: str, request: Request) -> Response:
    """Run one control action; 404 for an unknown one, 405 for a wrong method."""
    run = ACTIONS.get((request.method, action))
    if run is None:
        if any(name == action for _, name in ACTIONS):
            return error_response(405, f"method {request.method} not allowed on '{action}'")
        return error_response(404, f"unknown mail control action '{action}'")
    return json_response(run(sink))
