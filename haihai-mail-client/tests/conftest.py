"""Fixtures of the client's unit tests: a mocked 配配メール account and a config for it."""

from __future__ import annotations

import pytest
from haihai_mock import BASE


@pytest.fixture
def config(tmp_path) -> dict:
    return {"base_url": BASE, "api_token": "token-secret-123", "state_dir": str(tmp_path)}
