"""A mocked 配配メール account for the client's unit tests (uniquely named, not conftest)."""

from __future__ import annotations

BASE = "https://example.hm-f.jp"


def csv_answer(text: str, encoding: str = "cp932") -> dict:
    """requests-mock keyword arguments of a CSV answer in `encoding`."""
    charset = "Shift_JIS" if encoding == "cp932" else "UTF-8"
    return {
        "content": text.replace("\n", "\r\n").encode(encoding),
        "headers": {"Content-Type": f"text/csv; charset={charset}"},
    }


def error_answer(status: int, code: str, message: str = "error") -> dict:
    """requests-mock keyword arguments of a 配配メール error."""
    return {"status_code": status, "json": {"status": "error", "code": code, "message": message}}
