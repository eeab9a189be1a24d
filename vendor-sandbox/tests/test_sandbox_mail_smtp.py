"""The SMTP sink spoken to with `smtplib` over plain TCP: the client the plugins use."""

from __future__ import annotations

import base64
import smtplib
import socket
from datetime import datetime

import pytest
from sandbox_mail_helpers import (
    PASSWORD,
    RECIPIENT,
    SENDER,
    TIMEOUT,
    USER,
    notification,
    plain_client,
    reply,
)

from vendor_sandbox.mail import ReceivedMail, SmtpSink


@pytest.fixture
def open_sink():
    """A sink with no credentials: AUTH is not offered and anyone may send."""
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def auth_sink():
    """A plain-text sink that wants AUTH before MAIL."""
    with SmtpSink(username=USER, password=PASSWORD) as sink:
        yield sink


def test_send_without_auth_is_recorded_as_received(open_sink):
    with smtplib.SMTP(open_sink.host, open_sink.port, timeout=TIMEOUT) as client:
        refused = client.send_message(notification())
        assert not client.has_extn("auth")

    assert refused == {}
    (mail,) = open_sink.messages()
    assert isinstance(mail, ReceivedMail)
    assert (mail.mail_from, mail.recipients) == (SENDER, (RECIPIENT,))
    assert mail.authenticated_user is None
    assert mail.tls is False
    assert datetime.fromisoformat(mail.received_at).utcoffset().total_seconds() == 0
    assert mail.message["Subject"] == "tap failed"
    assert mail.message.get_body(("plain",)).get_content() == "the run stopped\r\n"
    assert mail.data.endswith(b"\r\n\r\nthe run stopped\r\n")


def test_login_then_send_records_the_user(auth_sink):
    with smtplib.SMTP(auth_sink.host, auth_sink.port, timeout=TIMEOUT) as client:
        client.ehlo()
        assert client.esmtp_features["auth"].split() == ["PLAIN", "LOGIN"]
        assert "8bitmime" in client.esmtp_features
        assert "size" in client.esmtp_features
        assert "starttls" not in client.esmtp_features
        assert client.login(USER, PASSWORD)[0] == 235
        client.send_message(notification())

    (mail,) = auth_sink.messages()
    assert mail.authenticated_user == USER
    assert mail.as_dict()["authenticated_user"] == USER


@pytest.mark.parametrize("initial_response", [True, False])
@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_both_mechanisms_with_and_without_an_initial_response(
    auth_sink, mechanism, initial_response
):
    with plain_client(auth_sink) as client:
        client.user, client.password = USER, PASSWORD
        method = client.auth_plain if mechanism == "PLAIN" else client.auth_login
        code, _ = client.auth(mechanism, method, initial_response_ok=initial_response)
        assert code == 235
        client.sendmail(SENDER, [RECIPIENT], b"Subject: hi\r\n\r\nbody\r\n")

    assert auth_sink.messages()[0].authenticated_user == USER


def test_wrong_password_gets_535_and_no_mail_is_taken(auth_sink):
    with plain_client(auth_sink) as client:
        with pytest.raises(smtplib.SMTPAuthenticationError) as failed:
            client.login(USER, "wrong")
        assert failed.value.smtp_code == 535
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            client.sendmail(SENDER, [RECIPIENT], b"Subject: x\r\n\r\nx\r\n")
        assert refused.value.smtp_code == 530

    assert auth_sink.messages() == []


def test_wrong_user_gets_535(auth_sink):
    with plain_client(auth_sink) as client, pytest.raises(smtplib.SMTPAuthenticationError):
        client.login("someone-else", PASSWORD)


def test_mail_before_auth_gets_530(auth_sink):
    with plain_client(auth_sink) as client:
        code, message = client.mail(SENDER)
        assert code == 530
        assert b"Authentication required" in message


def test_auth_refusals_bad_sequence_and_cancel(auth_sink, open_sink):
    with smtplib.SMTP(auth_sink.host, auth_sink.port, timeout=TIMEOUT) as client:
        assert reply(client, "AUTH", "PLAIN") == 503  # before EHLO
        client.ehlo()
        assert reply(client, "AUTH", "CRAM-MD5") == 504
        assert reply(client, "AUTH", "PLAIN") == 334
        assert reply(client, "*") == 501  # cancelled
        assert reply(client, "AUTH", "PLAIN not-base64!") == 501
        token = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
        assert reply(client, "AUTH", f"PLAIN {token}") == 235
        assert reply(client, "AUTH", f"PLAIN {token}") == 503  # already authenticated
    with plain_client(open_sink) as client:
        assert reply(client, "AUTH", "PLAIN") == 503  # not offered without credentials


def test_commands_out_of_order_get_503_and_unknown_ones_500(open_sink):
    with smtplib.SMTP(open_sink.host, open_sink.port, timeout=TIMEOUT) as client:
        assert reply(client, "MAIL", f"FROM:<{SENDER}>") == 503  # no HELO yet
        assert client.helo()[0] == 250
        assert reply(client, "RCPT", f"TO:<{RECIPIENT}>") == 503  # no MAIL
        assert reply(client, "DATA") == 503
        assert client.mail(SENDER)[0] == 250
        assert reply(client, "MAIL", f"FROM:<{SENDER}>") == 503  # nested
        assert reply(client, "DATA") == 503  # no RCPT
        assert reply(client, "MAIL", "TO:<nobody>") == 503  # still nested
        assert client.rset()[0] == 250
        assert reply(client, "MAIL", "FROM nobody") == 501
        assert client.noop()[0] == 250
        assert reply(client, "XYZZY") == 500
        assert reply(client, "STARTTLS") == 502  # not offered by a plain sink
        assert reply(client, "VRFY", RECIPIENT) == 252
    assert open_sink.messages() == []


def test_rset_drops_the_transaction(open_sink):
    with plain_client(open_sink) as client:
        client.mail("first@example.com")
        client.rcpt("dropped@example.com")
        client.rset()
        client.sendmail(SENDER, [RECIPIENT], b"Subject: kept\r\n\r\nx\r\n")

    (mail,) = open_sink.messages()
    assert (mail.mail_from, mail.recipients) == (SENDER, (RECIPIENT,))


def test_several_recipients_and_messages_on_one_connection(open_sink):
    recipients = ["a@example.com", "b@example.com", "c@example.org"]
    with plain_client(open_sink) as client:
        client.send_message(notification(to=", ".join(recipients[:2])), to_addrs=recipients)
        client.send_message(notification(subject="second"))

    first, second = open_sink.messages()
    assert first.recipients == tuple(recipients)
    assert first.as_dict()["to"] == "a@example.com, b@example.com"
    assert second.as_dict()["subject"] == "second"


def test_null_sender_is_accepted(open_sink):
    with plain_client(open_sink) as client:
        client.sendmail("", [RECIPIENT], b"Subject: bounce\r\n\r\nx\r\n")
    assert open_sink.messages()[0].mail_from == ""


def test_dot_stuffed_lines_are_unstuffed(open_sink):
    body = ".\n..two dots\n.leading dot\nend .\n.\n"
    with plain_client(open_sink) as client:
        client.send_message(notification(body=body))

    (mail,) = open_sink.messages()
    assert mail.as_dict()["body"] == body
    assert b"\r\n..two dots\r\n.leading dot\r\n" in mail.data


def test_utf8_subject_and_body_round_trip(open_sink):
    subject = "【エラー】tap-haihai-mail の実行に失敗しました"
    body = "配配メールへの接続がタイムアウトしました。\n再実行してください。\n"
    with plain_client(open_sink) as client:
        client.send_message(notification(subject=subject, body=body))

    (mail,) = open_sink.messages()
    summary = mail.as_dict()
    assert summary["subject"] == subject
    assert summary["body"] == body
    assert b"=?utf-8?" in mail.data  # the header travelled RFC 2047-encoded


def test_a_message_over_the_size_limit_gets_552():
    big = b"Subject: big\r\n\r\n" + b"x" * 200 + b"\r\n"
    with SmtpSink(max_message_bytes=100) as sink, plain_client(sink) as client:
        assert client.esmtp_features["size"] == "100"
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:  # SIZE=n declared
            client.sendmail(SENDER, [RECIPIENT], big)
        assert refused.value.smtp_code == 552
        client.rset()
        client.mail(SENDER)  # no SIZE declared: refused after the data instead
        client.rcpt(RECIPIENT)
        assert client.data(big)[0] == 552
        client.sendmail(SENDER, [RECIPIENT], b"Subject: small\r\n\r\nx\r\n")
        assert [mail.as_dict()["subject"] for mail in sink.messages()] == ["small"]


def test_stop_ends_live_connections_and_frees_the_port():
    sink = SmtpSink().start()
    client = plain_client(sink)
    sink.stop()
    with pytest.raises(smtplib.SMTPServerDisconnected):
        client.noop()
    client.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((sink.host, sink.port), timeout=TIMEOUT).close()
    sink.stop()  # twice is fine


def test_sink_checks_its_arguments():
    with pytest.raises(ValueError, match="security"):
        SmtpSink(security="tls")
    with pytest.raises(ValueError, match="both"):
        SmtpSink(username=USER)
