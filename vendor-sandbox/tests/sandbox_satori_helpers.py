"""Helpers to call the SATORI emulator over real HTTP, as a plugin would.

A uniquely named module (not conftest) so test modules can import it without clashing
with the other conftest.py files of the monorepo.
"""

from __future__ import annotations

import typing as t

import requests

if t.TYPE_CHECKING:
    from vendor_sandbox.client.satori import SatoriControl

KEYS = {
    "user_key": "sandbox-user-key",
    "user_secret": "sandbox-user-secret",
    "company_key": "sandbox-company-key",
    "company_secret": "sandbox-company-secret",
}
NOON = "2026-03-10T12:00:00+09:00"


class SatoriApi:
    """A minimal SATORI client: the four keys as form fields (POST) or query (GET)."""

    def __init__(self, client: SatoriControl, keys: dict[str, str] | None = None) -> None:
        self.client = client
        self.url = client.url
        self.keys = dict(KEYS if keys is None else keys)
        self.session = requests.Session()

    def post(
        self,
        path: str,
        data: dict[str, str] | None = None,
        *,
        files: dict[str, t.Any] | None = None,
        timeout: float = 10,
    ) -> requests.Response:
        return self.session.post(
            f"{self.url}{path}", data={**self.keys, **(data or {})}, files=files, timeout=timeout
        )

    def get(self, path: str, timeout: float = 10, **params: str) -> requests.Response:
        return self.session.get(
            f"{self.url}{path}", params={**self.keys, **params}, timeout=timeout
        )

    def upsert(self, **fields: str) -> requests.Response:
        return self.post("/customer/upsert.json", form(**fields))

    def register(self, **fields: str) -> requests.Response:
        return self.post("/customer/registration.json", form(**fields))

    def delete(self, **fields: str) -> requests.Response:
        return self.post("/customer/delete.json", form(**fields))

    def upload(
        self,
        body: bytes | str,
        identity_type: str | None = "email",
        kind: str = "upsert",
        *,
        file_field: str = "customer_csv_file",
    ) -> requests.Response:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        data = {} if identity_type is None else {"identity_type": identity_type}
        return self.post(
            f"/bulk_customers/{kind}.json",
            data,
            files={file_field: ("customers.csv", raw, "text/csv")},
            timeout=60,
        )

    def schedule(
        self, body: bytes | str, identity_type: str = "email", kind: str = "upsert"
    ) -> str:
        response = self.upload(body, identity_type, kind)
        assert response.status_code == 202, response.text
        return str(payload(response)["process_code"])

    def status(self, process_code: str) -> dict[str, t.Any]:
        response = self.get("/bulk_customers/status.json", process_code=process_code, timeout=60)
        assert response.status_code == 200, response.text
        return payload(response)

    def finish(self, process_code: str) -> dict[str, t.Any]:
        """Call status until `finished` (two calls with the default settings)."""
        for _ in range(10):
            answer = self.status(process_code)
            if answer["process_status"] == "finished":
                return answer
        raise AssertionError(f"job {process_code} never finished")

    def bulk(self, body: bytes | str, identity_type: str = "email", kind: str = "upsert") -> dict:
        """Upload, then call status until finished: the final status payload."""
        return self.finish(self.schedule(body, identity_type, kind))

    def search(self, **params: str) -> dict[str, t.Any]:
        response = self.get("/customer/search.json", **params)
        assert response.status_code == 200, response.text
        return payload(response)


def form(**fields: str) -> dict[str, str]:
    """A single-API form as public callers send it: every name inside `customer[...]`.

    `email="x"` → `customer[email]`, `custom__k` → `customer[custom:k]`,
    `delivery_permission="approval"` → `customer[delivery_permission]`.
    """
    return {f"customer[{name.replace('__', ':')}]": value for name, value in fields.items()}


def payload(response: requests.Response) -> dict[str, t.Any]:
    """The payload of a success answer in the default `body` envelope."""
    body = response.json()
    assert body["status"] == response.status_code
    assert body["message"] in ("OK", "Accepted")
    return t.cast("dict[str, t.Any]", body["body"])


def error_of(response: requests.Response) -> tuple[int, str]:
    """(HTTP status, message) of an error answer, after checking its JSON shape."""
    body = response.json()
    assert body["status"] == response.status_code
    assert set(body) <= {"status", "message", "errors"}
    return response.status_code, body["message"]


def csv_text(*rows: str, ending: str = "\r\n") -> str:
    return ending.join(rows) + ending


def customer(client: SatoriControl, email: str) -> dict[str, t.Any] | None:
    found = [c for c in client.customers() if (c["email"] or "").lower() == email.lower()]
    return found[0] if found else None
