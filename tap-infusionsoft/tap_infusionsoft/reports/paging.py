"""Keap's XML-RPC paging: pages from 0, at most 1000 rows each, until a short page."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# DataService.query takes at most 1000 rows a page; saved searches answer 1000 a page.
PAGE_SIZE = 1000


def rows_of(result: t.Any) -> list[dict[str, t.Any]]:
    """The rows of an XML-RPC result: a list of structs, one struct, or nothing."""
    if result is None:
        return []
    if isinstance(result, dict):
        return [result]
    return [row for row in result if isinstance(row, dict)]


def pages(fetch_page: Callable[[int], t.Any]) -> Iterator[list[dict[str, t.Any]]]:
    """Each page's rows, `fetch_page(0)`, `fetch_page(1)`, … until one holds under 1000."""
    page = 0
    while True:
        rows = rows_of(fetch_page(page))
        yield rows
        if len(rows) < PAGE_SIZE:
            return
        page += 1
