"""The clock and retry-wait test hooks in a real plugin process: off unless switched on.

tap-haihai-mail reads 配配メール one complete Tokyo day at a time, up to yesterday by its clock,
so its bookmarks show which clock it used. The hooked day is a month before the system's, so
the two cannot be the same day whenever the test runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from singer_commons.env_hooks import NOW_ENV, RETRY_WAIT_SCALE_ENV, TEST_HOOKS_ENV
from vendor_sandbox.testing.haihai import at, connection_config

TOKYO = ZoneInfo("Asia/Tokyo")
TAP = "tap-haihai-mail"


def hooked_run(haihai, run_plugin, tmp_path, switch: str):
    """Seed a week before a moment a month ago; run the tap with that moment as its hook."""
    moment = datetime.now(TOKYO).replace(hour=10, minute=0, second=0, microsecond=0)
    moment -= timedelta(days=30)
    env = at(haihai, moment)
    haihai.seed(days=7)
    start = (moment - timedelta(days=7)).date().isoformat()
    run = run_plugin(
        TAP,
        connection_config(haihai, str(tmp_path / "state"), start_date=start),
        env={**env, RETRY_WAIT_SCALE_ENV: "0.001", TEST_HOOKS_ENV: switch},
    )
    assert run.returncode == 0, run.stderr
    yesterday = (moment - timedelta(days=1)).date().isoformat()
    return run, yesterday, run.states()[-1]["bookmarks"]["opens"]["replication_key_value"]


@pytest.mark.process
def test_a_hook_without_the_switch_is_ignored_and_said_so(haihai, run_plugin, tmp_path):
    run, hooked_yesterday, read_up_to = hooked_run(haihai, run_plugin, tmp_path, "")
    assert read_up_to > hooked_yesterday  # the system's yesterday, a month later
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line and NOW_ENV in line]
    assert len(warnings) == 1, run.stderr
    assert f"Ignoring {NOW_ENV}=" in warnings[0]
    assert f"{RETRY_WAIT_SCALE_ENV}=0.001" in warnings[0]


@pytest.mark.process
def test_a_hook_with_the_switch_is_honoured_and_said_so(haihai, run_plugin, tmp_path):
    run, hooked_yesterday, read_up_to = hooked_run(haihai, run_plugin, tmp_path, "1")
    assert read_up_to == hooked_yesterday
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line and NOW_ENV in line]
    assert len(warnings) == 1, run.stderr
    assert f"Test hooks in force ({TEST_HOOKS_ENV}=1)" in warnings[0]
    assert f"{RETRY_WAIT_SCALE_ENV}=0.001" in warnings[0]
