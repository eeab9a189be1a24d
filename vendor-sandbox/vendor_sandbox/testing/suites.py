"""What the modules running the SDK's standard test suites share.

`get_tap_test_class` / `get_target_test_class` take their config at import, before any pytest
fixture exists, so such a module starts a sandbox of its own (`suite_sandbox`): independent of
the per-test fixtures (`marketo`, `keap`, ...), and of every other module's. The SDK's
standard target files carry no email address, which 配配メール and SATORI keep customers by
(`sdk_address_maps`), and some of them make the SDK expect a target to raise where this
repository's targets reject the line and go on (`RejectedInsteadOfRaised`).

Unlike the rest of `vendor_sandbox` this module needs singer-sdk, the suites' own package:
the `testing` extra (`pip install "vendor-sandbox[testing]"`).
"""

from __future__ import annotations

import json
import typing as t

from singer_sdk.testing.templates import TargetFileTestTemplate

from vendor_sandbox.client import SandboxClient
from vendor_sandbox.server import SandboxServer
from vendor_sandbox.vendors import all_vendors

if t.TYPE_CHECKING:
    from pathlib import Path

    from vendor_sandbox.client.base import VendorControl


def suite_sandbox() -> SandboxClient:
    """Every emulator on a free loopback port, served by daemon threads until the process ends."""
    server = SandboxServer(all_vendors(), host="127.0.0.1", port=0).start()
    return SandboxClient(server.base_url)


# The streams of the SDK's standard target files (`singer_sdk/testing/target_test_streams`)
# that identify their records, and the property that does.
SDK_STREAM_IDS = {
    "test_array_data": "id",
    "TestCamelcase": "Id",
    "ForecastingTypeToCategory": "Id",
    "test_duplicate_records": "id",
    "test_strings": "id",
    "test_strings_in_objects": "id",
    "test_strings_in_arrays": "id",
    "test_no_pk": "id",
    "test_optional_attributes": "id",
    "record_missing_fields": "id",
    "test_schema_updates": "id",
    "test:SpecialChars!in?attributes": "_id",
    "test_record_before_schema": "id",
}


def sdk_address(record_id: int) -> str:
    """The email address `sdk_address_maps` gives the record of the SDK's files with this id."""
    return f"sdk-{record_id}@example.jp"


def sdk_address_maps() -> dict[str, dict[str, str]]:
    """Stream maps that give each record of the SDK's standard target files an email address.

    A vendor that keeps customers by address (配配メール, SATORI) needs one, and the SDK's files
    carry none; built from the record's own id (see `sdk_address`), the address keeps a
    file's duplicates duplicates. Stream maps are the SDK's own way to reshape a stream.
    """
    return {
        stream: {"email": f"'sdk-' + str({key}) + '@example.jp'"}
        for stream, key in SDK_STREAM_IDS.items()
    }


class RejectedInsteadOfRaised(TargetFileTestTemplate):
    """A standard target test whose file the SDK expects a target to raise on.

    This repository's targets reject such a line or record with its reason and go on, so
    the test feeds the file to a freshly reset vendor, with no reject file yet, and lets the
    run end; a subclass (also of the SDK's test, for its file) names the `vendor` and the
    `reject_file`, and checks both in `validate`.
    """

    vendor: t.ClassVar[VendorControl]
    reject_file: t.ClassVar[Path]

    def setup(self) -> None:
        """Reset the vendor and forget earlier rejects."""
        self.vendor.reset()
        self.reject_file.unlink(missing_ok=True)

    def test(self) -> None:
        """Run the target on the file; nothing may raise."""
        self.runner.sync_all()

    def rejected(self) -> list[str]:
        """The reasons in the reject file, in order."""
        if not self.reject_file.exists():
            return []
        lines = self.reject_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["reason"] for line in lines]
