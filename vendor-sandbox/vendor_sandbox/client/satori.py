"""`SatoriControl`: the SATORI emulator's control endpoints (`/_sandbox/satori/...`)."""

from __future__ import annotations

import typing as t

from vendor_sandbox.client.base import ClockedVendorControl


class SatoriControl(ClockedVendorControl):
    """Drives a SATORI company: settings, clock, customers, field definitions, bulk jobs.

    A fault's `code` (kind `error_code`) is the HTTP status of the vendor error (e.g. 429);
    its `path` is a substring of the API path (`bulk_customers/status`).

    Attributes:
        url: The customer API base (`.../satori/api/v4/public`), a plugin's `base_url`.
    """

    prefix = "/satori"
    api_path = "/satori/api/v4/public"

    def settings(self) -> dict[str, t.Any]:
        """The current settings (the four keys, envelope, http_200_errors, ...)."""
        return t.cast("dict[str, t.Any]", self._object("GET", "settings")["settings"])

    def configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change settings (envelope, http_200_errors, row_numbering, keys, ...)."""
        return t.cast("dict[str, t.Any]", self._object("POST", "configure", settings)["settings"])

    def customers(self) -> list[dict[str, t.Any]]:
        """Every customer as a flat record (`custom:<key>` for custom fields), in id order."""
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "customers")["customers"])

    def put_customers(self, customers: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """Add customers (`{email, hashcode?, fields, custom, tags, ...}`); returns them stored."""
        body = self._object("POST", "customers", {"customers": customers})
        return t.cast("list[dict[str, t.Any]]", body["customers"])

    def fields(self) -> list[dict[str, t.Any]]:
        """The custom field definitions (`[{key, label, unique}]`)."""
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "fields")["fields"])

    def set_fields(self, fields: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """Replace the custom field definitions; returns them."""
        body = self._object("POST", "fields", {"fields": fields})
        return t.cast("list[dict[str, t.Any]]", body["fields"])

    def extra_standard_fields(self) -> dict[str, str]:
        """The company's standard fields beyond the public keys (key → Japanese name)."""
        body = self._object("GET", "extra_standard_fields")
        return t.cast("dict[str, str]", body["extra_standard_fields"])

    def set_extra_standard_fields(self, fields: dict[str, str]) -> dict[str, str]:
        """Give the company these standard fields beyond the public keys; returns them."""
        body = self._object("POST", "extra_standard_fields", {"extra_standard_fields": fields})
        return t.cast("dict[str, str]", body["extra_standard_fields"])

    def bulk_jobs(self) -> list[dict[str, t.Any]]:
        """Every bulk job: header, rows, status, status calls, failed rows, upload bytes/hash."""
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "bulk_jobs")["bulk_jobs"])

    def written(self) -> list[dict[str, t.Any]]:
        """The write log, oldest first: one entry per customer a call or a bulk row wrote.

        Each entry: `seq`, `resource` (`customers`), `key` (`{"email"}` lower-cased, as
        SATORI matches addresses, or `{"hashcode"}`: how the write named the customer),
        `operation` (create | update | delete), `call` (a single call's number from 1, or
        a bulk job's `process_code`), `record` (a single call's `customer[...]` fields, a
        bulk row by header) and `answer_lost` (`timeout` when an injected stall held back
        the call's answer, or a job's upload or the status call that applied it; else
        None). Refused calls and failed rows wrote nothing and are not in it.
        """
        return t.cast("list[dict[str, t.Any]]", self._object("GET", "written")["written"])
