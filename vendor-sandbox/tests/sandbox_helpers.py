"""Helpers to call the Marketo emulator over real HTTP, as a plugin would.

A uniquely named module (not conftest) so test modules can import it without clashing
with the other conftest.py files of the monorepo.
"""

from __future__ import annotations

import typing as t

import requests

CLIENT_ID = "sandbox-client-id"
CLIENT_SECRET = "sandbox-client-secret"
OPPORTUNITIES = "/rest/v1/opportunities.json"
ROLES = "/rest/v1/opportunities/roles.json"


class MarketoApi:
    """A minimal Marketo REST client: token from the identity service, Bearer header."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self._token: str | None = None

    def token_response(self, **params: t.Any) -> requests.Response:
        query = {
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            **params,
        }
        return self.session.get(f"{self.base_url}/identity/oauth/token", params=query, timeout=10)

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = self.token_response().json()["access_token"]
        return self._token

    def request(
        self, method: str, path: str, *, token: str | None = None, **kwargs: t.Any
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {token or self.token}", **kwargs.pop("headers", {})}
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, f"{self.base_url}{path}", headers=headers, **kwargs)

    def get(self, path: str, **params: t.Any) -> dict:
        return self.request("GET", path, params=params).json()

    def post(self, path: str, body: t.Any, **params: t.Any) -> dict:
        return self.request("POST", path, json=body, params=params).json()

    def query(self, path: str = OPPORTUNITIES, **params: t.Any) -> dict:
        """A query sent as `POST ?_method=GET` with a form body (no URL length limit)."""
        return self.request("POST", path, params={"_method": "GET"}, data=params).json()


def error_of(body: dict) -> tuple[str, str]:
    """The (code, message) of a failed Marketo call."""
    assert body["success"] is False, body
    (error,) = body["errors"]
    assert isinstance(error["code"], str)
    return error["code"], error["message"]


def reasons_of(result: dict) -> tuple[str, str]:
    """The (code, message) of a skipped record."""
    assert result["status"] == "skipped", result
    (reason,) = result["reasons"]
    return reason["code"], reason["message"]


def ids(first: int, count: int) -> str:
    return ",".join(f"OPP-{i:08d}" for i in range(first, first + count))
