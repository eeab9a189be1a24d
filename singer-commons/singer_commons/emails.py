"""Email address checks every target makes before sending, so the vendor never has to refuse.

Why shared: 配配メール and SATORI both key customers by email address and both refuse (or worse,
store) malformed ones. The check is deliberately practical rather than the full RFC 5322
grammar: the dot-atom addresses marketing systems accept, at most 254 characters (RFC 5321),
a local part of at most 64, and a domain with at least one dot.

`all_valid` judges a whole column of addresses with one regular expression over the joined
column: a target checking a batch at C speed, and each record only when the batch fails.
"""

from __future__ import annotations

import re
import typing as t
from itertools import repeat

if t.TYPE_CHECKING:
    from collections.abc import Sequence

MAX_EMAIL_LENGTH = 254  # RFC 5321: 256 octets of path minus the angle brackets
MAX_LOCAL_PART_LENGTH = 64
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    rf"@{_LABEL}(?:\.{_LABEL})+"
)
# A newline-joined column of addresses.
_COLUMN = re.compile(rf"(?:{_EMAIL.pattern}\n)*{_EMAIL.pattern}")


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


def all_valid(values: Sequence[str]) -> bool:
    """Whether `email_problem` finds fault with none of `values` (all text), in one C pass.

    False says only that some value needs `email_problem`'s own verdict.
    """
    if not values or max(map(len, values)) > MAX_EMAIL_LENGTH:
        return False
    if max(map(str.find, values, repeat("@"))) > MAX_LOCAL_PART_LENGTH:
        return False
    column = "\n".join(values)
    # A value holding a newline would split into two lines that may each pass.
    return column.count("\n") == len(values) - 1 and _COLUMN.fullmatch(column) is not None
