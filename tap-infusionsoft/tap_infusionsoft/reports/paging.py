"""Keap's XML-RPC paging: pages from 0 until the last one.

`DataService.query` takes a `limit` (at most 1000, Keap's XML-RPC reference), so a page
shorter than the limit asked for is the last. Saved searches take only a page number
(`SearchService.getSavedSearchResultsAllFields(key, savedSearchId, userId, pageNumber)` in
the official infusionsoft-php SDK, `src/Infusionsoft/Api/SearchService.php`) and Keap
documents no page size, so only an empty page ends them, as public callers read them
(novaksolutions/infusionsoft-php-sdk `Infusionsoft/examples/get_saved_search_data.php`).
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# DataService.query takes at most 1000 rows a page.
PAGE_SIZE = 1000


def rows_of(result: t.Any) -> list[dict[str, t.Any]]:
    """The rows of an XML-RPC result: a list of structs, one struct, or nothing."""
    if result is None:
        return []
    if isinstance(result, dict):
        return [result]
    return [row for row in result if isinstance(row, dict)]


def pages(
    fetch_page: Callable[[int], t.Any], *, limit: int | None = PAGE_SIZE
) -> Iterator[list[dict[str, t.Any]]]:
    """Each page's rows, `fetch_page(0)`, `fetch_page(1)`, … until the last page.

    Args:
        fetch_page: Reads one page by its number.
        limit: The page size the call asked for: a page holding fewer rows is the last.
            None when the method takes no size (saved searches): only an empty page ends.
    """
    page = 0
    while True:
        rows = rows_of(fetch_page(page))
        if rows:
            yield rows
        if not rows or (limit is not None and len(rows) < limit):
            return
        page += 1
