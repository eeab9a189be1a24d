"""A sandbox for the SDK's standard test suites, which are built when their module is imported.

`get_tap_test_class` / `get_target_test_class` take their config at import, before any pytest
fixture exists, so such a module starts a sandbox of its own: independent of the per-test
fixtures (`marketo`, `keap`, ...), and of every other module's.
"""

from __future__ import annotations

from vendor_sandbox.client import SandboxClient
from vendor_sandbox.server import SandboxServer
from vendor_sandbox.vendors import all_vendors


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
