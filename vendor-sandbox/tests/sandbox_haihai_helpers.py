"""Helpers to call the 配配メール emulator over real HTTP, as a plugin would.

A uniquely named module (not conftest) so test modules can import it without clashing
with the other conftest.py files of the monorepo.
"""

from __future__ import annotations

import csv
import io
import typing as t
from datetime import date, timedelta

import requests

if t.TYPE_CHECKING:
    from vendor_sandbox.client.haihai import HaihaiControl

TOKEN = "sandbox-haihai-token"
NOON = "2026-03-10T12:00:00+09:00"
DONE = "完了"


class HaihaiApi:
    """A minimal 配配メール client: `POST {base}/?ac=<Action>` with the token in the form."""

    def __init__(self, client: HaihaiControl) -> None:
        self.client = client
        self.url = f"{client.url}/"
        self.session = requests.Session()

    def call(
        self,
        action: str,
        *,
        token: str | None = TOKEN,
        header_token: str | None = None,
        timeout: float = 10,
        **params: str,
    ) -> requests.Response:
        data = dict(params) if token is None else {"api_token": token, **params}
        headers = {} if header_token is None else {"Authorization": f"Bearer {header_token}"}
        return self.session.post(
            self.url, params={"ac": action}, data=data, headers=headers, timeout=timeout
        )

    def upload(
        self,
        body: bytes | str,
        import_type: int = 0,
        *,
        encoding: str = "cp932",
        is_overwrite: int | None = None,
        gid: str = "",
        spid: str = "",
        token: str = TOKEN,
    ) -> requests.Response:
        raw = body.encode(encoding) if isinstance(body, str) else body
        form = {"api_token": token, "import_type": str(import_type), "gid": gid, "spid": spid}
        if is_overwrite is not None:
            form["is_overwrite"] = str(is_overwrite)
        return self.session.post(
            self.url,
            params={"ac": "ScheduleCsvImport"},
            data=form,
            files={"csvfile": ("customers.csv", raw, "text/csv")},
            timeout=60,
        )

    def schedule(self, body: bytes | str, import_type: int = 0, **options: t.Any) -> str:
        response = self.upload(body, import_type, **options)
        assert response.status_code == 200, response.text
        return str(response.json()["import_id"])

    def poll(self, import_id: str) -> dict[str, t.Any]:
        response = self.call("GetCsvImportResult", import_id=import_id, timeout=60)
        assert response.status_code == 200, response.text
        return t.cast("dict[str, t.Any]", response.json())

    def finish(self, import_id: str) -> dict[str, t.Any]:
        """Poll until 完了 (three polls with the default settings)."""
        for _ in range(10):
            answer = self.poll(import_id)
            if answer["state"] == DONE:
                return answer
        raise AssertionError(f"import {import_id} never reached {DONE}")

    def imported(self, body: bytes | str, import_type: int = 0, **options: t.Any) -> dict:
        """Upload, then poll to 完了: the final status answer."""
        return self.finish(self.schedule(body, import_type, **options))

    def table(self, action: str, encoding: str = "cp932", **params: str) -> list[list[str]]:
        """A retrieval API's CSV answer, decoded and parsed (header first)."""
        response = self.call(action, **params)
        assert response.status_code == 200, response.text
        return rows_of(response.content, encoding)


def rows_of(content: bytes, encoding: str = "cp932") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding), newline="")))


def error_of(response: requests.Response) -> tuple[int, str]:
    """(HTTP status, vendor code) of an error answer, after checking its JSON shape."""
    body = response.json()
    assert body["status"] == "error"
    assert body["message"]
    return response.status_code, body["code"]


def day_before(client: HaihaiControl, days: int = 1) -> str:
    """`YYYYMMDD` of the day `days` before the account's JST today."""
    today = date.fromisoformat(client.clock()["day"])
    return f"{today - timedelta(days=days):%Y%m%d}"


def csv_text(*rows: str, ending: str = "\r\n") -> str:
    return ending.join(rows) + ending
