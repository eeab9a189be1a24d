"""The test command's `--dist loadgroup` really keeps an `xdist_group` on one worker.

The Meltano tests share `.meltano/` and `output/` and rely on their group to run one at a
time. A pytest / pytest-xdist pair that ignores the mark does so silently
(pytest-dev/pytest-xdist#1386: the tests then corrupt each other's catalog files at random),
so this checks the mark took effect: xdist names a grouped test `<node id>@<group>`.
"""

from __future__ import annotations

import pytest
from meltano_project import MELTANO_GROUP


@pytest.mark.xdist_group(MELTANO_GROUP)
def test_a_grouped_test_is_scheduled_by_its_group(request):
    if request.config.getoption("loadgroup", default=False):
        assert request.node.nodeid.endswith(f"@{MELTANO_GROUP}"), (
            "pytest-xdist ignored the xdist_group mark: check the pytest cap in "
            "requirements-dev.txt"
        )
