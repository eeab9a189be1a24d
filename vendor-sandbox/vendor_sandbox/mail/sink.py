"""`SmtpSink`: a tiny threaded SMTP server on loopback that keeps what it receives.

Plugins send their error notifications with `smtplib`; pointing them here lets tests and
the demo read every message back while nothing ever leaves the machine. Each connection
gets a daemon thread (a stuck client never blocks another, nor keeps the process alive),
and a TLS handshake happens in that thread, never in the accept loop.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import typing as t

from vendor_sandbox.mail.certs import server_context
from vendor_sandbox.mail.session import SessionPolicy, SmtpSession
from vendor_sandbox.mail.settings import check_security

if t.TYPE_CHECKING:
    import socket
    from pathlib import Path

    from vendor_sandbox.mail.received import ReceivedMail

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
IDLE_TIMEOUT_SECONDS = 120.0


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], sink: SmtpSink) -> None:
        self.sink = sink
        super().__init__(address, _Handler)

    def handle_error(self, request: t.Any, client_address: t.Any) -> None:
        """Stay quiet: a client breaking off is the sink's everyday business."""
        del request, client_address


class _Handler(socketserver.BaseRequestHandler):
    server: _Server
    request: socket.socket

    def handle(self) -> None:
        self.server.sink._converse(self.request)


class SmtpSink:
    """An SMTP server that records every accepted message.

    Binds at construction (port 0: a free port), so `port` is known before `start()`.

    Args:
        host: Address to bind.
        port: Port to bind; 0 picks a free one.
        username: The AUTH user accepted; None: no AUTH offered and anyone may send. When
            set, MAIL before a successful AUTH gets 530.
        password: Its password (give both or neither).
        security: `none` (plain); `starttls` (STARTTLS offered, AUTH refused with 530
            before it); `ssl` (implicit TLS from the first byte, like port 465).
        certfile: TLS certificate (None: the sandbox's test certificate).
        keyfile: Its key (None: in `certfile`, or the sandbox's test key).
        max_message_bytes: Largest message accepted, advertised as SIZE (larger: 552).

    Raises:
        ValueError: An unknown security mode, or only one of username and password.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        username: str | None = None,
        password: str | None = None,
        security: str = "none",
        certfile: Path | str | None = None,
        keyfile: Path | str | None = None,
        max_message_bytes: int = MAX_MESSAGE_BYTES,
    ) -> None:
        mode = check_security(security, username, password)
        self._policy = SessionPolicy(
            username=username,
            password=password,
            security=mode,
            context=None if mode == "none" else server_context(certfile, keyfile),
            max_message_bytes=max_message_bytes,
        )
        self._lock = threading.Lock()
        self._messages: list[ReceivedMail] = []
        self._sessions: set[SmtpSession] = set()
        self._server = _Server((host, port), self)
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """The bound address."""
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        """The bound port (the free one picked when 0 was asked for)."""
        return int(self._server.server_address[1])

    @property
    def security(self) -> str:
        """`none`, `starttls` or `ssl`."""
        return self._policy.security

    @property
    def username(self) -> str | None:
        """The AUTH user accepted (None: no AUTH)."""
        return self._policy.username

    @property
    def url(self) -> str:
        """`smtp://host:port`, what `vendor-sandbox serve` prints."""
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> SmtpSink:
        """Serve from a background daemon thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},  # stop() waits up to one interval
                name=f"smtp-sink-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, end live conversations, close the port (safe to call twice)."""
        if self._thread is not None:
            self._server.shutdown()  # waits for serve_forever to return
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()
        with self._lock:
            sessions = list(self._sessions)
        for session in sessions:
            session.close()

    def messages(self) -> list[ReceivedMail]:
        """Every message received so far, oldest first (a copy, safe from any thread)."""
        with self._lock:
            return list(self._messages)

    def clear(self) -> int:
        """Forget every message received; returns how many there were."""
        with self._lock:
            count = len(self._messages)
            self._messages.clear()
        return count

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _deliver(self, mail: ReceivedMail) -> None:
        with self._lock:
            self._messages.append(mail)

    def _converse(self, sock: socket.socket) -> None:
        """Run one connection's conversation (in its own thread)."""
        sock.settimeout(IDLE_TIMEOUT_SECONDS)
        if self._policy.security == "ssl" and self._policy.context is not None:
            try:
                sock = self._policy.context.wrap_socket(sock, server_side=True)
            except OSError:  # a client that does not trust us, or one that is not TLS
                with contextlib.suppress(OSError):
                    sock.close()
                return
        session = SmtpSession(sock, self._policy, self._deliver)
        with self._lock:
            self._sessions.add(session)
        try:
            session.run()
        finally:
            with self._lock:
                self._sessions.discard(session)
