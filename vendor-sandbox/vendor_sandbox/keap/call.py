"""One REST call as an endpoint sees it, and what a write endpoint answers.

Read and write endpoints share these, so the route table (`api.py`) and the write
endpoints (`writes/`) need not import each other.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.keap.errors import not_found
from vendor_sandbox.keap.settings import KeapSettings

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.store import KeapStore

NO_CONTENT = 204
GET = "GET"
# Path parameters: `{code}` a country code, `{key}` a REST hook's string key, any other
# `{name}` a numeric id.
_SPECIAL = {"code": r"([A-Za-z]{2})", "key": r"([^/]+)"}
_NUMERIC = r"(\d+)"
_PLACEHOLDER = re.compile(r"(\{\w+\})")


@dataclass(frozen=True)
class Call:
    """One API call as a handler sees it.

    Attributes:
        store: The account's data (the caller holds its lock).
        params: The first value of every query parameter.
        ids: The path parameters, e.g. the `{id}` of `/contacts/{id}/tags`.
        url: The absolute URL of the called path, for `next`/`previous` links.
        method: The HTTP method.
        path: The called path below `/crm/rest/v1`.
        body: The raw request body.
        content_type: The body's media type, without parameters.
        settings: The account's settings (switches some write answers).
        written: The write-log entries this call made (the instance marks them when the
            call's answer is lost on purpose).
    """

    store: KeapStore
    params: dict[str, str]
    ids: tuple[str, ...]
    url: str
    method: str = "GET"
    path: str = ""
    body: bytes = b""
    content_type: str = ""
    settings: KeapSettings = field(default_factory=KeapSettings)
    written: list[dict[str, t.Any]] = field(default_factory=list)

    def index(self, key: str, position: int = 0) -> int:
        """The index of the record the path's id number `position` names; 404 when none.

        Raises:
            KeapError: 404 naming the resource and the id.
        """
        index = int(self.ids[position]) - 1
        if not self.store.table(key).exists(index):
            raise not_found(f"{key} with id {self.ids[position]} not found")
        return index


@dataclass(frozen=True)
class Answer:
    """A write endpoint's answer: its status and JSON body (None: no body, as for 204)."""

    status: int
    body: t.Any = None


Handler = t.Callable[[Call], t.Any]
"""Returns the JSON to send with 200, or an `Answer`; raises `KeapError` on failure."""


@dataclass(frozen=True)
class Route:
    """A method on a path template (`/contacts/{id}/tags`, the counters' key) and its handler."""

    template: str
    handler: Handler
    method: str = GET

    @property
    def pattern(self) -> re.Pattern[str]:
        """The template as a regular expression (see `_SPECIAL` for the placeholders)."""
        parts = _PLACEHOLDER.split(self.template)
        regex = "".join(
            _SPECIAL.get(part[1:-1], _NUMERIC) if _PLACEHOLDER.fullmatch(part) else re.escape(part)
            for part in parts
        )
        return re.compile(regex)
