"""Paging, filtering and the list envelope Keap's REST v1 list endpoints share.

`limit` (default and maximum 1000: more is read as 1000) and `offset` page; the answer is
`{"<key>": [...], "count": <all matches>, "next": <url>, "previous": <url or "">}`. Like
Keap, `next` is always present, even on the last page: a client must stop on a short page
or once `offset >= count` (vendor notes), and the sandbox makes sure it has to.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from urllib.parse import urlencode

from vendor_sandbox.keap.clock import epoch_millis, parse_iso
from vendor_sandbox.keap.errors import bad_request

if t.TYPE_CHECKING:
    from collections.abc import Sequence

    from vendor_sandbox.httpio import Request

# Keap (vendor notes): list endpoints return at most 1000 records a page.
MAX_LIMIT = 1000
ASCENDING = "ASCENDING"
DESCENDING = "DESCENDING"


@dataclass(frozen=True)
class Page:
    """The window of a list a call asked for."""

    limit: int
    offset: int


def params_of(request: Request) -> dict[str, str]:
    """The first value of every query parameter."""
    return {name: values[0] for name, values in request.query.items()}


def _whole(params: dict[str, str], name: str, default: int, minimum: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise bad_request(f"Invalid value for parameter '{name}': {raw!r}")
    return value


def page_of(params: dict[str, str]) -> Page:
    """`limit` and `offset` (400 when not whole numbers in range; over 1000 reads as 1000).

    Raises:
        KeapError: 400 naming the parameter.
    """
    limit = min(_whole(params, "limit", MAX_LIMIT, 1), MAX_LIMIT)
    return Page(limit=limit, offset=_whole(params, "offset", 0, 0))


def time_bound(params: dict[str, str], name: str) -> int | None:
    """An ISO 8601 `since`/`until`-style parameter as epoch milliseconds, or None if absent.

    Raises:
        KeapError: 400 when present but not a timestamp.
    """
    raw = params.get(name, "")
    if not raw:
        return None
    moment = parse_iso(raw)
    if moment is None:
        raise bad_request(f"Invalid date for parameter '{name}': {raw!r}")
    return epoch_millis(moment)


def order_of(params: dict[str, str], allowed: Sequence[str]) -> tuple[str, bool]:
    """`order` and `order_direction` → (field, descending); default id, ascending.

    Raises:
        KeapError: 400 for an order or direction this resource does not know.
    """
    order = params.get("order") or "id"
    if order not in allowed:
        raise bad_request(f"Invalid order '{order}' (one of: {', '.join(allowed)})")
    direction = (params.get("order_direction") or ASCENDING).upper()
    if direction not in {ASCENDING, DESCENDING}:
        raise bad_request(f"Invalid order_direction '{direction}'")
    return order, direction == DESCENDING


def optional_properties(params: dict[str, str]) -> set[str]:
    """The names in the comma-separated `optional_properties` parameter."""
    return {name.strip() for name in params.get("optional_properties", "").split(",") if name}


def envelope(
    key: str,
    records: list[t.Any],
    count: int,
    page: Page,
    *,
    url: str,
    params: dict[str, str],
) -> dict[str, t.Any]:
    """The list answer, with `next`/`previous` links keeping the other parameters."""

    def link(offset: int) -> str:
        query = {**params, "limit": str(page.limit), "offset": str(offset)}
        return f"{url}?{urlencode(query)}"

    previous = link(max(0, page.offset - page.limit)) if page.offset > 0 else ""
    return {
        key: records,
        "count": count,
        "next": link(page.offset + page.limit),
        "previous": previous,
    }
