"""meltano.yml declares each plugin's settings exactly as the plugin's `--about` shows them.

Meltano shows, validates, prompts for and masks only declared settings, with the words and
defaults written in meltano.yml. Those blocks are generated (`make settings`), so they cannot
drift from the plugins: the first test fails when one is stale, the second reads meltano.yml as
Meltano does and checks what it will see (kinds, defaults, descriptions, `sensitive`).
"""

from __future__ import annotations

import difflib

import pytest
import yaml
from about_sections import PLUGINS
from meltano_settings import MELTANO_YML, about_settings, expected_meltano_yml, kind


def test_meltano_yml_is_what_make_settings_writes() -> None:
    current = MELTANO_YML.read_text(encoding="utf-8")
    expected = expected_meltano_yml()

    stale = "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            "meltano.yml",
            "meltano.yml as `make settings` writes it",
        )
    )
    assert not stale, f"meltano.yml's settings are stale; run `make settings`:\n{stale}"


def declared_settings(plugin: str) -> dict[str, dict]:
    """The settings meltano.yml declares for a plugin's own definition, by name."""
    project = yaml.safe_load(MELTANO_YML.read_text(encoding="utf-8"))
    for plugin_type in ("extractors", "loaders"):
        for entry in project["plugins"].get(plugin_type, []):
            if entry["name"] == plugin:
                return {setting["name"]: setting for setting in entry.get("settings", [])}
    raise AssertionError(f"{plugin} is not in meltano.yml")


@pytest.mark.parametrize("plugin", PLUGINS)
def test_meltano_reads_every_setting_as_the_plugin_declares_it(plugin: str) -> None:
    about = about_settings(plugin)
    declared = declared_settings(plugin)

    assert list(declared) == list(about)
    for name, spec in about.items():
        setting = declared[name]
        assert setting["kind"] == kind(spec), name
        assert setting["description"] == spec["description"], name
        assert setting.get("value") == spec.get("default"), name
        assert setting.get("sensitive", False) == spec.get("secret", False), name
        if "enum" in spec:
            assert [option["value"] for option in setting["options"]] == [
                value for value in spec["enum"] if value is not None
            ], name
