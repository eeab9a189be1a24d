"""Exit codes of the shared errors, clean stops, and a tap's deferred budget stops."""

import json
import logging
from datetime import UTC, datetime
from functools import cached_property

import pytest
from click.testing import CliRunner
from singer_sdk import Stream
from singer_sdk import typing as th

from singer_commons.errors import (
    EXIT_FATAL,
    EXIT_TRY_AGAIN_LATER,
    DailyBudgetExhausted,
    FatalConnectorError,
    RecordRejected,
    TryAgainLater,
    VendorError,
    VendorQuotaExhausted,
    VendorUnavailable,
    exit_code_of,
)
from singer_commons.sdk.plugins import VendorTap, stop_cleanly
from singer_commons.sdk.settings import SettingValues

SPENT = DailyBudgetExhausted("api", 10, 10, datetime(2026, 11, 24, tzinfo=UTC))


class ReadOnlyObject(FatalConnectorError):
    """A vendor's own fatal error, as a client package declares it."""


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (SPENT, EXIT_TRY_AGAIN_LATER),
        (VendorQuotaExhausted("607 daily quota reached"), EXIT_TRY_AGAIN_LATER),
        (TryAgainLater("the import is still running"), EXIT_TRY_AGAIN_LATER),
        (VendorUnavailable(VendorError("http:503", "down"), 4), EXIT_TRY_AGAIN_LATER),
        (FatalConnectorError("the API key was refused"), EXIT_FATAL),
        (ReadOnlyObject("opportunities are read-only"), EXIT_FATAL),
        (VendorError("606", "rate limit"), None),
        (RecordRejected("property 'email': not an address"), None),
        (ValueError("a bug"), None),
    ],
)
def test_each_shared_error_has_its_exit_code(error, code):
    assert exit_code_of(error) == code


def test_a_clean_stop_is_one_line_and_its_exit_code(caplog):
    logger = logging.getLogger("tap-stops")
    with pytest.raises(SystemExit) as stopped, stop_cleanly(logger):
        raise VendorQuotaExhausted("607 daily quota reached")
    assert stopped.value.code == 75
    assert caplog.messages == ["Stopping: 607 daily quota reached"]

    with pytest.raises(ValueError, match="a bug"), stop_cleanly(logger):
        raise ValueError("a bug")


class Counted(Stream):
    """Two records; with `stop` set, ends early at a spent budget after the first."""

    primary_keys = ("n",)
    schema = th.PropertiesList(th.Property("n", th.IntegerType)).to_dict()
    stop = False

    def __init__(self, tap):
        self.owner = tap
        super().__init__(tap)

    def get_records(self, context):
        yield {"n": 1}
        if self.stop:
            self.owner.defer_budget_stop(self.name, SPENT)
            return
        yield {"n": 2}


class SpentFirst(Counted):
    name = "spent_first"
    stop = True


class Unlimited(Counted):
    name = "unlimited"


class TapStops(VendorTap):
    name = "tap-stops"
    config_jsonschema = th.PropertiesList(th.Property("spend", th.BooleanType)).to_dict()

    @cached_property
    def settings(self):
        return SettingValues(self.config, self.config_jsonschema).flag("spend")

    def discover_streams(self):
        streams = [SpentFirst(self), Unlimited(self)]
        return streams if self.settings else streams[1:]


def run(tmp_path, config):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    result = CliRunner().invoke(TapStops.cli, ["--config", str(path)])
    records = [
        (message["stream"], message["record"]["n"])
        for message in map(json.loads, result.stdout.splitlines())
        if message["type"] == "RECORD"
    ]
    return result, records


def test_a_deferred_stop_lets_the_other_streams_run_then_exits_75(tmp_path):
    result, records = run(tmp_path, {"spend": True})

    assert result.exit_code == EXIT_TRY_AGAIN_LATER
    assert records == [("spent_first", 1), ("unlimited", 1), ("unlimited", 2)]


def test_deferred_stops_belong_to_their_tap(tmp_path):
    stopped = TapStops(config={"spend": True})
    with pytest.raises(DailyBudgetExhausted):
        stopped.sync_all()
    assert stopped.deferred_stops == [SPENT]

    result, records = run(tmp_path, {"spend": False})
    assert result.exit_code == 0, result.output
    assert records == [("unlimited", 1), ("unlimited", 2)]
