"""The clock and retry-wait test hooks: honoured only with the test switch, announced once."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest

from singer_commons import env_hooks
from singer_commons.clock import utc_now
from singer_commons.connection import retry_sleep
from singer_commons.env_hooks import NOW_ENV, RETRY_WAIT_SCALE_ENV, TEST_HOOKS_ENV

HOOKED_NOW = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)


@pytest.fixture
def hooks_set(monkeypatch):
    """Both hooks set and not yet announced in this process; the switch is the test's."""
    monkeypatch.setattr(env_hooks, "_announced", False)
    monkeypatch.setenv(NOW_ENV, HOOKED_NOW.isoformat())
    monkeypatch.setenv(RETRY_WAIT_SCALE_ENV, "0.001")
    return monkeypatch


@pytest.fixture
def slept(monkeypatch):
    """The seconds `time.sleep` was asked for, instead of sleeping."""
    asked: list[float] = []
    monkeypatch.setattr(time, "sleep", asked.append)
    return asked


def hook_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == env_hooks.__name__]


def test_without_the_switch_the_hooks_are_ignored_with_one_warning(hooks_set, slept, caplog):
    hooks_set.delenv(TEST_HOOKS_ENV, raising=False)
    with caplog.at_level(logging.WARNING):
        assert utc_now() != HOOKED_NOW
        retry_sleep()(20)
        utc_now()
    assert slept == [20]
    [warning] = hook_warnings(caplog)
    assert warning.startswith(f"Ignoring {NOW_ENV}=")
    assert f"{RETRY_WAIT_SCALE_ENV}=0.001" in warning
    assert f"{TEST_HOOKS_ENV}=1" in warning


@pytest.mark.parametrize("switch", ["0", "true", "yes", ""])
def test_only_the_value_1_switches_the_hooks_on(hooks_set, switch):
    hooks_set.setenv(TEST_HOOKS_ENV, switch)
    assert utc_now() != HOOKED_NOW


def test_with_the_switch_the_hooks_are_honoured_with_one_warning(hooks_set, slept, caplog):
    hooks_set.setenv(TEST_HOOKS_ENV, "1")
    with caplog.at_level(logging.WARNING):
        assert utc_now() == HOOKED_NOW
        retry_sleep()(20)
        assert utc_now() == HOOKED_NOW
    assert slept == [pytest.approx(0.02)]
    [warning] = hook_warnings(caplog)
    assert warning.startswith(f"Test hooks in force ({TEST_HOOKS_ENV}=1)")
    assert f"{NOW_ENV}={HOOKED_NOW.isoformat()}" in warning
    assert f"{RETRY_WAIT_SCALE_ENV}=0.001" in warning


def test_no_hook_set_means_no_warning(monkeypatch, slept, caplog):
    monkeypatch.setattr(env_hooks, "_announced", False)
    monkeypatch.delenv(NOW_ENV, raising=False)
    monkeypatch.delenv(RETRY_WAIT_SCALE_ENV, raising=False)
    with caplog.at_level(logging.WARNING):
        utc_now()
        retry_sleep()(1)
    assert slept == [1]
    assert hook_warnings(caplog) == []
