"""Each plugin's Hub definition is what `make settings` writes, and Meltano adds the plugin from it.

The first test fails with a diff when a definition is stale (a setting added, reworded or
removed in the plugin). The second adds each plugin to a new Meltano project in a temporary
directory with `meltano add --from-ref <file>` (no install: the distributions are not on the
public index yet; the install from wheels is tests/test_install_alone.py) and reads the
settings back through `meltano config list`, as a user would see them.
"""

from __future__ import annotations

import difflib

import pytest
import yaml
from about_sections import PLUGINS, ROOT
from hub_definitions import expected_text, path
from meltano_project import MeltanoProject

pytestmark = pytest.mark.meltano


@pytest.mark.parametrize("plugin", PLUGINS)
def test_the_hub_definition_is_what_make_settings_writes(plugin):
    current = (ROOT / path(plugin)).read_text(encoding="utf-8")
    stale = "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected_text(plugin).splitlines(keepends=True),
            path(plugin),
            f"{path(plugin)} as `make settings` writes it",
        )
    )
    assert not stale, f"{path(plugin)} is stale; run `make settings`:\n{stale}"


@pytest.mark.timeout(900)  # fourteen meltano commands
def test_meltano_adds_every_plugin_from_its_definition(sandbox, tmp_path):
    (tmp_path / "meltano.yml").write_text(
        "default_environment: sandbox\nenvironments:\n- name: sandbox\n", encoding="utf-8"
    )
    meltano = MeltanoProject(sandbox, {}, root=tmp_path)

    for plugin in PLUGINS:
        meltano("add", "--no-install", "--from-ref", str(ROOT / path(plugin)), plugin)

    project = yaml.safe_load((tmp_path / "meltano.yml").read_text(encoding="utf-8"))
    added = {entry["name"]: entry for entries in project["plugins"].values() for entry in entries}
    assert sorted(added) == sorted(PLUGINS)
    for plugin in PLUGINS:
        definition = yaml.safe_load((ROOT / path(plugin)).read_text(encoding="utf-8"))
        entry = added[plugin]
        for field in ("namespace", "pip_url", "executable", "capabilities", "settings"):
            assert entry[field] == definition[field], (plugin, field)
        listed = meltano("config", "list", "--all", plugin)
        for setting in definition["settings"]:
            variable = f"{definition['namespace']}_{setting['name']}".upper()
            assert f"{setting['name']} " in listed, (plugin, setting["name"])
            assert f"[env: {variable}]" in listed, (plugin, variable)
