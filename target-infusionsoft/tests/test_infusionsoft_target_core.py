"""The SDK's standard target tests, run in-process against a Keap sandbox.

Keap has no resource for the SDK's test streams, so the suite's config maps each of them
(stream maps, the SDK's own way to reshape a stream) onto new Keap `notes` of one contact,
titled by the record's own id: the files then run as the SDK wrote them and every record
becomes a note (a record repeated in a file is created once: the write journal); what Keap's
note body lacks is left out. Where the SDK expects a target to raise (a
record before its SCHEMA, a SCHEMA without properties), this target rejects the line and goes
on (README, "Rejects"): those two are checked by their rejects instead. One test cannot apply
and is left out (`NOT_APPLICABLE`, with the reason). A suite of this target's own files
checks what Keap ended up holding.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from singer_sdk.testing import get_target_test_class
from singer_sdk.testing.suites import SingerTestSuite, target_tests
from singer_sdk.testing.target_tests import (
    TargetDuplicateRecords,
    TargetInvalidSchemaTest,
    TargetRecordBeforeSchemaTest,
    TargetRecordMissingKeyProperty,
)
from singer_sdk.testing.templates import TargetFileTestTemplate

from target_infusionsoft.target import TargetInfusionsoft
from vendor_sandbox.testing.keap import key_config
from vendor_sandbox.testing.suites import SDK_STREAM_IDS, RejectedInsteadOfRaised, suite_sandbox

RESOURCES = Path(__file__).parent / "resources"
_KEAP = suite_sandbox().keap
_STATE_DIR = tempfile.mkdtemp(prefix="target-infusionsoft-state-")
_REJECTS = Path(_STATE_DIR) / "rejects.jsonl"
NOTE_CONTACT = 1


def sdk_note_maps() -> dict[str, dict[str, str | None]]:
    """Stream maps making each record of the SDK's files a new note titled by its id.

    The record's own `id` is dropped: on `notes` it would name a Keap note to update.
    """
    return {
        stream: {
            "__alias__": "notes",
            "contact_id": str(NOTE_CONTACT),
            "title": f"'SDK {stream} ' + str({key})",
            **({"id": "__NULL__", "__key_properties__": None} if key == "id" else {}),
        }
        for stream, key in SDK_STREAM_IDS.items()
    }


def note_titles() -> list[str]:
    """The titles of the notes Keap was sent, in order."""
    return [entry["request"]["title"] for entry in _KEAP.written("notes")]


class KeapRejected(RejectedInsteadOfRaised):
    vendor = _KEAP
    reject_file = _REJECTS


class TargetRecordBeforeSchemaRejected(KeapRejected, TargetRecordBeforeSchemaTest):
    """The record before its SCHEMA is rejected by its line; the stream's next one is written."""

    def validate(self) -> None:
        (reason,) = self.rejected()
        assert reason.startswith("input line 1: ")
        assert "came before its SCHEMA" in reason
        assert note_titles() == ["SDK test_record_before_schema 2"]


class TargetInvalidSchemaRejected(KeapRejected, TargetInvalidSchemaTest):
    """A SCHEMA without properties is rejected by its line, and the run ends normally."""

    def validate(self) -> None:
        (reason,) = self.rejected()
        assert reason.startswith("input line 1: field 'schema'")


class TargetDuplicateRecordsJournaled(TargetDuplicateRecords):
    """Five records, two notes: a record the run already created is not created again."""

    def setup(self) -> None:
        _KEAP.reset()

    def validate(self) -> None:
        assert note_titles() == [
            "SDK test_duplicate_records 1",
            "SDK test_duplicate_records 2",
        ]


class TargetContactUpserts(TargetFileTestTemplate):
    """Contacts upserted by email: the third record updates the first (Keap matches the case)."""

    name = "contact_upserts"

    @property
    def singer_filepath(self) -> Path:
        return RESOURCES / f"{self.name}.singer"

    def setup(self) -> None:
        _KEAP.reset()
        _REJECTS.unlink(missing_ok=True)

    def validate(self) -> None:
        written = _KEAP.written("contacts")
        assert [entry["outcome"] for entry in written] == ["created", "created", "updated"]
        assert written[0]["id"] == written[2]["id"]
        held = {r["id"]: r for r in _KEAP.records("contacts")}[written[0]["id"]]
        assert (held["given_name"], held["family_name"]) == ("花子", "佐藤")
        assert not _REJECTS.exists()


REPLACED = {
    TargetDuplicateRecords: TargetDuplicateRecordsJournaled,
    TargetRecordBeforeSchemaTest: TargetRecordBeforeSchemaRejected,
    TargetInvalidSchemaTest: TargetInvalidSchemaRejected,
}
NOT_APPLICABLE = {
    # The SDK expects MissingKeyPropertiesError for a record lacking its stream's key `id`.
    # Keap records are named by Keap's own ids and each resource's fields, never by a
    # stream's key properties: a record without an id is a create, not an error.
    TargetRecordMissingKeyProperty,
}
# The SDK has no list of standard tests to leave out (meltano/sdk#2073); this target runs its
# own suite: the SDK's standard one with three tests replaced (two that expect a raise, one
# checked by what Keap holds) and one left out, then its own.
keap_suite = SingerTestSuite(
    kind="target",
    tests=[
        *(REPLACED.get(test, test) for test in target_tests.tests if test not in NOT_APPLICABLE),
        TargetContactUpserts,
    ],
)

TestTargetInfusionsoft = get_target_test_class(
    TargetInfusionsoft,
    config=key_config(
        _KEAP,
        _STATE_DIR,
        stream_maps=sdk_note_maps(),
        reject_file=str(_REJECTS),
        fail_on_reject=False,
    ),
    include_target_tests=False,
    custom_suites=[keap_suite],
)
