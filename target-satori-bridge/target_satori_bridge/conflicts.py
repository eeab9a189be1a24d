"""SATORI keeps one email per company: two customers of one run must not claim the same one.

Seed 004: "SATORIではEmailアドレスはカンパニー単位でユニーク" — a source where two customers share
an address cannot be loaded as it is. With hashcode identities two records can name different
customers with the same email; the first one keeps it and every later one is rejected with
that reason (SATORI would refuse it anyway, or worse, apply whichever came last). Addresses are
compared case-insensitively, as mailboxes are.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EmailOwners:
    """Which identity claimed each email so far in this run."""

    _owners: dict[str, str] = field(default_factory=dict)

    def conflict(self, identity: str, email: str | None) -> str | None:
        """Why this identity may not take `email`, or None (then the claim is recorded)."""
        if email is None:
            return None
        mailbox = email.lower()
        owner = self._owners.setdefault(mailbox, identity)
        if owner == identity:
            return None
        return (
            f"email {email!r} is already used by customer {owner!r} earlier in this run; "
            "SATORI keeps each email unique per company, so this later record is not sent"
        )
