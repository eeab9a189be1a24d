"""Keep credentials out of every log line, exception text and reject file.

Why process-wide: a secret can reach a log through any library (requests' URL in an
exception, the SDK echoing a config, a vendor echoing a token in an error body), so the
redaction hooks into `logging`'s record factory rather than into our own log calls. Secrets
are known two ways: values registered at runtime (settings marked secret, fetched tokens)
and well-known shapes (`access_token=…`, `Bearer …`) that are redacted even when never
registered.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

MASK = "***"
# Shorter values would mask ordinary words and numbers all over the logs.
MIN_SECRET_LENGTH = 4
# Parameter names whose values are credentials wherever they appear.
SECRET_PARAMETER_NAMES = ("access_token", "client_secret", "refresh_token", "api_key", "password")
# A token after `Bearer`/`Basic` must be this long; shorter words are prose ("Bearer token").
MIN_HEADER_CREDENTIAL_LENGTH = 8

_NAMES = "|".join(SECRET_PARAMETER_NAMES)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Query strings and form bodies: ?access_token=abc&x=1
    (re.compile(rf"(?i)\b({_NAMES})=([^&\s\"'#,;]+)"), rf"\1={MASK}"),
    # JSON bodies: "access_token": "abc"
    (re.compile(rf"(?i)(\"(?:{_NAMES})\"\s*:\s*\")((?:[^\"\\]|\\.)*)(\")"), rf"\1{MASK}\3"),
    # Authorization headers.
    (
        re.compile(rf"(?i)\b(Bearer)\s+[A-Za-z0-9\-._~+/]{{{MIN_HEADER_CREDENTIAL_LENGTH},}}=*"),
        rf"\1 {MASK}",
    ),
    (
        re.compile(rf"(?i)\b(Basic)\s+[A-Za-z0-9+/]{{{MIN_HEADER_CREDENTIAL_LENGTH},}}={{0,2}}"),
        rf"\1 {MASK}",
    ),
    # API-key headers such as Keap's `X-Keap-API-Key: abc` (also in a headers dict repr).
    (
        re.compile(r"(?i)\b(x-[a-z0-9-]*api-key['\"]?\s*[:=]\s*['\"]?)([^'\"\s,}]+)"),
        rf"\1{MASK}",
    ),
)

_lock = threading.Lock()
_secrets: set[str] = set()
_secrets_pattern: re.Pattern[str] | None = None
_FACTORY_MARKER = "_singer_commons_redacting"


def register_secret(value: str | None) -> None:
    """Remember a value that must never appear in logs.

    Values shorter than `MIN_SECRET_LENGTH` are ignored: masking "1" or "abc" everywhere
    would make logs unreadable and such values are not real credentials.
    """
    global _secrets_pattern  # noqa: PLW0603 - one registry per process is the point
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    with _lock:
        if value in _secrets:
            return
        _secrets.add(value)
        # Longest first, so a secret that contains another is masked whole.
        ordered = sorted(_secrets, key=len, reverse=True)
        _secrets_pattern = re.compile("|".join(re.escape(secret) for secret in ordered))


def forget_secrets() -> None:
    """Drop every registered secret (tests use it to isolate cases)."""
    global _secrets_pattern  # noqa: PLW0603
    with _lock:
        _secrets.clear()
        _secrets_pattern = None


def redact(text: str) -> str:
    """Return `text` with registered secrets and credential-shaped values replaced by `***`."""
    pattern = _secrets_pattern
    if pattern is not None:
        text = pattern.sub(MASK, text)
    for shape, replacement in _PATTERNS:
        text = shape.sub(replacement, text)
    return text


def _redact_record(record: logging.LogRecord) -> None:
    """Freeze the record's message and exception text in redacted form."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must not break the caller
        # logging reports the formatting error when the record is emitted; keep it as is.
        return
    record.msg = redact(message)
    record.args = ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def install_log_redaction() -> None:
    """Redact every log record created in this process from now on (idempotent).

    Wraps the record factory rather than adding a filter or formatter because filters are
    per logger/handler and would miss third-party loggers and handlers added later.
    """
    with _lock:
        current = logging.getLogRecordFactory()
        if getattr(current, _FACTORY_MARKER, False):
            return

        def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = current(*args, **kwargs)
            _redact_record(record)
            return record

        setattr(redacting_factory, _FACTORY_MARKER, True)
        logging.setLogRecordFactory(redacting_factory)
