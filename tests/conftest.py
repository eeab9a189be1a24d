"""Fixtures of the cross-plugin tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from plugin_runner import PluginRunner


@pytest.fixture
def run_plugin(tmp_path: Path) -> PluginRunner:
    """Run a plugin executable from this environment as a subprocess in a temp dir."""
    return PluginRunner(tmp_path)
