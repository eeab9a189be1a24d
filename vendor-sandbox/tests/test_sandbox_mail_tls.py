"""STARTTLS and implicit TLS against the sandbox certificate, with `smtplib` as plugins use it."""

from __future__ import annotations

import contextlib
import importlib.resources
import os
import smtplib
import socket
import ssl
import subprocess
import sys
import textwrap

import pytest
from sandbox_mail_helpers import PASSWORD, RECIPIENT, SENDER, TIMEOUT, USER, notification, reply

from vendor_sandbox.mail import SANDBOX_CERT_FILE, SANDBOX_KEY_FILE, SmtpSink


def trusting() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=SANDBOX_CERT_FILE)


def test_the_certificate_files_ship_in_the_package():
    assert SANDBOX_CERT_FILE.name == "sandbox-cert.pem"
    assert SANDBOX_CERT_FILE.read_text(encoding="ascii").startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY-----" in SANDBOX_KEY_FILE.read_text(encoding="ascii")
    package = importlib.resources.files("vendor_sandbox.mail")
    assert (package / "sandbox-cert.pem").read_bytes() == SANDBOX_CERT_FILE.read_bytes()


def test_starttls_then_login_then_send(tls_mail_sink):
    with smtplib.SMTP("127.0.0.1", tls_mail_sink.port, timeout=TIMEOUT) as client:
        client.ehlo()
        assert client.has_extn("starttls")
        assert client.starttls(context=trusting())[0] == 220
        client.ehlo()
        assert not client.has_extn("starttls")  # offered only before the upgrade
        assert client.login(USER, PASSWORD)[0] == 235
        client.send_message(notification(subject="over TLS"))

    (mail,) = tls_mail_sink.messages()
    assert mail.tls is True
    assert mail.authenticated_user == USER
    assert mail.as_dict()["subject"] == "over TLS"


def test_auth_before_starttls_is_refused(tls_mail_sink):
    with smtplib.SMTP("127.0.0.1", tls_mail_sink.port, timeout=TIMEOUT) as client:
        client.ehlo()
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            client.login(USER, PASSWORD)
        assert refused.value.smtp_code == 530
        assert b"Must issue a STARTTLS command first" in refused.value.smtp_error
        assert client.mail(SENDER)[0] == 530  # and no sending without it either
    assert tls_mail_sink.messages() == []


def test_starttls_forgets_what_came_before_it(tls_mail_sink):
    with smtplib.SMTP("127.0.0.1", tls_mail_sink.port, timeout=TIMEOUT) as client:
        client.ehlo()
        assert reply(client, "STARTTLS", "now") == 501
        client.starttls(context=trusting())
        assert reply(client, "AUTH", "PLAIN") == 503  # EHLO again first (RFC 3207)
        assert reply(client, "STARTTLS") == 503  # already in TLS


def test_implicit_tls_like_port_465(ssl_mail_sink):
    # "localhost" checks the DNS name of the certificate, 127.0.0.1 above its IP address.
    with smtplib.SMTP_SSL(
        "localhost", ssl_mail_sink.port, timeout=TIMEOUT, context=trusting()
    ) as client:
        client.ehlo()
        assert not client.has_extn("starttls")
        client.login(USER, PASSWORD)
        client.send_message(notification(), to_addrs=[RECIPIENT, "dev@example.com"])

    (mail,) = ssl_mail_sink.messages()
    assert mail.tls is True
    assert mail.recipients == (RECIPIENT, "dev@example.com")


def test_a_client_that_does_not_trust_the_certificate_fails_and_the_sink_lives_on(
    ssl_mail_sink,
):
    untrusting = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, and trusts no one
    with pytest.raises(ssl.SSLCertVerificationError):
        smtplib.SMTP_SSL("127.0.0.1", ssl_mail_sink.port, timeout=TIMEOUT, context=untrusting)
    with smtplib.SMTP_SSL(
        "127.0.0.1", ssl_mail_sink.port, timeout=TIMEOUT, context=trusting()
    ) as client:
        assert client.noop()[0] == 250


def test_a_plain_client_on_the_tls_port_is_hung_up_on(ssl_mail_sink):
    with socket.create_connection(("127.0.0.1", ssl_mail_sink.port), timeout=TIMEOUT) as raw:
        raw.sendall(b"EHLO plain-text\r\n")
        answer = b""
        with contextlib.suppress(ConnectionResetError):  # hung up with our line unread
            while chunk := raw.recv(4096):
                answer += chunk
    assert not answer.startswith(b"220")  # no greeting: only TLS is spoken there
    with smtplib.SMTP_SSL(
        "127.0.0.1", ssl_mail_sink.port, timeout=TIMEOUT, context=trusting()
    ) as client:
        assert client.noop()[0] == 250


def test_ssl_cert_file_makes_the_default_context_of_a_subprocess_trust_the_sink(
    tls_mail_sink,
):
    script = textwrap.dedent(
        f"""
        import smtplib, ssl, sys
        client = smtplib.SMTP("127.0.0.1", {tls_mail_sink.port}, timeout=10)
        try:
            client.starttls(context=ssl.create_default_context())
        except ssl.SSLCertVerificationError:
            print("untrusted")
            sys.exit(0)
        client.login({USER!r}, {PASSWORD!r})
        message = b"Subject: from a subprocess\\r\\n\\r\\nx\\r\\n"
        client.sendmail({SENDER!r}, [{RECIPIENT!r}], message)
        client.quit()
        print("sent")
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}

    def run(extra: dict[str, str]) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout.strip()

    assert run({}) == "untrusted"
    assert run({"SSL_CERT_FILE": str(SANDBOX_CERT_FILE)}) == "sent"
    (mail,) = tls_mail_sink.messages()
    assert (mail.as_dict()["subject"], mail.tls) == ("from a subprocess", True)


def test_a_custom_certificate_is_used_when_given(tmp_path):
    combined = tmp_path / "combined.pem"
    combined.write_text(
        SANDBOX_CERT_FILE.read_text(encoding="ascii")
        + SANDBOX_KEY_FILE.read_text(encoding="ascii"),
        encoding="ascii",
    )
    with (
        SmtpSink(security="ssl", certfile=combined) as sink,
        smtplib.SMTP_SSL("127.0.0.1", sink.port, timeout=TIMEOUT, context=trusting()) as client,
    ):
        client.sendmail(SENDER, [RECIPIENT], b"Subject: x\r\n\r\nx\r\n")
        assert sink.messages()[0].authenticated_user is None
