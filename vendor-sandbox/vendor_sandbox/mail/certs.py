"""The sandbox's test-only TLS certificate, for the loopback SMTP sink and nothing else.

`sandbox-cert.pem` is a self-signed certificate (RSA 2048, CN=localhost, subjectAltName
DNS:localhost and IP:127.0.0.1, valid 2020-2120) and `sandbox-key.pem` its private key, made
once with the `openssl` CLI and shipped in the package. The key is public on purpose: it
only lets tests exercise STARTTLS and implicit TLS against a server on 127.0.0.1, so it
must never protect anything real. A client trusts it with
`ssl.create_default_context(cafile=SANDBOX_CERT_FILE)`, or a subprocess with the
environment variable `SSL_CERT_FILE` set to it.
"""

from __future__ import annotations

import ssl
from pathlib import Path

SANDBOX_CERT_FILE = Path(__file__).with_name("sandbox-cert.pem")
SANDBOX_KEY_FILE = Path(__file__).with_name("sandbox-key.pem")


def server_context(
    certfile: Path | str | None = None, keyfile: Path | str | None = None
) -> ssl.SSLContext:
    """A server-side TLS context for the sink: the sandbox certificate when none is given.

    Built once per sink and shared by its connections, so each handshake does not reload
    the key from disk.
    """
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if certfile is None:
        context.load_cert_chain(SANDBOX_CERT_FILE, SANDBOX_KEY_FILE)
    else:  # a key of None means the key is in `certfile`, as `load_cert_chain` reads it
        context.load_cert_chain(certfile, keyfile)
    return context


def client_context() -> ssl.SSLContext:
    """A client-side context that trusts the sandbox certificate (and verifies the name)."""
    return ssl.create_default_context(cafile=SANDBOX_CERT_FILE)
