"""One connection to a 配配メール account per process, the same for the tap and the target.

Every call is charged, before it is made, to the persisted ledger under its own API's key
(the quota is 240 calls a day per API, 反応者一覧 per measurement type), and refunded when the
vendor answers with an error (errors are not counted). The ledger lives in the state backend
(`state_dir`, or PostgreSQL), so the tap, the target and every run of the day share one count
per account. Each call names
the API it is charged to; the connection has no API of its own to fall back on.

The calls themselves are vendor protocol, whichever side makes them: the retrieval APIs
(`fetch_rows`, the tap and the target's field list), the CSV bulk import and its result
(`upload_csv`, `import_result`, the target's uploads).
"""

from __future__ import annotations

import typing as t
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests

from haihai_mail_client.apis import CSV_IMPORT, IMPORT_STATUS
from haihai_mail_client.errors import (
    HAIHAI_RETRY_RULES,
    HTTP_TOO_MANY_REQUESTS,
    HaihaiError,
    HaihaiPlanNotSupported,
    fatal_error,
    haihai_error,
)
from haihai_mail_client.settings import BRIDGE_PLAN
from singer_commons.connection import VendorConnection, json_body, retry_sleep
from singer_commons.csvcodec import charset_of, decode_csv, read_csv_rows
from singer_commons.errors import VendorQuotaExhausted
from singer_commons.gate import ANSWERED_ERRORS, CallGate
from singer_commons.ledger import CallLedger
from singer_commons.multipart import MultipartFileBody
from singer_commons.retry import RetryPolicy

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path

    T = t.TypeVar("T")

    from haihai_mail_client.apis import HaihaiApi
    from haihai_mail_client.settings import HaihaiConnectionSettings

# ASSUMED: seed 001 says only that API連携 authenticates with the account's API token.
TOKEN_FIELD = "api_token"  # noqa: S105 - the form field's name, not a secret
# The file part's name in jawhm/local public_html/haihai/sendhaihai.php (older interface).
CSV_FILE_FIELD = "csvfile"
HTTP_ERROR_THRESHOLD = 400


class ApiNotNamed(CallGate):
    """The connection's own gate: it admits nothing, since 配配メール counts calls per API.

    A call sent without the gate of its API (see `HaihaiConnection.post`) would be charged
    to no API, or to the wrong one; it is refused before it is made.
    """

    def __init__(self) -> None:
        super().__init__("no API named")

    def run(self, call: Callable[[], T]) -> T:
        """Refuse the call.

        Raises:
            TypeError: always; the caller must name the API it charges.
        """
        del call
        msg = "every 配配メール call names the API it is charged to (send it with gate=...)"
        raise TypeError(msg)


def account_name(base_url: str) -> str:
    """The ledger's account name: the host, which identifies a 配配メール account."""
    parts = urlsplit(base_url)
    return f"haihai-{parts.netloc}{parts.path.rstrip('/')}"


class HaihaiConnection(VendorConnection):
    """Authenticated, budgeted, retried calls to the 配配メール APIs of one account."""

    def __init__(
        self, settings: HaihaiConnectionSettings, *, sleep: Callable[[float], None] | None = None
    ) -> None:
        """Create the connection from the plugin's connection settings."""
        self.settings = settings
        self.base_url = settings.base_url
        self._token = settings.api_token
        self.ledger = CallLedger(
            settings.state,
            account=account_name(self.base_url),
            timezone=settings.time_zone.key,
            default_budget=settings.daily_call_budget,
        )
        self._gates: dict[str, CallGate] = {}
        super().__init__(
            gate=ApiNotNamed(),
            retry=RetryPolicy(HAIHAI_RETRY_RULES, sleep=sleep or retry_sleep()),
            timeout=settings.request_timeout,
        )

    def _gate(self, ledger_key: str) -> CallGate:
        """The gate of one ledger key; errors the vendor answered are refunded."""
        if ledger_key not in self._gates:
            self._gates[ledger_key] = CallGate(
                ledger_key, ledger=self.ledger, uncounted_codes=ANSWERED_ERRORS
            )
        return self._gates[ledger_key]

    def url(self, api: HaihaiApi) -> str:
        """The URL of an API: base_url + its (configurable) path."""
        return self.base_url + self.settings.path(api)

    def available(self, api: HaihaiApi) -> bool:
        """Whether the account's plan has the API (Bridge-only APIs need the Bridge plan)."""
        return not api.bridge_only or self.settings.plan == BRIDGE_PLAN

    def authorize(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Send the token as a Bearer header too (it is also a form field of every call)."""
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def check_response(self, response: requests.Response) -> None:
        """Raise `HaihaiError` for an HTTP error status."""
        if response.status_code >= HTTP_ERROR_THRESHOLD:
            raise haihai_error(response)

    def post(
        self,
        api: HaihaiApi,
        fields: Mapping[str, str] | None = None,
        *,
        measurement_type: str | None = None,
    ) -> requests.Response:
        """Call a form-encoded API once (retrying transient failures); the checked response.

        Raises:
            DailyBudgetExhausted: before the call, when today's budget of the API is spent.
            VendorQuotaExhausted: 配配メール answered 429 (the quota is marked spent).
            FatalConnectorError: an unknown token, a refused IP, an API the plan lacks.
            HaihaiError: any other error the vendor answered.
        """
        self._require_plan(api)
        request = requests.Request(
            "POST", self.url(api), data={TOKEN_FIELD: self._token, **(fields or {})}
        )
        ledger_key = api.ledger_key(measurement_type)
        with self._vendor_errors(api, ledger_key):
            return self.send(request, gate=self._gate(ledger_key))

    def fetch_rows(
        self,
        api: HaihaiApi,
        fields: Mapping[str, str] | None = None,
        *,
        measurement_type: str | None = None,
    ) -> Iterator[dict[str, str]]:
        """Call a retrieval API and read its CSV answer as {Japanese column: cell} rows."""
        response = self.post(api, fields, measurement_type=measurement_type)
        text = decode_csv(
            response.content,
            self.settings.csv_format,
            charset=charset_of(response.headers.get("Content-Type")),
        )
        return read_csv_rows(text)

    def upload_csv(
        self, path: Path, fields: Mapping[str, str], *, filename: str
    ) -> tuple[dict[str, t.Any], bool]:
        """Upload a CSV file to the bulk register/delete/status-change API.

        The file is streamed from disk; a retry (after a timeout, a dropped connection or a
        5xx) streams it again. Returns the vendor's JSON answer and whether an earlier
        attempt may have been applied already (see `VendorConnection.send_write`).
        """
        self._require_plan(CSV_IMPORT)
        content_type = f"text/csv; charset={self.settings.csv_format.http_charset}"

        def prepare() -> requests.PreparedRequest:
            body = MultipartFileBody(
                {TOKEN_FIELD: self._token, **fields},
                file_field=CSV_FILE_FIELD,
                path=path,
                filename=filename,
                file_content_type=content_type,
            )
            request = requests.Request(
                "POST", self.url(CSV_IMPORT), data=body, headers={"Content-Type": body.content_type}
            )
            return self.session.prepare_request(request)

        with self._vendor_errors(CSV_IMPORT, CSV_IMPORT.key):
            response, ambiguous = self.send_write(prepare, gate=self._gate(CSV_IMPORT.key))
        return json_body(response), ambiguous

    def import_result(self, import_id: str) -> dict[str, t.Any]:
        """The processing state and per-row results of an upload (one status call)."""
        return t.cast(
            "dict[str, t.Any]", json_body(self.post(IMPORT_STATUS, {"import_id": import_id}))
        )

    def _require_plan(self, api: HaihaiApi) -> None:
        if not self.available(api):
            msg = (
                f"{api.japanese_name} ({api.key}) is only available on the Bridge plan; "
                f"plan is {self.settings.plan}."
            )
            raise HaihaiPlanNotSupported(msg)

    @contextmanager
    def _vendor_errors(self, api: HaihaiApi, ledger_key: str) -> Iterator[None]:
        """Turn a 429, a 401 or a 403 into the clear stop each one calls for."""
        try:
            yield
        except HaihaiError as exc:
            name = f"{api.japanese_name} ({ledger_key})"
            if exc.status == HTTP_TOO_MANY_REQUESTS:
                self.ledger.exhaust(ledger_key)
                msg = (
                    f"配配メール says the daily quota of {name} is spent (HTTP 429: "
                    f"{exc.detail}); it resets at {self.ledger.resets_at().isoformat()}. "
                    "Re-run after that time to resume."
                )
                raise VendorQuotaExhausted(msg) from exc
            if fatal := fatal_error(exc, name):
                raise fatal from exc
            raise
