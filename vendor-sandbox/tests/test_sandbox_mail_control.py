"""The SMTP sink inside the sandbox server: control endpoints, client methods, reset, stop."""

from __future__ import annotations

import smtplib
import socket
import typing as t

import pytest
import requests
from sandbox_mail_helpers import PASSWORD, RECIPIENT, SENDER, TIMEOUT, USER, notification

from vendor_sandbox import SandboxClient, SandboxServer
from vendor_sandbox.client.base import SandboxControlError
from vendor_sandbox.mail import MailSettings, MailVendor
from vendor_sandbox.vendors import all_vendors

if t.TYPE_CHECKING:
    from vendor_sandbox.client.mail import MailControl


def send(mail: MailControl, **fields: str) -> None:
    """Send one notification to the session sandbox's sink, as a plugin configured for it."""
    settings = mail.settings()
    with smtplib.SMTP(settings["host"], settings["port"], timeout=TIMEOUT) as smtp:
        smtp.login(USER, PASSWORD)
        smtp.send_message(notification(**fields))


def test_settings_say_where_to_send_and_never_the_password(mail):
    settings = mail.settings()

    assert settings == {
        "host": "127.0.0.1",
        "port": settings["port"],
        "security": "none",
        "username": USER,
    }
    assert isinstance(settings["port"], int)
    assert settings["port"] > 0
    assert PASSWORD not in requests.get(f"{mail.base_url}/_sandbox/mail/settings", timeout=10).text


def test_messages_lists_what_arrived_as_json(mail):
    send(mail, subject="件名", body="本文\n")
    send(mail, subject="second")

    first, second = mail.messages()

    assert set(first) == {
        "mail_from",
        "recipients",
        "subject",
        "from",
        "to",
        "body",
        "authenticated_user",
        "tls",
        "received_at",
    }
    assert first["mail_from"] == SENDER
    assert first["recipients"] == [RECIPIENT]
    assert (first["subject"], first["body"]) == ("件名", "本文\n")
    assert (first["from"], first["to"]) == (SENDER, RECIPIENT)
    assert (first["authenticated_user"], first["tls"]) == (USER, False)
    assert second["subject"] == "second"


def test_the_fixture_starts_each_test_with_an_empty_mailbox(mail):
    assert mail.messages() == []
    send(mail)  # the next test using `mail` must not see this one


def test_clear_says_how_many_were_dropped(mail):
    send(mail)
    send(mail)

    assert mail.clear() == 2
    assert mail.messages() == []
    assert mail.clear() == 0


def test_a_sandbox_reset_clears_the_mailbox(sandbox, mail):
    send(mail)
    sandbox.reset()
    assert mail.messages() == []

    send(mail)
    response = requests.post(f"{mail.base_url}/_sandbox/mail/reset", timeout=10)
    assert response.json() == {"reset": ["mail"]}
    assert mail.messages() == []


def test_the_http_prefix_points_at_the_smtp_port(mail):
    port = mail.settings()["port"]

    response = requests.get(f"{mail.base_url}/mail/anything", timeout=10)

    assert response.status_code == 404
    assert response.json() == {
        "error": f"the mail sink speaks SMTP, not HTTP: smtp://127.0.0.1:{port}"
    }


@pytest.mark.parametrize(
    ("method", "action", "status"),
    [("POST", "messages", 405), ("GET", "clear", 405), ("GET", "reset", 405), ("GET", "x", 404)],
)
def test_wrong_method_or_unknown_action(mail, method, action, status):
    response = requests.request(method, f"{mail.base_url}/_sandbox/mail/{action}", timeout=10)
    assert response.status_code == status
    assert "error" in response.json()


def test_the_client_raises_the_sandbox_message(mail):
    with pytest.raises(SandboxControlError, match="unknown mail control action"):
        mail._call("GET", "nothing")


def test_settings_given_to_all_vendors_and_the_sink_stopping_with_the_server():
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    vendors = all_vendors(mail=MailSettings(port=port, username=None, password=None))
    (vendor,) = [vendor for vendor in vendors if isinstance(vendor, MailVendor)]

    with SandboxServer(vendors, port=0) as server:
        client = SandboxClient(server.base_url)
        assert client.mail.settings() == {
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "username": None,
        }
        with smtplib.SMTP("127.0.0.1", port, timeout=TIMEOUT) as smtp:  # no AUTH needed
            smtp.send_message(notification())
        assert client.mail.messages()[0]["authenticated_user"] is None
        assert len(vendor.sink.messages()) == 1

    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
