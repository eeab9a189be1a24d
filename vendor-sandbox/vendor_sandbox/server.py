"""One HTTP server, one port, every vendor under its own path prefix.

Routing: `/_sandbox/reset` resets every vendor; `/_sandbox/<vendor>/<action>` goes to the
vendor's control endpoints; `/<vendor>/...` to its API, after the vendor's URL and body size
limits are enforced here (414/413, before the body is read). Each connection gets its own
daemon thread, so a stalled call never blocks another and never keeps the process alive.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import typing as t
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vendor_sandbox.httpio import Request, error_response, json_response, text_response

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from vendor_sandbox.httpio import Response
    from vendor_sandbox.vendor import Vendor

CONTROL_PREFIX = "/_sandbox"
RESET_PATH = f"{CONTROL_PREFIX}/reset"
DISCARD_CHUNK_BYTES = 64 * 1024


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Bursts of parallel calls (the 615 tests open 11 at once) must not be refused by
    # the kernel before the accept loop sees them.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, hands it to the sandbox, writes (or drops) the answer."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, like the real APIs behind their CDNs
    server_version = "vendor-sandbox/0.1"
    # Buffer the status line, headers and body into one send (`_write` flushes it):
    # written apart, the small segments meet the client's delayed ACK and every keep-alive
    # call takes ~40 ms.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        """Serve any method through one path."""
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET  # noqa: N815

    def log_message(self, format: str, *args: t.Any) -> None:
        """Stay quiet: tests and `serve` print only what they mean to."""
        del format, args

    def _serve(self) -> None:
        sandbox = self.server.sandbox
        path = self.path.partition("?")[0]
        vendor = sandbox.vendor_for_api(path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._write(text_response(400, "400 Bad Content-Length", close=True))
            return
        if vendor is not None:
            if len(self.path) > vendor.limits.max_url_bytes:
                self._discard(length)
                self._write(text_response(414, "414 URI Too Long", close=True))
                return
            if length > vendor.limits.max_body_bytes:
                self._discard(length)
                self._write(text_response(413, "413 Payload Too Large", close=True))
                return
        body = self.rfile.read(length) if length else b""
        request = Request.parse(self.command, self.path, dict(self.headers.items()), body)
        self._write(sandbox.dispatch(request))

    def _discard(self, length: int) -> None:
        """Read and forget a refused body, so the client gets to read our answer.

        Closing with the body unread would reset the connection under a client still
        sending, and it would see a connection error instead of the 413/414.
        """
        while length > 0:
            chunk = self.rfile.read(min(length, DISCARD_CHUNK_BYTES))
            if not chunk:
                return
            length -= len(chunk)

    def _write(self, response: Response) -> None:
        if response.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(response.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. its timeout fired)


class SandboxServer:
    """The sandbox: vendors behind one `ThreadingHTTPServer`.

    Use `start()`/`stop()` (or `with`) to serve from a background daemon thread, as the
    pytest fixture does, or `serve_forever()` in the calling thread.
    """

    def __init__(self, vendors: Iterable[Vendor], host: str = "127.0.0.1", port: int = 0) -> None:
        """Bind the port now (port 0 picks a free one), so URLs are known before serving."""
        self.vendors = {vendor.name: vendor for vendor in vendors}
        self._httpd = _HTTPServer((host, port), self)
        self._thread: threading.Thread | None = None
        self._serving = threading.Event()

    @property
    def base_url(self) -> str:
        """`http://host:port` of the bound socket."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def vendor_url(self, name: str) -> str:
        """Base URL of a vendor's API (what a plugin's `base_url` setting points at)."""
        return f"{self.base_url}/{name}"

    @property
    def control_url(self) -> str:
        """Base URL of the control endpoints."""
        return f"{self.base_url}{CONTROL_PREFIX}"

    def vendor_for_api(self, path: str) -> Vendor | None:
        """The vendor whose API prefix `path` starts with (control paths excluded)."""
        name = path.split("/", 2)[1] if path.startswith("/") else ""
        return self.vendors.get(name)

    def dispatch(self, request: Request) -> Response:
        """Route a request by its path prefix."""
        if request.path == RESET_PATH:
            if request.method != "POST":
                return error_response(405, "use POST to reset")
            self.reset()
            return json_response({"reset": sorted(self.vendors)})
        if request.path.startswith(f"{CONTROL_PREFIX}/"):
            name, _, action = request.path[len(CONTROL_PREFIX) + 1 :].partition("/")
            vendor = self.vendors.get(name)
            if vendor is None:
                return error_response(404, f"no vendor '{name}' (have: {sorted(self.vendors)})")
            return vendor.control(action, request)
        vendor = self.vendor_for_api(request.path)
        if vendor is None:
            return error_response(404, f"no vendor at {request.path}")
        inner = request.path[len(vendor.name) + 1 :]
        return vendor.handle(
            Request(request.method, inner, request.query, request.headers, request.body)
        )

    def reset(self) -> None:
        """Reset every vendor to its start state."""
        for vendor in self.vendors.values():
            vendor.reset()

    def serve_forever(self) -> None:
        """Serve in the calling thread until `shutdown()` is called from another."""
        self._serving.set()
        self._httpd.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Stop `serve_forever()` (from another thread), wake stalled calls, close the port."""
        for vendor in self.vendors.values():
            vendor.close()
        if self._serving.is_set():  # socketserver's shutdown() waits forever otherwise
            self._httpd.shutdown()
        self._httpd.server_close()

    def start(self) -> SandboxServer:
        """Serve from a background daemon thread; returns self."""
        self._serving.set()
        self._thread = threading.Thread(
            target=self.serve_forever, name="vendor-sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the background thread started by `start()`."""
        self.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
