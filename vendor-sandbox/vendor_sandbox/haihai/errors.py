"""配配メール's error vocabulary: an HTTP status and `{"status": "error", "code", "message"}`.

Every failure of an API call, from the token check to a bad CSV header, is raised as
`HaihaiError` and turned into a response in one place (the account's call pipeline), so the
body shape lives here only. Codes and statuses follow the plugins' contract; none of them
is ever counted against the daily quota.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

INVALID_TOKEN = "INVALID_TOKEN"  # noqa: S105 - an error code, not a secret
IP_NOT_ALLOWED = "IP_NOT_ALLOWED"
PLAN_NOT_SUPPORTED = "PLAN_NOT_SUPPORTED"
RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED"
INVALID_PARAMETER = "INVALID_PARAMETER"
NOT_FOUND = "NOT_FOUND"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"

STATUS_OF_CODE: dict[str, int] = {
    INVALID_TOKEN: 401,
    IP_NOT_ALLOWED: 403,
    PLAN_NOT_SUPPORTED: 403,
    RATE_LIMIT_EXCEEDED: 429,
    INVALID_PARAMETER: 400,
    NOT_FOUND: 404,
    METHOD_NOT_ALLOWED: 405,
}

# What an injected `error_code` fault answers when the test names no message.
DEFAULT_MESSAGES: dict[str, str] = {
    INVALID_TOKEN: "APIトークンが正しくありません",
    IP_NOT_ALLOWED: "接続が許可されていないIPアドレスです",
    PLAN_NOT_SUPPORTED: "ご契約のプランではこのAPIを利用できません(Bridgeプランのみ)",
    RATE_LIMIT_EXCEEDED: (
        "APIの実行回数が1日の上限に達しました。回数は毎日0:00(日本時間 JST)にリセットされます"
    ),
    INVALID_PARAMETER: "パラメータが正しくありません",
    NOT_FOUND: "指定されたAPIまたはデータが見つかりません",
    METHOD_NOT_ALLOWED: "APIはPOSTで呼び出してください",
}


@dataclass
class HaihaiError(Exception):
    """A failed API call: the code (which fixes the HTTP status) and a message."""

    code: str
    message: str

    @property
    def status(self) -> int:
        """The HTTP status of the code."""
        return STATUS_OF_CODE[self.code]

    def body(self) -> dict[str, t.Any]:
        """The JSON body 配配メール sends for this error."""
        return {"status": "error", "code": self.code, "message": self.message}

    @classmethod
    def of(cls, code: str) -> HaihaiError:
        """The error for a code with its default message (used by injected faults)."""
        return cls(code, DEFAULT_MESSAGES[code])


def invalid_parameter(message: str) -> HaihaiError:
    """400 for a parameter or CSV the API cannot use; the message names it."""
    return HaihaiError(INVALID_PARAMETER, message)


def not_found(message: str) -> HaihaiError:
    """404 for an unknown action or an unknown or expired import."""
    return HaihaiError(NOT_FOUND, message)
