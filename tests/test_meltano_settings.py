"""Every setting a plugin accepts is declared, with a description, in meltano.yml.

Meltano shows, validates and prompts only for declared settings; one a plugin reads but
meltano.yml lacks can only be set through a raw environment variable nobody knows about.
The SDK's own settings (stream maps, flattening, batching) are the SDK's to document.
"""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml
from about_sections import PLUGINS, ROOT

from vendor_sandbox.testing.runner import BIN

SDK_SETTINGS = frozenset(
    {
        "stream_maps",
        "stream_map_config",
        "faker_config",
        "flattening_enabled",
        "flattening_max_depth",
        "flattening_max_key_length",
        "flattening_separator",
        "batch_config",
        "add_record_metadata",
        "load_method",
        "batch_size_rows",
        "validate_records",
    }
)


def declared_settings(plugin: str) -> dict[str, dict]:
    """The settings meltano.yml declares for a plugin, by name."""
    project = yaml.safe_load((ROOT / "meltano.yml").read_text(encoding="utf-8"))
    for kind in ("extractors", "loaders"):
        for entry in project["plugins"].get(kind, []):
            if entry["name"] == plugin:
                return {setting["name"]: setting for setting in entry.get("settings", [])}
    raise AssertionError(f"{plugin} is not in meltano.yml")


@pytest.mark.parametrize("plugin", PLUGINS)
def test_meltano_declares_every_setting_with_a_description(plugin):
    about = subprocess.run(
        [str(BIN / plugin), "--about", "--format", "json"],
        capture_output=True,
        check=True,
        text=True,
    )
    accepted = set(json.loads(about.stdout)["settings"]["properties"]) - SDK_SETTINGS
    declared = declared_settings(plugin)

    assert sorted(accepted - set(declared)) == []
    assert [name for name in accepted if not declared[name].get("description")] == []
