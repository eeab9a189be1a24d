"""`vendor-sandbox serve` prints the SMTP sink's line and applies the `--smtp-*` options."""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import requests
from sandbox_mail_helpers import PASSWORD, TIMEOUT, USER, notification

from vendor_sandbox.mail import SANDBOX_CERT_FILE

BIN = Path(sys.executable).parent


def serve(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """Start `serve` and read its lines up to the `control` one (always the last)."""
    process = subprocess.Popen(
        [str(BIN / "vendor-sandbox"), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = [process.stdout.readline().strip()]
    while lines[-1] and not lines[-1].startswith("control "):
        lines.append(process.stdout.readline().strip())
    return process, lines


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    assert process.wait(timeout=10) == 0


def test_serve_prints_the_smtp_line_before_control_and_uses_the_defaults():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    smtp_port = probe.getsockname()[1]
    probe.close()
    process, lines = serve("--smtp-port", str(smtp_port))
    try:
        assert lines[-2] == f"smtp smtp://127.0.0.1:{smtp_port}"
        assert not any(line.startswith("mail ") for line in lines)  # no HTTP API to print
        control = lines[-1].removeprefix("control ")
        assert requests.get(f"{control}/mail/settings", timeout=10).json() == {
            "host": "127.0.0.1",
            "port": smtp_port,
            "security": "none",
            "username": USER,
        }
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=TIMEOUT) as client:
            client.login(USER, PASSWORD)
            client.send_message(notification(subject="from the CLI sink"))
        (message,) = requests.get(f"{control}/mail/messages", timeout=10).json()["messages"]
        assert message["subject"] == "from the CLI sink"
    finally:
        stop(process)


def test_serve_applies_the_smtp_security_and_credentials():
    process, lines = serve(
        "--smtp-security", "starttls", "--smtp-user", "cli-user", "--smtp-password", "cli-pass"
    )
    try:
        (smtp_line,) = [line for line in lines if line.startswith("smtp ")]
        match = re.fullmatch(r"smtp smtp://127\.0\.0\.1:(\d+)", smtp_line)
        assert match, smtp_line
        control = lines[-1].removeprefix("control ")
        settings = requests.get(f"{control}/mail/settings", timeout=10).json()
        assert (settings["security"], settings["username"]) == ("starttls", "cli-user")

        with smtplib.SMTP("127.0.0.1", int(match.group(1)), timeout=TIMEOUT) as client:
            client.starttls(context=ssl.create_default_context(cafile=SANDBOX_CERT_FILE))
            client.login("cli-user", "cli-pass")
            client.send_message(notification())
        (message,) = requests.get(f"{control}/mail/messages", timeout=10).json()["messages"]
        assert (message["tls"], message["authenticated_user"]) == (True, "cli-user")
    finally:
        stop(process)
