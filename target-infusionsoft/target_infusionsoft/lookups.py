"""How to find a record in Keap before it is created again, when an earlier answer was lost.

Keap has no idempotency key: a create whose answer was lost (a timeout, a dropped connection,
a kill -9) may or may not have been applied. Where Keap can list records by something the
record holds (contacts by email, tags by name, companies by company_name, affiliates by code,
…; the look-ups of each action in Keap's REST v1 OpenAPI), a `Lookup` reads that list and
compares candidates with what was sent, client-side: whether Keap's filters match exactly or
partially is undocumented (`GET /tags?name=`), and filters Keap lacks (products by SKU, users
by email) leave only a scan. A record whose look-up finds nothing is created again.

A look-up compares the fields the body holds (a comparison of a field the body lacks is
skipped), with `needs` naming what a body must hold for the comparison to mean anything.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from datetime import datetime

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from keap_client.connection import KeapConnection

# Keap: list endpoints return at most 1000 records per call (keap_client.settings).
PAGE_SIZE = 1000
Match = t.Callable[[t.Mapping[str, t.Any], t.Mapping[str, t.Any]], bool]


def dig(value: t.Any, path: str) -> t.Any:
    """The member at a dotted path (`contact.id`, `email_addresses.0.email`), or None."""
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def same(sent_path: str, found_path: str | None = None) -> Match:
    """The candidate holds what was sent at `sent_path` (at `found_path` in Keap's answer)."""

    def matches(sent: Mapping[str, t.Any], found: Mapping[str, t.Any]) -> bool:
        mine = dig(sent, sent_path)
        return mine is None or dig(found, found_path or sent_path) == mine

    return matches


def same_moment(sent_path: str, found_path: str | None = None) -> Match:
    """Like `same`, comparing date-times as instants (`…00Z` is `…00.000+00:00`)."""

    def matches(sent: Mapping[str, t.Any], found: Mapping[str, t.Any]) -> bool:
        mine = dig(sent, sent_path)
        if mine is None:
            return True
        theirs = dig(found, found_path or sent_path)
        return mine == theirs or ((left := _instant(mine)) is not None and left == _instant(theirs))

    return matches


def same_email(sent_path: str, found_path: str) -> Match:
    """The candidate has the sent address at `found_path`, ignoring case.

    `found_path` may end in `[]`: any item of that list (`email_addresses[].email`).
    """

    def matches(sent: Mapping[str, t.Any], found: Mapping[str, t.Any]) -> bool:
        mine = dig(sent, sent_path)
        if not isinstance(mine, str):
            return True
        return mine.casefold() in {address.casefold() for address in _addresses(found, found_path)}

    return matches


def _addresses(found: Mapping[str, t.Any], path: str) -> list[str]:
    if "[]." not in path:
        value = dig(found, path)
        return [value] if isinstance(value, str) else []
    listed, member = path.split("[].", 1)
    return [
        value for item in dig(found, listed) or [] if isinstance(value := dig(item, member), str)
    ]


def _instant(value: t.Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Lookup:
    """One way to find a sent record among Keap's.

    Attributes:
        path: The list (or, with `nested`, the one record) to read; `{name}` is filled from
            the record's path parameters.
        key: The list's key in Keap's answer (`{"tags": [...], "count": …}`); None for an
            answer that is a bare array (`GET /hooks`).
        params: Query parameter → dotted path in what was sent; sent when it holds a value.
        matches: Whether a candidate is the sent record (all must hold).
        needs: Dotted paths what was sent must hold for the comparison to tell.
        nested: The member of one record that holds the candidates (`order_items` of
            `GET /orders/{id}`); no paging then.
    """

    path: str
    key: str | None
    matches: tuple[Match, ...]
    params: Mapping[str, str] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    nested: str | None = None

    def possible(self, sent: Mapping[str, t.Any]) -> bool:
        """Whether what was sent holds what the comparison needs."""
        return all(dig(sent, path) not in (None, "") for path in self.needs)

    def find(
        self,
        connection: KeapConnection,
        sent: Mapping[str, t.Any],
        path_values: Mapping[str, t.Any],
    ) -> dict[str, t.Any] | None:
        """The first candidate that is the sent record, or None (one call per page read)."""
        return next(self.matching(connection, sent, path_values), None)

    def matching(
        self,
        connection: KeapConnection,
        sent: Mapping[str, t.Any],
        path_values: Mapping[str, t.Any],
    ) -> Iterator[dict[str, t.Any]]:
        """Every candidate that is the sent record, reading pages as they are needed."""
        for candidate in self._candidates(connection, sent, path_values):
            if all(match(sent, candidate) for match in self.matches):
                yield candidate

    def _candidates(
        self,
        connection: KeapConnection,
        sent: Mapping[str, t.Any],
        path_values: Mapping[str, t.Any],
    ) -> Iterator[dict[str, t.Any]]:
        path = self.path.format_map(path_values)
        if self.nested is not None:
            yield from _records(dig(connection.get_json(path), self.nested))
            return
        query = {
            name: value
            for name, sent_path in self.params.items()
            if (value := dig(sent, sent_path)) not in (None, "")
        }
        offset = 0
        while True:
            answer = connection.get_json(path, {**query, "limit": PAGE_SIZE, "offset": offset})
            page = _records(answer if self.key is None else dig(answer, self.key))
            yield from page
            offset += len(page)
            count = dig(answer, "count") if isinstance(answer, dict) else None
            if self.key is None or len(page) < PAGE_SIZE or (count is not None and offset >= count):
                return


def _records(value: t.Any) -> list[dict[str, t.Any]]:
    return [item for item in value or [] if isinstance(item, dict)]


def all_of(*matches: Match) -> tuple[Match, ...]:
    """The comparisons a look-up makes (readability in the resources table)."""
    return matches
