"""SATORI's error vocabulary: an HTTP status and `{"status": <code>, "message": "..."}`.

Every failure of an API call, from the key check to a refused CSV header, is raised as
`SatoriError` and turned into a response in one place (`answers.py`), so the body shape
and the `http_200_errors` variant live in one module. The messages are the vendor's
Japanese ones; a bulk row that fails is reported with the same message the single API
would answer.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

AUTH_FAILED = "認証に失敗しました"
NOT_FOUND_CUSTOMER = "カスタマーが見つかりません"
SYSTEM_ERROR = "システムエラー"


@dataclass
class SatoriError(Exception):
    """A failed API call: the status code, a message, and optional detail lines.

    Attributes:
        status: The code the body's `status` carries (and the HTTP status, unless the
            company answers errors with HTTP 200).
        message: What went wrong, in the vendor's words.
        errors: Further messages (the body's optional `errors` list), e.g. one per bad
            CSV header.
    """

    status: int
    message: str
    errors: tuple[str, ...] = field(default=())

    def body(self) -> dict[str, t.Any]:
        """The JSON body SATORI sends for this error."""
        answer: dict[str, t.Any] = {"status": self.status, "message": self.message}
        if self.errors:
            answer["errors"] = list(self.errors)
        return answer


def bad_request(message: str, errors: tuple[str, ...] = ()) -> SatoriError:
    """400 for a parameter, a value or a CSV the API cannot use; the message names it."""
    return SatoriError(400, message, errors)


def unauthorized() -> SatoriError:
    """401 for missing or wrong keys; the message names none of them."""
    return SatoriError(401, AUTH_FAILED)


def not_found(message: str = NOT_FOUND_CUSTOMER) -> SatoriError:
    """404 for an unknown customer, process code or API path."""
    return SatoriError(404, message)


def conflict(message: str) -> SatoriError:
    """409 for a value another customer already holds (an email, a unique custom value)."""
    return SatoriError(409, message)
