"""The SDK's standard target tests, run in-process against a SATORI sandbox.

SATORI finds customers by email and the SDK's standard files carry none, so the suite's
config gives each of their streams one with stream maps (`sdk_address_maps`): the files then
run as the SDK wrote them and the target upserts them. Where the SDK expects a target to
raise (a record before its SCHEMA, a SCHEMA without properties, a record without its key),
this target rejects the line or record and goes on (README, "What is rejected"): those
three files are checked by their rejects and by what SATORI holds instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from singer_sdk.testing import get_target_test_class
from singer_sdk.testing.suites import SingerTestSuite, target_tests
from singer_sdk.testing.target_tests import (
    TargetInvalidSchemaTest,
    TargetRecordBeforeSchemaTest,
    TargetRecordMissingKeyProperty,
)

from target_satori_bridge.target import TargetSatoriBridge
from vendor_sandbox.testing.satori import by_email, target_config
from vendor_sandbox.testing.suites import (
    RejectedInsteadOfRaised,
    sdk_address,
    sdk_address_maps,
    suite_sandbox,
)

_SATORI = suite_sandbox().satori
_FOLDER = Path(tempfile.mkdtemp(prefix="target-satori-"))


class SatoriRejected(RejectedInsteadOfRaised):
    vendor = _SATORI
    reject_file = _FOLDER / "rejects.jsonl"


class TargetRecordBeforeSchemaRejected(SatoriRejected, TargetRecordBeforeSchemaTest):
    """The record before its SCHEMA is rejected by its line; the stream's next one is written."""

    def validate(self) -> None:
        (reason,) = self.rejected()
        assert reason.startswith("input line 1: ")
        assert "came before its SCHEMA" in reason
        assert set(by_email(_SATORI)) == {sdk_address(2)}


class TargetInvalidSchemaRejected(SatoriRejected, TargetInvalidSchemaTest):
    """A SCHEMA without properties is rejected by its line, and the run ends normally."""

    def validate(self) -> None:
        (reason,) = self.rejected()
        assert reason.startswith("input line 1: field 'schema'")
        assert by_email(_SATORI) == {}


class TargetRecordMissingKeyRejected(SatoriRejected, TargetRecordMissingKeyProperty):
    """The record without its key has no id to build an email from: rejected, naming it."""

    def validate(self) -> None:
        (reason,) = self.rejected()
        assert reason.startswith("input line 2: property 'email'")
        assert "is missing" in reason
        assert by_email(_SATORI) == {}


REPLACED = {
    TargetRecordBeforeSchemaTest: TargetRecordBeforeSchemaRejected,
    TargetInvalidSchemaTest: TargetInvalidSchemaRejected,
    TargetRecordMissingKeyProperty: TargetRecordMissingKeyRejected,
}
# The SDK has no list of standard tests to leave out or change (meltano/sdk#2073); a target
# runs its own suite instead, here the SDK's standard one with the three above replaced.
satori_suite = SingerTestSuite(
    kind="target", tests=[REPLACED.get(test, test) for test in target_tests.tests]
)

TestTargetSatoriBridge = get_target_test_class(
    TargetSatoriBridge,
    config=target_config(
        _SATORI,
        _FOLDER,
        field_linkage={},
        stream_maps=sdk_address_maps(),
        fail_on_reject=False,
    ),
    include_target_tests=False,
    custom_suites=[satori_suite],
)
