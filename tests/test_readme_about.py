"""Plugin READMEs show the current `--about` output."""

import pytest
from about_sections import PLUGINS, ROOT, expected_readme


@pytest.mark.parametrize("plugin", PLUGINS)
def test_readme_carries_the_current_about_output(plugin):
    readme = (ROOT / plugin / "README.md").read_text(encoding="utf-8")
    assert readme == expected_readme(plugin), f"run `make about` to refresh {plugin}/README.md"
