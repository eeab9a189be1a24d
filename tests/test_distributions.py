"""Every folder's pyproject.toml: our prefix, `==` pins between ours, complete metadata.

Read from the files, no build: what `make dist` turns into wheels is checked by twine there,
and tests/test_install_alone.py installs those wheels.
"""

from __future__ import annotations

import re

import pytest
from about_sections import ROOT
from distributions import FOLDERS, REPOSITORY, distribution, our_requirements, project
from packaging.requirements import Requirement

URLS = ("Homepage", "Documentation", "Repository", "Issues")


def test_every_folder_the_makefile_installs_is_a_distribution():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^PLUGINS := ((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert listed is not None
    assert sorted(listed.group(1).replace("\\\n", " ").split()) == sorted(FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_distribution_is_ours_by_name_and_pins_ours_exactly(folder):
    metadata = project(folder)
    assert metadata["name"] == distribution(folder)
    for dependency, specifier in our_requirements(folder).items():
        assert specifier == f"=={project(dependency)['version']}", dependency
    unprefixed = [r for r in metadata["dependencies"] if Requirement(r).name in FOLDERS]
    assert not unprefixed, "a generic name of ours, open to anybody's upload"


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_metadata_is_complete(folder):
    metadata = project(folder)
    assert metadata["license"] == "Apache-2.0"
    assert metadata["license-files"] == ["LICENSE"]
    licence = (ROOT / folder / "LICENSE").read_text(encoding="utf-8")
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert metadata["authors"]
    assert metadata["readme"] == "README.md"
    assert metadata["description"]
    assert metadata["requires-python"] == ">=3.11"
    assert "Programming Language :: Python :: 3 :: Only" in metadata["classifiers"]
    assert sorted(metadata["urls"]) == sorted(URLS)
    assert all(url.startswith(REPOSITORY) for url in metadata["urls"].values())
