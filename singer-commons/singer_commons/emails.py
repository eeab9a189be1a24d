"""Email address checks every target makes before sending, so the vendor never has to refuse.

Why shared: 配配メール and SATORI both key customers by email address and both refuse (or worse,
store) malformed ones. The check is deliberately practical rather than the full RFC 5322
grammar: the dot-atom addresses marketing systems accept, at most 254 characters (RFC 5321),
a local part of at most 64, and a domain with at least one dot.
"""

from __future__ import annotations

import re

MAX_EMAIL_LENGTH = 254  # RFC 5321: 256 octets of path minus the angle brackets
MAX_LOCAL_PART_LENGTH = 64
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    rf"@{_LABEL}(?:\.{_LABEL})+"
)


def email_problem(value: object) -> str | None:
    """Why `value` is not a usable email address, or None when it is."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "email address is missing"
    if not isinstance(value, str):
        return f"email address must be text, got {type(value).__name__} {value!r}"
    if len(value) > MAX_EMAIL_LENGTH:
        return f"email address is longer than {MAX_EMAIL_LENGTH} characters ({len(value)})"
    if _EMAIL.fullmatch(value) is None:
        return f"{value!r} is not a valid email address (expected name@domain.tld)"
    if len(value.partition("@")[0]) > MAX_LOCAL_PART_LENGTH:
        return f"the part before @ is longer than {MAX_LOCAL_PART_LENGTH} characters"
    return None
