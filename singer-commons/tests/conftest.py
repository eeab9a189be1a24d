"""Fixtures shared by singer-commons' tests."""

import pytest

from singer_commons.redaction import forget_secrets


@pytest.fixture(autouse=True)
def _isolated_secrets():
    """Each test starts and ends with no registered secret (the registry is process-wide)."""
    forget_secrets()
    yield
    forget_secrets()
