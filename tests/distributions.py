"""The distributions of this repository: their names, the chains between them, `make dist`.

Why: a plugin is meant to install alone, from wheels, next to anything else a user has
(`pip install --find-links dist hashiwatashi-tap-infusionsoft`). Every distribution is named
`hashiwatashi-<folder>`: a generic name (`singer-commons`, `satori-client`, `tap-…`) is one
anybody may publish on the public index, and pip then installs the stranger's release instead
of ours (README, "Distribution names"). `python tests/distributions.py` (or `make dist`)
builds a wheel and an sdist of every folder into `dist/` with `build`, then checks them
with `twine check --strict`, as the index would render them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import typing as t
from pathlib import Path

from about_sections import BIN, PLUGINS, ROOT
from packaging.requirements import Requirement

PREFIX = "hashiwatashi-"
# The project's home; every distribution's URLs and the Hub definitions point here.
REPOSITORY = "https://github.com/hashiwatashi/hashiwatashi"
# Every folder that is a distribution, a dependency before what depends on it.
FOLDERS = (
    "singer-commons",
    "marketo-client",
    "keap-client",
    "haihai-mail-client",
    "satori-client",
    "vendor-sandbox",
    *PLUGINS,
)
DIST = ROOT / "dist"
BUILD_SECONDS = 300


def distribution(folder: str) -> str:
    """The distribution name of a folder."""
    return PREFIX + folder


def project(folder: str) -> dict[str, t.Any]:
    """The `[project]` table of a folder's pyproject.toml."""
    with (ROOT / folder / "pyproject.toml").open("rb") as file:
        table: dict[str, t.Any] = tomllib.load(file)["project"]
    return table


def our_requirements(folder: str) -> dict[str, str]:
    """The folder's dependencies on our own distributions: folder → version specifier."""
    ours = {}
    for line in project(folder)["dependencies"]:
        requirement = Requirement(line)
        if requirement.name.startswith(PREFIX):
            ours[requirement.name.removeprefix(PREFIX)] = str(requirement.specifier)
    return ours


def chain(folder: str) -> tuple[str, ...]:
    """The folder and every folder it needs of ours, dependencies first."""
    needed: list[str] = []
    for dependency in our_requirements(folder):
        needed += [name for name in chain(dependency) if name not in needed]
    return (*needed, folder)


def wheel(dist: Path, folder: str) -> Path:
    """The wheel `build` wrote for a folder into `dist`."""
    stem = distribution(folder).replace("-", "_")
    return dist / f"{stem}-{project(folder)['version']}-py3-none-any.whl"


def build(dist: Path) -> list[Path]:
    """Wheels and sdists of every folder in a fresh `dist`, checked by twine; the files."""
    shutil.rmtree(dist, ignore_errors=True)
    command = [sys.executable, "-m", "build", "--installer", "uv", "--outdir", str(dist)]
    for folder in FOLDERS:
        subprocess.run(
            [*command, str(ROOT / folder)],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=BUILD_SECONDS,
        )
    files = sorted(dist.iterdir())
    subprocess.run(
        [str(BIN / "twine"), "check", "--strict", *map(str, files)],
        check=True,
        timeout=BUILD_SECONDS,
    )
    return files


def main() -> None:
    """Build every distribution into dist/."""
    for file in build(DIST):
        print(file.relative_to(ROOT))


if __name__ == "__main__":
    main()
