"""The SATORI public API v4: keys in every call, both answer envelopes, errors in the body.

Vendor notes: every call carries `user_key`, `user_secret`, `company_key` and
`company_secret` as form fields (query parameters for the status GET). Answers are JSON with
a `status` and a `message`; the payload sits in `body` in live answers and in `message` in
SATORI's documentation examples, so both are read. Some answers report an error with HTTP 200
and only the body's `status` says so; both places are checked.

The calls are vendor protocol: single upserts and deletes (`post_form`), the bulk upload
(`upload_csv`) and its status (`bulk_status`). What is sent (the single API's form, the bulk
CSV) and when is the target's logic.
"""

from __future__ import annotations

import typing as t

import requests

from satori_client.api import BULK_STATUS, BULK_UPSERT, CSV_FILE_FIELD
from satori_client.errors import (
    HTTP_ERROR_THRESHOLD,
    HTTP_FORBIDDEN,
    HTTP_UNAUTHORIZED,
    SATORI_RETRY_RULES,
    SatoriError,
    SatoriKeysRejected,
)
from singer_commons.connection import VendorConnection, json_body, retry_sleep
from singer_commons.errors import error_from_http_response
from singer_commons.gate import CallGate
from singer_commons.multipart import MultipartFileBody
from singer_commons.retry import RetryPolicy

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from satori_client.settings import SatoriConnectionSettings


def payload(answer: t.Any) -> dict[str, t.Any]:
    """The payload of an answer, whichever envelope carries it (`body`, `message` or none)."""
    if isinstance(answer, dict):
        for key in ("body", "message"):
            if isinstance(answer.get(key), dict):
                return t.cast("dict[str, t.Any]", answer[key])
        return t.cast("dict[str, t.Any]", answer)
    return {}


def _answer_status(answer: t.Any) -> int | None:
    status = answer.get("status") if isinstance(answer, dict) else None
    if isinstance(status, int) and not isinstance(status, bool):
        return status
    if isinstance(status, str) and status.isdigit():
        return int(status)
    return None


def _vendor_message(answer: t.Any, fallback: str) -> str:
    if isinstance(answer, dict):
        message = answer.get("message")
        errors = answer.get("errors")
        parts = [message] if isinstance(message, str) and message else []
        if isinstance(errors, list):
            parts += [str(error) for error in errors]
        if parts:
            return "; ".join(parts)
    return fallback


class SatoriConnection(VendorConnection):
    """Calls to one SATORI company with its keys, retries of transient failures."""

    def __init__(
        self, settings: SatoriConnectionSettings, *, sleep: Callable[[float], None] | None = None
    ) -> None:
        """Create the connection from the plugin's connection settings."""
        self.base_url = settings.base_url
        self._keys = dict(settings.keys)
        super().__init__(
            gate=CallGate("satori"),
            retry=RetryPolicy(SATORI_RETRY_RULES, sleep=sleep or retry_sleep()),
            timeout=settings.request_timeout,
        )

    def url(self, path: str) -> str:
        """The URL of an API path below base_url."""
        return f"{self.base_url}/{path}"

    def check_response(self, response: requests.Response) -> None:
        """Raise for an HTTP error status or an error status in an HTTP 200 body.

        Raises:
            SatoriKeysRejected: SATORI refused the keys (401/403): only the user can fix it.
            SatoriError: any other error SATORI answered.
        """
        try:
            answer = json_body(response)
        except ValueError:
            answer = None
        status = response.status_code
        if status < HTTP_ERROR_THRESHOLD:
            body_status = _answer_status(answer)
            if body_status is None or body_status < HTTP_ERROR_THRESHOLD:
                return
            status = body_status
        base = error_from_http_response(response)
        message = _vendor_message(answer, base.message)
        if status in {HTTP_UNAUTHORIZED, HTTP_FORBIDDEN}:
            msg = (
                f"SATORI refused the API keys (HTTP {status}: {message}); check user_key, "
                "user_secret, company_key and company_secret (SATORI's admin screen → API keys)"
            )
            raise SatoriKeysRejected(msg)
        raise SatoriError(status, message, answer, base)

    def post_form(self, path: str, fields: Mapping[str, str]) -> dict[str, t.Any]:
        """POST a form with the keys; the payload of the answer.

        Single-record writes are idempotent upserts or deletes, so a retry after an
        ambiguous failure (timeout, dropped connection, 5xx) does no harm.
        """
        request = requests.Request("POST", self.url(path), data={**self._keys, **fields})
        return payload(json_body(self.send(request)))

    def upload_csv(self, path: Path, identity_type: str) -> dict[str, t.Any]:
        """Upload a bulk CSV (streamed from disk, again on a retry); the answer's payload."""

        def prepare() -> requests.PreparedRequest:
            body = MultipartFileBody(
                {**self._keys, "identity_type": identity_type},
                file_field=CSV_FILE_FIELD,
                path=path,
                filename=path.name,
                file_content_type="text/csv; charset=utf-8",
            )
            request = requests.Request(
                "POST",
                self.url(BULK_UPSERT),
                data=body,
                headers={"Content-Type": body.content_type},
            )
            return self.session.prepare_request(request)

        response, _ = self.send_write(prepare)
        return payload(json_body(response))

    def bulk_status(self, process_code: str) -> dict[str, t.Any]:
        """The processing status of a bulk upload (GET, keys as query parameters)."""
        params = {**self._keys, "process_code": process_code}
        request = requests.Request("GET", self.url(BULK_STATUS), params=params)
        return payload(json_body(self.send(request)))
