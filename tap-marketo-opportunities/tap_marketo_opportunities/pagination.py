"""Paging through a filtered Marketo query: chunks of filter values, then nextPageToken.

One SDK paginator walks both levels, so the SDK's request loop, metrics and state handling
stay in charge: each token says which chunk of values to send and which page of its result.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk.pagination import BaseAPIPaginator

from singer_commons.connection import json_body

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    import requests

    from tap_marketo_opportunities.filters import FilterValue


@dataclass(frozen=True)
class QueryPage:
    """The request for one page: the chunk of filter values and Marketo's page token."""

    chunk_number: int
    values: tuple[FilterValue, ...]
    page_token: str | None = None


class ChunkedQueryPaginator(BaseAPIPaginator[QueryPage | None]):
    """Follows nextPageToken within a chunk, then moves to the next chunk of values."""

    def __init__(self, chunks: Iterator[tuple[FilterValue, ...]]) -> None:
        self._chunks = chunks
        first = next(chunks, None)
        self._no_values = first is None
        super().__init__(QueryPage(0, first) if first is not None else None)

    @property
    def finished(self) -> bool:
        """Finished before the first request when there are no filter values to ask for."""
        return self._no_values or super().finished

    def get_next(self, response: requests.Response) -> QueryPage | None:
        """Next page of this chunk while Marketo hands a token, else the next chunk."""
        current = self.current_value
        if current is None:
            return None
        body = json_body(response)
        token = body.get("nextPageToken")
        if token and body.get("result"):
            return QueryPage(current.chunk_number, current.values, token)
        following = next(self._chunks, None)
        if following is None:
            return None
        return QueryPage(current.chunk_number + 1, following)

    def continue_if_empty(self, response: requests.Response) -> bool:
        """A chunk matching nothing must not end the stream: later chunks may match."""
        del response
        return True


class NextPageTokenPaginator(BaseAPIPaginator[str | None]):
    """Marketo's metadata paging: repeat with nextPageToken while `moreResult` is true."""

    def __init__(self) -> None:
        super().__init__(None)

    def get_next(self, response: requests.Response) -> str | None:
        """The token of the next page, or None at the end."""
        body = json_body(response)
        if body.get("moreResult") and body.get("nextPageToken"):
            return str(body["nextPageToken"])
        return None
