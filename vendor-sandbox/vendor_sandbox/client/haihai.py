"""`HaihaiControl`: the 配配メール emulator's control endpoints (`/_sandbox/haihai/...`)."""

from __future__ import annotations

import typing as t

from vendor_sandbox.client.base import ClockedVendorControl


class HaihaiControl(ClockedVendorControl):
    """Drives a 配配メール account: settings, clock, seed, results, customers, imports.

    The clock answers `{"now", "day" (the quota day), "frozen"}`.

    Attributes:
        url: The account URL (`.../haihai`), a plugin's `base_url`: every API is
            `POST {url}/?ac=<Action>`.
    """

    prefix = "/haihai"
    api_path = "/haihai"

    def settings(self) -> dict[str, t.Any]:
        """The current settings (with `effective_daily_quota`)."""
        return t.cast("dict[str, t.Any]", self._object("GET", "configure")["settings"])

    def configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change settings (plan, daily_quota, allowed_ips, csv_encoding, ...)."""
        return t.cast("dict[str, t.Any]", self._object("POST", "configure", settings)["settings"])

    def seed(self, days: int | None = None, customers: int | None = None) -> dict[str, t.Any]:
        """Replace the account's data with the default seed dated from its clock's today."""
        body = {"days": days, "customers": customers}
        present = {name: value for name, value in body.items() if value is not None}
        return self._object("POST", "seed", present)

    def add_events(
        self,
        *,
        opens: list[dict[str, t.Any]] | None = None,
        clicks: list[dict[str, t.Any]] | None = None,
        mails: list[dict[str, t.Any]] | None = None,
        visits: list[dict[str, t.Any]] | None = None,
        responders: list[dict[str, t.Any]] | None = None,
    ) -> dict[str, int]:
        """Add result rows the retrieval APIs answer; returns how many of each were added."""
        kinds = {
            "opens": opens,
            "clicks": clicks,
            "mails": mails,
            "visits": visits,
            "responders": responders,
        }
        body = {kind: rows for kind, rows in kinds.items() if rows is not None}
        return t.cast("dict[str, int]", self._object("POST", "events", body)["added"])

    def events(self) -> dict[str, list[dict[str, t.Any]]]:
        """Every event the account holds, by kind (opens, clicks, mails, visits, responders).

        Each in the shape `add_events` takes, in the order added; times are ISO 8601 with
        the JST offset, a responder carries its `date`, a mail its `kind` and `count`.
        """
        return t.cast("dict[str, list[dict[str, t.Any]]]", self._object("GET", "events"))

    def lists(self) -> dict[str, list[dict[str, t.Any]]]:
        """The forms (`form_id`, `name`, `created_at`, `questions`, `answers`), groups, step plans.

        An answer is `{answer_id, mail_address, answered_at, values}` (one value per
        question, in order); a group or step plan `{id, name}`.
        """
        return t.cast("dict[str, list[dict[str, t.Any]]]", self._object("GET", "lists"))

    def put_customers(self, customers: list[dict[str, t.Any]]) -> dict[str, int]:
        """Add customers or replace those with the same address: `{"added", "replaced"}`."""
        return t.cast("dict[str, int]", self._object("POST", "customers", {"customers": customers}))

    def customers(self) -> list[dict[str, t.Any]]:
        """Every customer (mail_address, fields, status, groups, step_plans, updated_at)."""
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "customers")["customers"])

    def set_fields(self, fields: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """Replace the database fields (`[{id, name, type, required}]`); returns them."""
        body = self._object("POST", "fields", {"fields": fields})
        return t.cast("list[dict[str, t.Any]]", body["fields"])

    def fields(self) -> list[dict[str, t.Any]]:
        """The database fields."""
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "fields")["fields"])

    def imports(self) -> list[dict[str, t.Any]]:
        """Every import: parameters, state, counts, failed/other rows, upload hash and bytes."""
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "imports")["imports"])

    def written(self) -> list[dict[str, t.Any]]:
        """The write log, oldest first: one entry per customer row an import wrote (成功).

        Each entry: `seq`, `resource` (`customers`), `key` (`{"mail_address"}` lower-cased,
        as 配配メール matches addresses), `operation` (create | update | delete: a new
        address, an overwrite or status change, a deletion), `call` (the `import_id`),
        `record` (the row as uploaded, by header) and `answer_lost` (`timeout` when an
        injected stall held back the upload's answer or the status call that applied the
        import; else None). 失敗 and その他 rows wrote nothing and are not in it.
        """
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "written")["written"])
