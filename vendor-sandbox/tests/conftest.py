"""Fixtures of the sandbox's own tests (the `sandbox`/`marketo` ones come from the plugin)."""

from __future__ import annotations

import pytest
from sandbox_helpers import MarketoApi


@pytest.fixture
def api(marketo) -> MarketoApi:
    """A Marketo REST client for the clean instance of this test."""
    return MarketoApi(marketo.marketo_url)
