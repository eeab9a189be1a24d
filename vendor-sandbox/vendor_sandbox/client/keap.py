"""`KeapControl`: the Keap emulator's control endpoints (`/_sandbox/keap/...`).

The REST resources and the XML-RPC tables are one account with two APIs; the XML-RPC
tables' own calls are `KeapControl.xmlrpc` (`KeapXmlRpcControl`).
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.client.base import ControlClient, VendorControl


class KeapXmlRpcControl(ControlClient):
    """Drives the XML-RPC tables of the Keap account: seed, edits, rows, XML-RPC faults.

    Attributes:
        url: Keap's XML-RPC endpoint (`.../keap/crm/xmlrpc/v1`), what an
            `xmlrpc.client.ServerProxy` or a plugin's `xmlrpc_url` points at.
    """

    prefix = "/keap"

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        super().__init__(base_url, timeout)
        self.url = f"{self.base_url}/keap/crm/xmlrpc/v1"

    def seed(self, **counts: int) -> dict[str, int]:
        """Replace the XML-RPC data: rows per table, e.g. `Contact=2500, Invoice=3`.

        Tables left out get their default count; `saved_search_rows=n` makes saved search 1
        return `n` generated rows (to page past 1,000). Returns the counts seeded.
        """
        body = self._object("POST", "xmlrpc_seed", counts)
        return t.cast("dict[str, int]", body["counts"])

    def touch(self, table: str, ids: list[int]) -> list[dict[str, t.Any]]:
        """Edit rows by Id (LastUpdated becomes now in America/New_York); returns them."""
        body = self._object("POST", "xmlrpc_touch", {"table": table, "ids": ids})
        return t.cast("list[dict[str, t.Any]]", body[table])

    def create(self, table: str, count: int = 1) -> list[dict[str, t.Any]]:
        """Add rows at the end of a table, created and last updated now; returns them."""
        body = self._object("POST", "xmlrpc_create", {"table": table, "count": count})
        return t.cast("list[dict[str, t.Any]]", body[table])

    def rows(self, table: str) -> list[dict[str, t.Any]]:
        """Every row of a table, every field (null when empty, datetimes as ISO)."""
        body = self._object("GET", f"xmlrpc_rows/{table}")
        return t.cast("list[dict[str, t.Any]]", body["rows"])

    def fault(self, fault: str, method: str = "*", count: int = 1) -> dict[str, t.Any]:
        """Queue an XML-RPC fault on a method (`*`: any method).

        Kinds: `query_too_long`, `saved_search_blocked`, `database_error`, `invalid_key`.
        """
        body = {"method": method, "fault": fault, "count": count}
        return self._object("POST", "xmlrpc_faults", body)


class KeapControl(VendorControl):
    """Drives a Keap account's REST side: settings, data, custom fields, faults, tokens.

    What a writer sent is in `written(...)` (the write log) and, as Keap holds it, in
    `records(...)` and the API's own GET endpoints; `lose_answer(...)` applies a write and
    then loses its answer.

    Attributes:
        url: The Keap REST v1 base URL (`.../keap/crm/rest/v1`), a plugin's `base_url`.
        token_url: Keap's OAuth token endpoint, a plugin's `token_url`.
        xmlrpc: The account's XML-RPC tables (`KeapXmlRpcControl`).
    """

    prefix = "/keap"
    api_path = "/keap/crm/rest/v1"

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        super().__init__(base_url, timeout)
        self.token_url = f"{self.base_url}/keap/token"
        self.xmlrpc = KeapXmlRpcControl(base_url, timeout)

    def configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change settings (token_ttl, throttle_limit, quota_limit, quota_used, ...)."""
        return self._object("POST", "configure", settings)

    def seed(self, **counts: int) -> dict[str, t.Any]:
        """Replace the data: records per resource, e.g. `contacts=2500, default=3`."""
        return self._object("POST", "seed", counts)

    def touch(self, resource: str, ids: list[int]) -> list[dict[str, t.Any]]:
        """Edit records by id (their timestamp becomes now); returns the new records."""
        body = self._object("POST", "touch", {"resource": resource, "ids": ids})
        return t.cast("list[dict[str, t.Any]]", body[resource])

    def create(
        self, resource: str, count: int, fields: dict[str, t.Any] | None = None
    ) -> list[dict[str, t.Any]]:
        """Add records at the end of a resource, stamped now; returns them.

        `fields` replace seeded values, e.g. `{"email_addresses": []}`: a contact without email.
        """
        payload: dict[str, t.Any] = {"resource": resource, "count": count}
        if fields is not None:
            payload["fields"] = fields
        body = self._object("POST", "create", payload)
        return t.cast("list[dict[str, t.Any]]", body[resource])

    def delete(self, resource: str, ids: list[int]) -> list[int]:
        """Delete records by id, as a Keap user would (gone from lists and `/{id}`)."""
        body = self._object("POST", "delete", {"resource": resource, "ids": ids})
        return t.cast("list[int]", body[resource])

    def custom_fields(self, **models: list[dict[str, t.Any]]) -> dict[str, t.Any]:
        """Replace the custom fields of models, e.g. `contacts=[{"label", "field_type"}]`."""
        return self._object("POST", "custom_fields", models)

    def expire_tokens(self) -> dict[str, t.Any]:
        """Expire every access token the account has issued."""
        return self._object("POST", "expire_tokens", {})

    def records(
        self, resource: str, offset: int = 0, limit: int | None = None
    ) -> list[dict[str, t.Any]]:
        """Records a resource holds, in id order."""
        return self._records(resource, offset, limit)

    def written(self, resource: str | None = None) -> list[dict[str, t.Any]]:
        """The writes the account applied, oldest first: all, or one resource's.

        `resource` is a stream name (`contacts`, `contact_tags`, `order_items`, ...). Each
        entry has `seq`, `resource`, `operation` (create | update | upsert | delete),
        `method`, `path`, `query`, `status`, `id` (a hook's string key), `request` (the JSON
        body as sent), `ignored_fields` (body fields Keap ignores), `answer_lost` (the kind of
        fault that broke the answer, else None) and, per action, `outcome` (an upsert's
        `created` or `updated`), `tag_statuses`, `tag_ids`, `order_id`, `product_id`, ...
        Refused writes (4xx) are not in it.
        """
        action = "written" if resource is None else f"written/{resource}"
        body = self._object("GET", action)
        return t.cast("list[dict[str, t.Any]]", body["written"])

    def lose_answer(
        self,
        method: str,
        path: str,
        *,
        after: int = 0,
        count: int = 1,
        how: str = "drop",
        seconds: float | None = None,
        status: int | None = None,
    ) -> dict[str, t.Any]:
        """Apply the next `method` call on `path`, then lose its answer; returns the queue.

        `path` is a substring of the request path (`/contacts` also matches
        `/contacts/5/tags`); `after` lets that many matching calls through first, `count`
        breaks that many. `how`: `drop` closes the connection, `timeout` stalls `seconds`
        (default 65, past any client timeout) before answering, `http_error` answers
        `status` (default 503) instead.
        """
        fields = {
            "kind": how,
            "method": method,
            "path": path,
            "after": after,
            "count": count,
            "after_apply": True,
            "seconds": seconds,
            "status": status,
        }
        body = {name: value for name, value in fields.items() if value is not None}
        return self._object("POST", "faults", body)
