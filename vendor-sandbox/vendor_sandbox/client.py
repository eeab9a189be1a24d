"""`SandboxClient`: thin wrappers over the control endpoints, for tests and scripts.

Standard library only (urllib), so anything that can start the sandbox can also drive it.
"""

from __future__ import annotations

import json
import typing as t
import urllib.error
import urllib.request
from datetime import datetime
from urllib.parse import urlencode

CONTROL_PREFIX = "/_sandbox"


class SandboxControlError(RuntimeError):
    """The sandbox refused a control call; the message is the sandbox's own explanation."""


class SandboxClient:
    """Calls the control API of a running sandbox.

    Attributes:
        base_url: `http://host:port` of the sandbox.
        marketo_url: The Marketo API base URL, what a plugin's `base_url` points at.
        keap_url: The Keap REST v1 base URL (`.../keap/crm/rest/v1`), a plugin's `base_url`.
        keap_token_url: Keap's OAuth token endpoint, a plugin's `token_url`.
        keap_xmlrpc_url: Keap's XML-RPC endpoint (`.../keap/crm/xmlrpc/v1`), see the property.
        haihai_url: The 配配メール account URL (`.../haihai`), a plugin's `base_url`: every
            API is `POST {haihai_url}/?ac=<Action>`.
        satori_url: The SATORI customer API base (`.../satori/api/v4/public`), a plugin's
            `base_url`.
    """

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.marketo_url = f"{self.base_url}/marketo"
        self.keap_url = f"{self.base_url}/keap/crm/rest/v1"
        self.keap_token_url = f"{self.base_url}/keap/token"
        self.haihai_url = f"{self.base_url}/haihai"
        self.satori_url = f"{self.base_url}/satori/api/v4/public"
        self.timeout = timeout

    @property
    def keap_xmlrpc_url(self) -> str:
        """Keap's XML-RPC endpoint, what an `xmlrpc.client.ServerProxy` is pointed at."""
        return f"{self.base_url}/keap/crm/xmlrpc/v1"

    def _call(self, method: str, path: str, body: dict[str, t.Any] | None = None) -> t.Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - the URL is the sandbox's own http URL
            f"{self.base_url}{CONTROL_PREFIX}{path}",
            data=data,
            headers={"Content-Type": "application/json"},
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.load(response)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace")
            msg = f"{method} {path} failed with HTTP {exc.code}: {detail}"
            raise SandboxControlError(msg) from None

    def reset(self) -> None:
        """Reset every vendor: data, settings, tokens, counters and faults."""
        self._call("POST", "/reset", {})

    def marketo_configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change Marketo settings (client_id, token_ttl, rate_limit_calls, crm_sync, ...)."""
        return t.cast("dict[str, t.Any]", self._call("POST", "/marketo/configure", settings))

    def marketo_seed(
        self,
        opportunities: int,
        roles_per_opportunity: int = 0,
        custom_fields: dict[str, t.Any] | None = None,
    ) -> dict[str, t.Any]:
        """Replace Marketo's data with lazily seeded opportunities and roles."""
        body: dict[str, t.Any] = {
            "opportunities": opportunities,
            "roles_per_opportunity": roles_per_opportunity,
        }
        if custom_fields is not None:
            body["custom_fields"] = custom_fields
        return t.cast("dict[str, t.Any]", self._call("POST", "/marketo/seed", body))

    def _fault(self, vendor: str, **fields: t.Any) -> dict[str, t.Any]:
        body = {name: value for name, value in fields.items() if value is not None}
        if body.get("code") is not None:
            body["code"] = str(body["code"])
        return t.cast("dict[str, t.Any]", self._call("POST", f"/{vendor}/faults", body))

    def marketo_fault(
        self,
        kind: str,
        count: int = 1,
        code: str | int | None = None,
        path: str | None = None,
        after: int = 0,
        *,
        seconds: float | None = None,
        status: int | None = None,
    ) -> dict[str, t.Any]:
        """Queue a fault on Marketo's API calls (see the README for the kinds)."""
        return self._fault(
            "marketo",
            kind=kind,
            count=count,
            code=code,
            path=path,
            after=after,
            seconds=seconds,
            status=status,
        )

    def marketo_counters(self) -> dict[str, t.Any]:
        """Calls, calls per endpoint, errors per code, faults injected, peaks, quota used."""
        return t.cast("dict[str, t.Any]", self._call("GET", "/marketo/counters"))

    def marketo_records(
        self, object: str = "opportunities", offset: int = 0, limit: int | None = None
    ) -> list[dict[str, t.Any]]:
        """Records Marketo holds (`opportunities` or `roles`), in index order."""
        params: dict[str, int] = {"offset": offset}
        if limit is not None:
            params["limit"] = limit
        body = self._call("GET", f"/marketo/records/{object}?{urlencode(params)}")
        return t.cast("list[dict[str, t.Any]]", body["records"])

    def keap_configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change Keap settings (token_ttl, throttle_limit, quota_limit, quota_used, ...)."""
        return t.cast("dict[str, t.Any]", self._call("POST", "/keap/configure", settings))

    def keap_seed(self, **counts: int) -> dict[str, t.Any]:
        """Replace Keap's data: records per resource, e.g. `contacts=2500, default=3`."""
        return t.cast("dict[str, t.Any]", self._call("POST", "/keap/seed", counts))

    def keap_touch(self, resource: str, ids: list[int]) -> list[dict[str, t.Any]]:
        """Edit records by id (their timestamp becomes now); returns the new records."""
        body = self._call("POST", "/keap/touch", {"resource": resource, "ids": ids})
        return t.cast("list[dict[str, t.Any]]", body[resource])

    def keap_create(
        self, resource: str, count: int, fields: dict[str, t.Any] | None = None
    ) -> list[dict[str, t.Any]]:
        """Add records at the end of a resource, stamped now; returns them.

        `fields` replace seeded values, e.g. `{"email_addresses": []}`: a contact without email.
        """
        payload: dict[str, t.Any] = {"resource": resource, "count": count}
        if fields is not None:
            payload["fields"] = fields
        body = self._call("POST", "/keap/create", payload)
        return t.cast("list[dict[str, t.Any]]", body[resource])

    def keap_delete(self, resource: str, ids: list[int]) -> list[int]:
        """Delete records by id, as a Keap user would (gone from lists and `/{id}`)."""
        body = self._call("POST", "/keap/delete", {"resource": resource, "ids": ids})
        return t.cast("list[int]", body[resource])

    def keap_custom_fields(self, **models: list[dict[str, t.Any]]) -> dict[str, t.Any]:
        """Replace the custom fields of models, e.g. `contacts=[{"label", "field_type"}]`."""
        return t.cast("dict[str, t.Any]", self._call("POST", "/keap/custom_fields", models))

    def keap_fault(
        self,
        kind: str,
        count: int = 1,
        code: str | int | None = None,
        path: str | None = None,
        after: int = 0,
        *,
        seconds: float | None = None,
        status: int | None = None,
    ) -> dict[str, t.Any]:
        """Queue a fault on Keap's API calls (error_code "401" or "429"; see the README)."""
        return self._fault(
            "keap",
            kind=kind,
            count=count,
            code=code,
            path=path,
            after=after,
            seconds=seconds,
            status=status,
        )

    def keap_expire_tokens(self) -> dict[str, t.Any]:
        """Expire every access token Keap has issued."""
        return t.cast("dict[str, t.Any]", self._call("POST", "/keap/expire_tokens", {}))

    def keap_counters(self) -> dict[str, t.Any]:
        """Calls, per path template, per status, token calls, rejected refreshes, 429s, faults."""
        return t.cast("dict[str, t.Any]", self._call("GET", "/keap/counters"))

    def keap_records(
        self, resource: str, offset: int = 0, limit: int | None = None
    ) -> list[dict[str, t.Any]]:
        """Records a Keap resource holds, in id order."""
        params: dict[str, int] = {"offset": offset}
        if limit is not None:
            params["limit"] = limit
        body = self._call("GET", f"/keap/records/{resource}?{urlencode(params)}")
        return t.cast("list[dict[str, t.Any]]", body["records"])

    def keap_xmlrpc_seed(self, **counts: int) -> dict[str, int]:
        """Replace Keap's XML-RPC data: rows per table, e.g. `Contact=2500, Invoice=3`.

        Tables left out get their default count; `saved_search_rows=n` makes saved search 1
        return `n` generated rows (to page past 1,000). Returns the counts seeded.
        """
        body = self._call("POST", "/keap/xmlrpc_seed", counts)
        return t.cast("dict[str, int]", body["counts"])

    def keap_xmlrpc_touch(self, table: str, ids: list[int]) -> list[dict[str, t.Any]]:
        """Edit rows by Id (LastUpdated becomes now in America/New_York); returns them."""
        body = self._call("POST", "/keap/xmlrpc_touch", {"table": table, "ids": ids})
        return t.cast("list[dict[str, t.Any]]", body[table])

    def keap_xmlrpc_create(self, table: str, count: int = 1) -> list[dict[str, t.Any]]:
        """Add rows at the end of a table, created and last updated now; returns them."""
        body = self._call("POST", "/keap/xmlrpc_create", {"table": table, "count": count})
        return t.cast("list[dict[str, t.Any]]", body[table])

    def keap_xmlrpc_rows(self, table: str) -> list[dict[str, t.Any]]:
        """Every row of an XML-RPC table, every field (null when empty, datetimes as ISO)."""
        body = self._call("GET", f"/keap/xmlrpc_rows/{table}")
        return t.cast("list[dict[str, t.Any]]", body["rows"])

    def keap_xmlrpc_fault(self, fault: str, method: str = "*", count: int = 1) -> dict[str, t.Any]:
        """Queue an XML-RPC fault on a method (`*`: any method).

        Kinds: `query_too_long`, `saved_search_blocked`, `database_error`, `invalid_key`.
        """
        body = {"method": method, "fault": fault, "count": count}
        return t.cast("dict[str, t.Any]", self._call("POST", "/keap/xmlrpc_faults", body))

    def _haihai(self, method: str, action: str, body: dict[str, t.Any] | None = None) -> t.Any:
        return self._call(method, f"/haihai/{action}", body)

    def haihai_settings(self) -> dict[str, t.Any]:
        """配配メール's current settings (with `effective_daily_quota`)."""
        return t.cast("dict[str, t.Any]", self._haihai("GET", "configure")["settings"])

    def haihai_configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change 配配メール settings (plan, daily_quota, allowed_ips, csv_encoding, ...)."""
        return t.cast("dict[str, t.Any]", self._haihai("POST", "configure", settings)["settings"])

    def haihai_clock(self) -> dict[str, t.Any]:
        """The account's clock: `{"now": ISO in JST, "day": quota day, "frozen": bool}`."""
        return t.cast("dict[str, t.Any]", self._haihai("GET", "clock"))

    def haihai_set_clock(self, now: datetime | str) -> dict[str, t.Any]:
        """Freeze the account's clock at an aware time (ISO 8601 with offset when a string)."""
        moment = now.isoformat() if isinstance(now, datetime) else now
        return t.cast("dict[str, t.Any]", self._haihai("POST", "clock", {"now": moment}))

    def haihai_advance_clock(self, seconds: float) -> dict[str, t.Any]:
        """Move the account's clock forward (e.g. past 0:00 JST, or past the 10-day expiry)."""
        body = {"advance_seconds": seconds}
        return t.cast("dict[str, t.Any]", self._haihai("POST", "clock", body))

    def haihai_seed(
        self, days: int | None = None, customers: int | None = None
    ) -> dict[str, t.Any]:
        """Replace the account's data with the default seed dated from its clock's today."""
        body = {"days": days, "customers": customers}
        present = {name: value for name, value in body.items() if value is not None}
        return t.cast("dict[str, t.Any]", self._haihai("POST", "seed", present))

    def haihai_add_events(
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
        return t.cast("dict[str, int]", self._haihai("POST", "events", body)["added"])

    def haihai_put_customers(self, customers: list[dict[str, t.Any]]) -> dict[str, int]:
        """Add customers or replace those with the same address: `{"added", "replaced"}`."""
        return t.cast("dict[str, int]", self._haihai("POST", "customers", {"customers": customers}))

    def haihai_customers(self) -> list[dict[str, t.Any]]:
        """Every customer (mail_address, fields, status, groups, step_plans, updated_at)."""
        return t.cast("list[dict[str, t.Any]]", self._haihai("GET", "customers")["customers"])

    def haihai_set_fields(self, fields: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """Replace the database fields (`[{id, name, type, required}]`); returns them."""
        body = self._haihai("POST", "fields", {"fields": fields})
        return t.cast("list[dict[str, t.Any]]", body["fields"])

    def haihai_fields(self) -> list[dict[str, t.Any]]:
        """The database fields."""
        return t.cast("list[dict[str, t.Any]]", self._haihai("GET", "fields")["fields"])

    def haihai_imports(self) -> list[dict[str, t.Any]]:
        """Every import: parameters, state, counts, failed/other rows, upload hash and bytes."""
        return t.cast("list[dict[str, t.Any]]", self._haihai("GET", "imports")["imports"])

    def haihai_counters(self) -> dict[str, t.Any]:
        """Calls per action and status, successful calls per API per JST day, uploads, polls."""
        return t.cast("dict[str, t.Any]", self._haihai("GET", "counters"))

    def haihai_fault(
        self,
        kind: str,
        count: int = 1,
        code: str | None = None,
        path: str | None = None,
        after: int = 0,
        *,
        seconds: float | None = None,
        status: int | None = None,
    ) -> dict[str, t.Any]:
        """Queue a fault on 配配メール calls; `path` matches the action (`GetOpenMail`)."""
        return self._fault(
            "haihai",
            kind=kind,
            count=count,
            code=code,
            path=path,
            after=after,
            seconds=seconds,
            status=status,
        )

    def _satori(self, method: str, action: str, body: dict[str, t.Any] | None = None) -> t.Any:
        return self._call(method, f"/satori/{action}", body)

    def satori_settings(self) -> dict[str, t.Any]:
        """SATORI's current settings (the four keys, envelope, http_200_errors, ...)."""
        return t.cast("dict[str, t.Any]", self._satori("GET", "settings")["settings"])

    def satori_configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change SATORI settings (envelope, http_200_errors, row_numbering, keys, ...)."""
        return t.cast("dict[str, t.Any]", self._satori("POST", "configure", settings)["settings"])

    def satori_clock(self) -> dict[str, t.Any]:
        """The company's clock: `{"now": ISO in JST, "frozen": bool}`."""
        return t.cast("dict[str, t.Any]", self._satori("GET", "clock"))

    def satori_set_clock(self, now: datetime | str) -> dict[str, t.Any]:
        """Freeze the company's clock at an aware time (ISO 8601 with offset when a string)."""
        moment = now.isoformat() if isinstance(now, datetime) else now
        return t.cast("dict[str, t.Any]", self._satori("POST", "clock", {"now": moment}))

    def satori_advance_clock(self, seconds: float) -> dict[str, t.Any]:
        """Move the company's clock forward (e.g. past a bulk job's 7-day retention)."""
        body = {"advance_seconds": seconds}
        return t.cast("dict[str, t.Any]", self._satori("POST", "clock", body))

    def satori_customers(self) -> list[dict[str, t.Any]]:
        """Every customer as a flat record (`custom:<key>` for custom fields), in id order."""
        return t.cast("list[dict[str, t.Any]]", self._satori("GET", "customers")["customers"])

    def satori_put_customers(self, customers: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """Add customers (`{email, hashcode?, fields, custom, tags, ...}`); returns them stored."""
        body = self._satori("POST", "customers", {"customers": customers})
        return t.cast("list[dict[str, t.Any]]", body["customers"])

    def satori_fields(self) -> list[dict[str, t.Any]]:
        """The custom field definitions (`[{key, label, unique}]`)."""
        return t.cast("list[dict[str, t.Any]]", self._satori("GET", "fields")["fields"])

    def satori_set_fields(self, fields: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """Replace the custom field definitions; returns them."""
        body = self._satori("POST", "fields", {"fields": fields})
        return t.cast("list[dict[str, t.Any]]", body["fields"])

    def satori_extra_standard_fields(self) -> dict[str, str]:
        """The company's standard fields beyond the public keys (key → Japanese name)."""
        body = self._satori("GET", "extra_standard_fields")
        return t.cast("dict[str, str]", body["extra_standard_fields"])

    def satori_set_extra_standard_fields(self, fields: dict[str, str]) -> dict[str, str]:
        """Give the company these standard fields beyond the public keys; returns them."""
        body = self._satori("POST", "extra_standard_fields", {"extra_standard_fields": fields})
        return t.cast("dict[str, str]", body["extra_standard_fields"])

    def satori_bulk_jobs(self) -> list[dict[str, t.Any]]:
        """Every bulk job: header, rows, status, status calls, failed rows, upload bytes/hash."""
        return t.cast("list[dict[str, t.Any]]", self._satori("GET", "bulk_jobs")["bulk_jobs"])

    def satori_counters(self) -> dict[str, t.Any]:
        """Calls per endpoint and per status, auth failures, faults injected."""
        return t.cast("dict[str, t.Any]", self._satori("GET", "counters"))

    def satori_fault(self, kind: str, **options: t.Any) -> dict[str, t.Any]:
        """Queue a fault on SATORI calls (`count`, `code`, `path`, `after`, `seconds`, `status`).

        `code` of an `error_code` fault is the HTTP status of the vendor error (e.g. 429);
        `path` is a substring of the API path (`bulk_customers/status`).
        """
        return self._fault("satori", kind=kind, **options)

    def mail_messages(self) -> list[dict[str, t.Any]]:
        """Mails the SMTP sink received, oldest first.

        Each is `{mail_from, recipients, subject, from, to, body, authenticated_user, tls,
        received_at}`, `body` being the text/plain part decoded (LF line ends).
        """
        return t.cast("list[dict[str, t.Any]]", self._call("GET", "/mail/messages")["messages"])

    def mail_clear(self) -> int:
        """Forget every mail the sink received; returns how many there were."""
        return t.cast("int", self._call("POST", "/mail/clear", {})["cleared"])

    def mail_settings(self) -> dict[str, t.Any]:
        """Where the sink listens and how: `{host, port, security, username}` (no password)."""
        return t.cast("dict[str, t.Any]", self._call("GET", "/mail/settings"))
