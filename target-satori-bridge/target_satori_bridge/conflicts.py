"""SATORI keeps one email per company: two customers of one run must not claim the same one.

Seed 004: "SATORIではEmailアドレスはカンパニー単位でユニーク" — a source where two customers share
an address cannot be loaded as it is. The first claim keeps the address and every later one
is rejected with that reason (SATORI would refuse it anyway, or worse, apply whichever came
last to one customer). Addresses are compared case-insensitively, as mailboxes are. Two ways
to see that two records are two customers:

- with hashcode identities, two records name different SATORI customers with the same email;
- with email identities, two records of one stream share an email but not their Singer key
  (`key_properties` such as a source system's contact id, when it does not include the
  email): two contacts of the source, which SATORI would merge into one. Records with the same
  key are the same contact sent twice (an update), and streams are not compared with each
  other, since each has its own keys.
"""

from __future__ import annotations

import typing as t

from singer_commons.claims import FirstClaims
from target_satori_bridge.fields import EMAIL, HASHCODE

if t.TYPE_CHECKING:
    from collections.abc import Iterable

CUSTOMERS = "customers"  # the namespace of claims by SATORI customer identity


def _stream_namespace(stream: str) -> str:
    """The namespace of claims by a stream's Singer keys."""
    return f"stream:{stream}"


class EmailOwners:
    """Which customer (or source record) claimed each email so far in this run.

    The claims are on disk (`FirstClaims`), so a run of millions of customers stays flat in
    memory.
    """

    def __init__(self, identity_type: str = HASHCODE) -> None:
        """Start a run with no email claimed; customers are found by `identity_type`.

        With email identities a customer is its email: two records sharing one are the same
        customer, so a customer's claim can never conflict and none is kept (only those of
        source keys, `key_conflict`).
        """
        self._claims = FirstClaims()
        self._by_customer = identity_type != EMAIL

    def prefetch(self, emails: Iterable[str], stream: str | None = None) -> None:
        """Look up a batch's emails at once, for customers and (with `stream`) source keys.

        The claims of the batch are then judged in memory; `flush` writes them.
        """
        lowered = [email.lower() for email in emails]
        keys = [(CUSTOMERS, email) for email in lowered] if self._by_customer else []
        if stream is not None:
            keys += [(_stream_namespace(stream), email) for email in lowered]
        self._claims.prefetch(keys)

    def flush(self) -> None:
        """Write the batch's claims (see `prefetch`)."""
        self._claims.flush()

    def conflict(self, identity: str, email: str | None) -> str | None:
        """Why this identity may not take `email`, or None (then the claim is recorded)."""
        if email is None or not self._by_customer:
            return None
        owner = self._claims.claim(CUSTOMERS, email.lower(), identity)
        if owner is None or owner == identity:
            return None
        return (
            f"email {email!r} is already used by customer {owner!r} earlier in this run; "
            "SATORI keeps each email unique per company, so this later record is not sent"
        )

    def key_conflict(self, stream: str, email: str, key: str) -> str | None:
        """Why the record of `stream` with Singer key `key` may not take `email`, or None."""
        first = self._claims.claim(_stream_namespace(stream), email.lower(), key)
        if first is None or first == key:
            return None
        return (
            f"email {email!r} is already the address of another record of stream "
            f"{stream!r} ({first}) earlier in this run, and this one is {key}; SATORI keeps "
            "each email unique per company, so two customers sharing it cannot both be "
            "loaded: this later record is not sent"
        )

    def close(self) -> None:
        """Delete the claims (the end of the run)."""
        self._claims.close()
