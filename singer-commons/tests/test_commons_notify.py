"""The run-summary mail, delivered to the sandbox's local SMTP sinks (plain, STARTTLS, TLS)."""

from __future__ import annotations

import pytest

from singer_commons.notify import MailSettings, NotificationError, compose, send
from singer_commons.redaction import forget_secrets, register_secret
from vendor_sandbox.mail import DEFAULT_PASSWORD, DEFAULT_USERNAME, SANDBOX_CERT_FILE


@pytest.fixture(autouse=True)
def _no_secrets():
    yield
    forget_secrets()


def plain_settings(mail, **overrides):
    where = mail.settings()
    values = {
        "recipients": ("ops@example.jp",),
        "host": where["host"],
        "port": where["port"],
        "tls": "none",
        "user": DEFAULT_USERNAME,
        "password": DEFAULT_PASSWORD,
        "sender": "target@example.jp",
        **overrides,
    }
    return MailSettings(**values)


def test_plain_smtp_with_login_delivers_one_redacted_utf8_mail(mail):
    register_secret("company-secret-value")
    settings = plain_settings(mail)
    send(
        settings,
        compose(settings, "[target] 2 件 rejected", ["拒否: 2", "key company-secret-value"]),
    )
    [received] = mail.messages()
    assert received["recipients"] == ["ops@example.jp"]
    assert received["authenticated_user"] == DEFAULT_USERNAME
    assert received["subject"] == "[target] 2 件 rejected"
    assert "拒否: 2" in received["body"]
    assert "company-secret-value" not in received["body"]
    assert "***" in received["body"]


def test_a_refused_login_is_an_error_without_the_password(mail):
    settings = plain_settings(mail, password="wrong-password-value")
    with pytest.raises(NotificationError) as caught:
        send(settings, compose(settings, "s", ["b"]))
    assert "wrong-password-value" not in str(caught.value)
    assert f"{settings.host}:{settings.port}" in str(caught.value)
    assert mail.messages() == []


def test_unreachable_server_is_an_error():
    settings = MailSettings(("ops@example.jp",), "127.0.0.1", 9, tls="none")
    with pytest.raises(NotificationError, match=r"127\.0\.0\.1:9"):
        send(settings, compose(settings, "s", ["b"]))


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_tls_modes_verify_the_server_certificate(mode, tls_mail_sink, ssl_mail_sink, monkeypatch):
    sink = tls_mail_sink if mode == "starttls" else ssl_mail_sink
    settings = MailSettings(
        ("ops@example.jp",),
        sink.host,
        sink.port,
        tls=mode,
        user=DEFAULT_USERNAME,
        password=DEFAULT_PASSWORD,
    )
    with pytest.raises(NotificationError, match="CERTIFICATE_VERIFY_FAILED"):
        send(settings, compose(settings, "untrusted", ["b"]))
    monkeypatch.setenv("SSL_CERT_FILE", str(SANDBOX_CERT_FILE))
    send(settings, compose(settings, "trusted", ["b"]))
    [received] = sink.messages()
    assert received.tls
    assert received.message["Subject"] == "trusted"
