"""One SMTP conversation: commands, their order and reply codes (RFC 5321, 4954, 3207).

Kept apart from the socket server so the protocol reads top to bottom in one place. The
session owns its socket because STARTTLS replaces it mid-conversation with a TLS one, and
everything said before the upgrade (greeting, AUTH, a transaction) is forgotten after it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import re
import socket
import ssl
import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime

from vendor_sandbox.mail.received import ReceivedMail

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from vendor_sandbox.mail.settings import Security

HOSTNAME = "localhost"
MAX_LINE_BYTES = 8192  # a command line: RFC 5321 says 512, real clients stay far below
DATA_CHUNK_BYTES = 64 * 1024
_ADDRESS = re.compile(r"^\s*(?:<([^<>]*)>|([^<>\s]+))(?:\s+(.*))?$")
_LOGIN_USERNAME = base64.b64encode(b"Username:").decode()
_LOGIN_PASSWORD = base64.b64encode(b"Password:").decode()


@dataclass(frozen=True)
class SessionPolicy:
    """What every connection of one sink shares.

    Attributes:
        username: The AUTH user accepted; None: no AUTH offered, anyone may send.
        password: Its password.
        security: `none`, `starttls` or `ssl` (see `MailSettings`).
        context: The server TLS context (None when security is `none`).
        max_message_bytes: Largest message accepted (advertised as SIZE; larger gets 552).
    """

    username: str | None
    password: str | None
    security: Security
    context: ssl.SSLContext | None
    max_message_bytes: int


class _Hangup(Exception):
    """The client went away, or sent what ends the conversation."""


class SmtpSession:
    """Speaks SMTP on one accepted connection until QUIT, EOF or an error."""

    def __init__(
        self, sock: socket.socket, policy: SessionPolicy, deliver: Callable[[ReceivedMail], None]
    ) -> None:
        self._sock = sock
        self._reader = sock.makefile("rb")
        self._policy = policy
        self._deliver = deliver
        self._tls = isinstance(sock, ssl.SSLSocket)
        self._greeted = False
        self._extended = False  # EHLO (not HELO): AUTH needs it
        self._user: str | None = None
        self._mail_from: str | None = None
        self._recipients: list[str] = []
        self._commands: dict[str, Callable[[str], None]] = {
            "EHLO": self._ehlo,
            "HELO": self._helo,
            "AUTH": self._auth,
            "MAIL": self._mail,
            "RCPT": self._rcpt,
            "DATA": self._data,
            "RSET": self._rset,
            "NOOP": self._noop,
            "VRFY": self._vrfy,
            "QUIT": self._quit,
            "STARTTLS": self._starttls,
        }

    def run(self) -> None:
        """Greet, then answer commands until the conversation ends; never raises."""
        try:
            self._reply(220, f"{HOSTNAME} ESMTP vendor-sandbox mail sink")
            while True:
                verb, _, argument = self._read_line().partition(" ")
                command = self._commands.get(verb.upper())
                if command is None:
                    self._reply(500, "5.5.2 Error: command not recognized")
                else:
                    command(argument.strip())
        except TimeoutError:
            with contextlib.suppress(OSError):
                self._reply(421, "4.4.2 Error: timeout exceeded")
        except (_Hangup, OSError):  # ssl.SSLError is an OSError too
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Shut the connection (from any thread: `SmtpSink.stop()` ends live sessions)."""
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._reader.close()
            self._sock.close()

    # -- wire -------------------------------------------------------------------------------

    def _reply(self, code: int, *lines: str) -> None:
        last = len(lines) - 1
        text = "".join(
            f"{code}{'-' if index < last else ' '}{line}\r\n" for index, line in enumerate(lines)
        )
        self._sock.sendall(text.encode("utf-8"))

    def _read_line(self) -> str:
        line = self._reader.readline(MAX_LINE_BYTES + 1)
        if not line:
            raise _Hangup
        if not line.endswith(b"\n"):
            self._reply(500, "5.5.6 Error: line too long")
            raise _Hangup
        return line.rstrip(b"\r\n").decode("utf-8", errors="replace")

    def _read_data(self) -> tuple[bytes, bool]:
        """The DATA lines up to `.`, unstuffed; and whether they fit the size limit."""
        chunks: list[bytes] = []
        size = 0
        line_start = True
        while True:
            chunk = self._reader.readline(DATA_CHUNK_BYTES)
            if not chunk:
                raise _Hangup  # the client vanished mid-message: nothing is recorded
            if line_start and chunk in (b".\r\n", b".\n"):
                return b"".join(chunks), size <= self._policy.max_message_bytes
            if line_start and chunk.startswith(b"."):
                chunk = chunk[1:]  # RFC 5321 4.5.2: a leading dot was doubled by the client
            line_start = chunk.endswith(b"\n")
            size += len(chunk)
            if size <= self._policy.max_message_bytes:
                chunks.append(chunk)

    # -- state --------------------------------------------------------------------------------

    def _reset_transaction(self) -> None:
        self._mail_from = None
        self._recipients = []

    @property
    def _auth_required(self) -> bool:
        return self._policy.username is not None

    @property
    def _offers_starttls(self) -> bool:
        return self._policy.security == "starttls" and not self._tls

    # -- commands -----------------------------------------------------------------------------

    def _ehlo(self, argument: str) -> None:
        if not argument:
            self._reply(501, "5.5.4 Syntax: EHLO hostname")
            return
        self._greeted, self._extended = True, True
        self._reset_transaction()
        lines = [HOSTNAME, f"SIZE {self._policy.max_message_bytes}", "8BITMIME"]
        if self._offers_starttls:
            lines.append("STARTTLS")
        if self._auth_required:
            lines.append("AUTH PLAIN LOGIN")
        lines.append("ENHANCEDSTATUSCODES")
        self._reply(250, *lines)

    def _helo(self, argument: str) -> None:
        if not argument:
            self._reply(501, "5.5.4 Syntax: HELO hostname")
            return
        self._greeted, self._extended = True, False
        self._reset_transaction()
        self._reply(250, HOSTNAME)

    def _auth(self, argument: str) -> None:
        mechanism, _, initial = argument.partition(" ")
        refusal = self._auth_refusal()
        if refusal is not None:
            self._reply(*refusal)
            return
        mechanism = mechanism.upper()
        if mechanism == "PLAIN":
            credentials = self._auth_plain(initial.strip())
        elif mechanism == "LOGIN":
            credentials = self._auth_login(initial.strip())
        else:
            self._reply(504, "5.5.4 Unrecognized authentication type")
            return
        if credentials is None:
            return  # already answered (cancelled or undecodable)
        if not self._valid(*credentials):
            self._reply(535, "5.7.8 Error: authentication failed")
            return
        self._user = self._policy.username
        self._reply(235, "2.7.0 Authentication successful")

    def _auth_refusal(self) -> tuple[int, str] | None:
        if not self._auth_required:
            return 503, "5.5.1 Error: authentication not enabled"
        if not self._extended:
            return 503, "5.5.1 Error: send EHLO first"
        if self._offers_starttls:
            return 530, "5.7.0 Must issue a STARTTLS command first"
        if self._user is not None:
            return 503, "5.5.1 Error: already authenticated"
        if self._mail_from is not None:
            return 503, "5.5.1 Error: MAIL transaction in progress"
        return None

    def _challenge(self, prompt: str) -> bytes | None:
        """Send a 334 challenge and decode the answer; None (answered) if cancelled or bad."""
        self._reply(334, prompt)
        return self._decode(self._read_line().strip())

    def _decode(self, text: str) -> bytes | None:
        if text == "*":
            self._reply(501, "5.7.0 Authentication aborted")
            return None
        try:
            return base64.b64decode(text, validate=True)
        except binascii.Error:
            self._reply(501, "5.5.2 Error: cannot decode response")
            return None

    def _auth_plain(self, initial: str) -> tuple[bytes, bytes] | None:
        """`authzid NUL authcid NUL password`: (user, password), None if already answered."""
        response = self._decode(initial) if initial else self._challenge("")
        if response is None:
            return None
        parts = response.split(b"\0")
        if len(parts) != 3:
            self._reply(501, "5.5.2 Error: malformed PLAIN response")
            return None
        return parts[1], parts[2]

    def _auth_login(self, initial: str) -> tuple[bytes, bytes] | None:
        """Username then password, each base64 after a 334 prompt (or the first given)."""
        username = self._decode(initial) if initial else self._challenge(_LOGIN_USERNAME)
        if username is None:
            return None
        password = self._challenge(_LOGIN_PASSWORD)
        if password is None:
            return None
        return username, password

    def _valid(self, username: bytes, password: bytes) -> bool:
        expected_user = (self._policy.username or "").encode("utf-8")
        expected_password = (self._policy.password or "").encode("utf-8")
        user_ok = hmac.compare_digest(username, expected_user)
        password_ok = hmac.compare_digest(password, expected_password)
        return user_ok and password_ok

    def _mail(self, argument: str) -> None:
        if not self._greeted:
            self._reply(503, "5.5.1 Error: send HELO/EHLO first")
        elif self._auth_required and self._user is None:
            self._reply(530, "5.7.0 Authentication required")
        elif self._mail_from is not None:
            self._reply(503, "5.5.1 Error: nested MAIL command")
        else:
            parsed = _path(argument, "FROM:")
            if parsed is None:
                self._reply(501, "5.5.4 Syntax: MAIL FROM:<address>")
            elif _declared_size(parsed[1]) > self._policy.max_message_bytes:
                self._reply(552, "5.3.4 Message size exceeds fixed limit")
            else:
                self._mail_from = parsed[0]
                self._reply(250, "2.1.0 Ok")

    def _rcpt(self, argument: str) -> None:
        if self._mail_from is None:
            self._reply(503, "5.5.1 Error: need MAIL command")
            return
        parsed = _path(argument, "TO:")
        if parsed is None or not parsed[0]:
            self._reply(501, "5.5.4 Syntax: RCPT TO:<address>")
            return
        self._recipients.append(parsed[0])
        self._reply(250, "2.1.5 Ok")

    def _data(self, argument: str) -> None:
        if argument:
            self._reply(501, "5.5.4 Syntax: DATA")
            return
        if self._mail_from is None:
            self._reply(503, "5.5.1 Error: need MAIL command")
            return
        if not self._recipients:
            self._reply(503, "5.5.1 Error: need RCPT command")
            return
        self._reply(354, "End data with <CR><LF>.<CR><LF>")
        data, fits = self._read_data()
        mail_from, recipients = self._mail_from, tuple(self._recipients)
        self._reset_transaction()
        if not fits:
            self._reply(552, "5.3.4 Error: message too big")
            return
        self._deliver(
            ReceivedMail(
                mail_from=mail_from,
                recipients=recipients,
                data=data,
                authenticated_user=self._user,
                tls=self._tls,
                received_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            )
        )
        self._reply(250, "2.0.0 Ok: queued")

    def _rset(self, argument: str) -> None:
        del argument
        self._reset_transaction()
        self._reply(250, "2.0.0 Ok")

    def _noop(self, argument: str) -> None:
        del argument
        self._reply(250, "2.0.0 Ok")

    def _vrfy(self, argument: str) -> None:
        del argument
        self._reply(252, "2.0.0 Cannot VRFY user, but will accept message")

    def _quit(self, argument: str) -> None:
        del argument
        self._reply(221, "2.0.0 Bye")
        raise _Hangup

    def _starttls(self, argument: str) -> None:
        if self._tls:
            self._reply(503, "5.5.1 Error: TLS already active")
            return
        if not self._offers_starttls or self._policy.context is None:
            self._reply(502, "5.5.1 Error: STARTTLS not available")
            return
        if argument:
            self._reply(501, "5.5.4 Syntax: STARTTLS")
            return
        self._reply(220, "2.0.0 Ready to start TLS")
        self._reader.close()
        # The handshake failing (a client that does not trust us) raises and ends the session.
        self._sock = self._policy.context.wrap_socket(self._sock, server_side=True)
        self._reader = self._sock.makefile("rb")
        self._tls = True
        # RFC 3207 4.2: forget everything learnt before the upgrade.
        self._greeted = self._extended = False
        self._user = None
        self._reset_transaction()


def _path(argument: str, keyword: str) -> tuple[str, str] | None:
    """The address of `FROM:<a> PARAMS` / `TO:<a>` and its parameters; None if malformed."""
    if argument[: len(keyword)].upper() != keyword:
        return None
    match = _ADDRESS.match(argument[len(keyword) :])
    if match is None:
        return None
    return match.group(1) if match.group(1) is not None else match.group(2), match.group(3) or ""


def _declared_size(parameters: str) -> int:
    """The `SIZE=n` a client declared on MAIL FROM (0 when absent or not a number)."""
    for parameter in parameters.split():
        name, _, value = parameter.partition("=")
        if name.upper() == "SIZE" and value.isdigit():
            return int(value)
    return 0
