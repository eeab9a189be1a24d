"""Helpers to call the Keap emulator over real HTTP, as a plugin would, and a manual clock.

A uniquely named module (not conftest) so test modules can import it without clashing
with the other conftest.py files of the monorepo.
"""

from __future__ import annotations

import base64
import threading
import typing as t
from datetime import UTC, datetime, timedelta

import requests

CLIENT_ID = "sandbox-keap-client"
CLIENT_SECRET = "sandbox-keap-secret"
INITIAL_REFRESH = "sandbox-keap-refresh-0"
API_KEY = "sandbox-keap-api-key"
START = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)


class ManualClock:
    """A clock that only moves when a test says so (monotonic and UTC move together)."""

    def __init__(self, start: datetime = START) -> None:
        self._start = start
        self._seconds = 0.0
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self._seconds

    def utc_now(self) -> datetime:
        return self._start + timedelta(seconds=self.monotonic())

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._seconds += seconds


def epoch_millis(moment: datetime) -> str:
    """A time as Keap's `x-keap-product-quota-expiry-time` header writes it."""
    return str(round(moment.timestamp() * 1000))


def basic(client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


class KeapApi:
    """A minimal Keap REST client: refresh-token grant, then Bearer (or an API key)."""

    def __init__(self, api_url: str, token_url: str) -> None:
        self.api_url = api_url
        self.token_url = token_url
        self.session = requests.Session()
        self.refresh_token = INITIAL_REFRESH
        self._token: str | None = None

    def refresh(
        self, refresh_token: str | None = None, *, authorization: str | None = None, **form: str
    ) -> requests.Response:
        data = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token or self.refresh_token,
            **form,
        }
        return self.session.post(
            self.token_url,
            data=data,
            headers={"Authorization": authorization or basic()},
            timeout=10,
        )

    @property
    def token(self) -> str:
        if self._token is None:
            body = self.refresh().json()
            self._token, self.refresh_token = body["access_token"], body["refresh_token"]
        return self._token

    def call(
        self,
        path: str,
        *,
        token: str | None = None,
        api_key: str | None = None,
        method: str = "GET",
        timeout: float = 10,
        **params: t.Any,
    ) -> requests.Response:
        headers = (
            {"X-Keap-API-Key": api_key}
            if api_key is not None
            else {"Authorization": f"Bearer {token or self.token}"}
        )
        return self.session.request(
            method, f"{self.api_url}{path}", headers=headers, params=params, timeout=timeout
        )

    def get(self, path: str, **params: t.Any) -> t.Any:
        response = self.call(path, **params)
        assert response.status_code == 200, response.text
        return response.json()


def fault_of(response: requests.Response) -> tuple[str, str]:
    """The (faultstring, errorcode) of a Keap gateway fault."""
    fault = response.json()["fault"]
    return fault["faultstring"], fault["detail"]["errorcode"]
