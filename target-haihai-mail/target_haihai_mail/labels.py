"""How a reject names a record: its input line, its stream and, when usable, its address.

Why only for refused records: a run spools millions of rows and refuses a few, so a row keeps
the parts of its name (line, stream, address) and the words are put together only for a row
refused by a check, by a later row's claim on its address, or by 配配メール after the upload.
"""

from __future__ import annotations

import typing as t

from singer_commons.emails import email_problem
from singer_commons.sdk.plugins import line_position

# Separates the parts of a claim's owner; no valid address holds it (see `claim_owner`).
_OWNER_SEPARATOR = "\t"


def row_label(stream: str, line: int, address: str | None) -> str:
    """E.g. "input line 12, stream 'contacts' (a@example.jp)"; the line only when known (> 0).

    `address` is given only when it is a usable address (`usable_address`).
    """
    position = line_position(line)
    where = f"{position}, stream '{stream}'" if position else f"stream '{stream}'"
    return where if address is None else f"{where} ({address})"


def usable_address(value: object) -> str | None:
    """`value` when it is a valid address a label may show, else None."""
    return value if isinstance(value, str) and email_problem(value) is None else None


def claim_owners(stream: str, lines: t.Sequence[int], addresses: t.Sequence[str]) -> list[str]:
    """`claim_owner` of each row of one stream: what a later row for its address names.

    The stream goes last: a stream's name may hold anything, a valid address no tab.
    """
    end = f"{_OWNER_SEPARATOR}{stream}"
    return [
        f"{line}{_OWNER_SEPARATOR}{address}{end}"
        for line, address in zip(lines, addresses, strict=True)
    ]


def claim_owner(stream: str, line: int, address: str) -> str:
    """The owner a row's address claim records: the parts of its label, not the words."""
    return claim_owners(stream, (line,), (address,))[0]


def owner_label(owner: str) -> str:
    """The label of the row that recorded `owner` (see `claim_owner`)."""
    line, address, stream = owner.split(_OWNER_SEPARATOR, 2)
    return row_label(stream, int(line), address)
