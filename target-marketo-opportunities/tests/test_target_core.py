"""The SDK's target test harness with opportunity-shaped suites, against a Marketo sandbox.

Most of the SDK's standard target files use stream names and shapes Marketo has no object for;
the standard test that does not (CLI output) runs as it is. The SDK's files of a record before
its schema and of an invalid schema are fed too, but where the SDK's tests expect the target
to raise, this target rejects the lines and goes on, so they are checked by their rejects. The
other suites here feed `.singer` files of opportunities and roles (as target-postgres feeds its
own) and check what the sandbox ended up holding.
"""

from __future__ import annotations

import importlib.resources
import json
import tempfile
from pathlib import Path

from singer_sdk.testing import get_target_test_class, target_test_streams
from singer_sdk.testing.suites import SingerTestSuite
from singer_sdk.testing.target_tests import TargetCliPrintsTest
from singer_sdk.testing.templates import TargetFileTestTemplate

from target_marketo_opportunities.target import TargetMarketoOpportunities
from vendor_sandbox.testing.suites import suite_sandbox

RESOURCES = Path(__file__).parent / "resources"
_MARKETO = suite_sandbox().marketo
_STATE_DIR = tempfile.mkdtemp(prefix="target-marketo-state-")
_REJECTS = Path(_STATE_DIR) / "rejects.jsonl"


class OpportunityFileTest(TargetFileTestTemplate):
    """Feeds `resources/<name>.singer` to the target in-process, against a clean sandbox."""

    @property
    def singer_filepath(self) -> Path:
        return RESOURCES / f"{self.name}.singer"

    def setup(self) -> None:
        _MARKETO.reset()
        _REJECTS.unlink(missing_ok=True)

    def held(self) -> dict[str, dict]:
        return {r["externalOpportunityId"]: r for r in _MARKETO.records("opportunities")}

    def rejected(self) -> list[dict]:
        if not _REJECTS.exists():
            return []
        return [json.loads(line) for line in _REJECTS.read_text(encoding="utf-8").splitlines()]


class TargetOpportunityUpserts(OpportunityFileTest):
    name = "opportunity_upserts"

    def validate(self) -> None:
        held = self.held()
        assert set(held) == {"T-1", "T-2", "T-3"}
        assert held["T-2"]["stage"] == "Closed Won"  # the later record of T-2 wins
        assert held["T-3"]["name"] == "東京本社 年間契約更新"
        assert self.rejected() == []


class TargetOpportunityDeletes(OpportunityFileTest):
    name = "opportunity_deletes"

    def validate(self) -> None:
        assert set(self.held()) == {"T-1"}


class TargetOpportunityRejects(OpportunityFileTest):
    name = "opportunity_rejects"

    def validate(self) -> None:
        assert set(self.held()) == {"T-1"}
        reasons = [r["reason"] for r in self.rejected()]
        assert len(reasons) == 3
        assert any("'amount'" in reason for reason in reasons)


class SdkFileRejectsTest(OpportunityFileTest):
    """Feeds one of the SDK's own standard `.singer` files."""

    @property
    def singer_filepath(self) -> Path:
        return Path(str(importlib.resources.files(target_test_streams) / f"{self.name}.singer"))


class TargetRecordBeforeSchemaRejected(SdkFileRejectsTest):
    """The SDK raises at a record before its schema; here it is rejected by line number.

    The stream is one Marketo has no object for, so its SCHEMA and its later record are
    rejected too, with the stream-map fix, and nothing is written.
    """

    name = "record_before_schema"

    def validate(self) -> None:
        reasons = [r["reason"] for r in self.rejected()]
        assert len(reasons) == 3
        assert reasons[0].startswith("input line 1: ")
        assert "came before its SCHEMA" in reasons[0]
        assert reasons[1].startswith("input line 2: SCHEMA of stream 'test_record_before_schema'")
        assert reasons[2].startswith("input line 3: record id=2 of stream")
        assert all("stream map" in reason for reason in reasons[1:])
        assert self.held() == {}


class TargetInvalidSchemaRejected(SdkFileRejectsTest):
    """The SDK raises at a SCHEMA without properties; here the line is rejected."""

    name = "invalid_schema"

    def validate(self) -> None:
        (reason,) = [r["reason"] for r in self.rejected()]
        assert reason.startswith("input line 1: field 'schema'")


class TargetRolesAfterOpportunities(OpportunityFileTest):
    name = "roles_after_opportunities"

    def validate(self) -> None:
        roles = _MARKETO.records("roles")
        assert sorted((r["leadId"], r["role"]) for r in roles) == [
            (11, "Decision Maker"),
            (12, "Influencer"),
        ]


marketo_suite = SingerTestSuite(
    kind="target",
    tests=[
        # The SDK's standard tests whose input does not depend on a stream Marketo has:
        TargetCliPrintsTest,
        TargetRecordBeforeSchemaRejected,
        TargetInvalidSchemaRejected,
        TargetOpportunityUpserts,
        TargetOpportunityDeletes,
        TargetOpportunityRejects,
        TargetRolesAfterOpportunities,
    ],
)

TestTargetMarketoOpportunities = get_target_test_class(
    TargetMarketoOpportunities,
    config={
        "base_url": _MARKETO.url,
        "client_id": "sandbox-client-id",
        "client_secret": "sandbox-client-secret",
        "state_dir": _STATE_DIR,
        "reject_file": str(_REJECTS),
        "fail_on_reject": False,
    },
    include_target_tests=False,
    custom_suites=[marketo_suite],
)
