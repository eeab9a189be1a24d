"""Each plugin installed alone from `dist/`, the way a user outside this repository installs it.

Two ways, each followed by a short sync against the sandbox: an empty venv and
`pip install --find-links dist <distribution>` (the machine's configured index for the rest),
and a Meltano project in a temporary directory that adds the plugin from its Hub definition
with a `pip_url` naming only wheels of `dist/`. Either must bring exactly the plugin's chain
of ours (singer-commons, its vendor's client, the plugin) and nothing of this checkout.

The short sync is the plugin's clean run of the fault matrix (reliability/fault_scenarios.py):
the emulator must end up serving or holding what the scenario expects. The wheels are built
once per test run (as `make dist` builds them) into a directory every xdist worker shares,
under a lock; each test has its own venv or project under its own tmp_path, and pip keeps its
one cache across venvs, so the tests may run beside each other.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import typing as t

import pytest
import yaml
from about_sections import PLUGINS, ROOT
from distributions import FOLDERS, PREFIX, build, chain, distribution, project, wheel
from hub_definitions import path as hub_path
from meltano_project import MELTANO, MeltanoProject
from reliability.fault_scenarios import SCENARIOS

from vendor_sandbox.testing.runner import BIN, PluginRunner

if t.TYPE_CHECKING:
    from pathlib import Path

    from reliability.fault_scenarios import Scenario

    from vendor_sandbox import SandboxClient

INSTALL_SECONDS = 900
# The first test of a run also waits for the build of every distribution.
pytestmark = [pytest.mark.process, pytest.mark.timeout(2 * INSTALL_SECONDS)]
# The clean run of each plugin (the Keap tap's REST resources, not its XML-RPC reports).
CLEAN_RUNS: dict[str, type[Scenario]] = {}
for _scenario in SCENARIOS.values():
    CLEAN_RUNS.setdefault(_scenario.plugin, _scenario)
PROJECT_FILE = """\
default_environment: sandbox
send_anonymous_usage_stats: false
environments:
- name: sandbox
venv:
  backend: uv
"""


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every distribution's wheel and sdist, built once for all xdist workers of this run."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's directory, above each worker's own
    built = shared / "dist"
    with (shared / "dist.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "dist.built").exists():
            build(built)
            (shared / "dist.built").touch()
    return built


class VenvRunner(PluginRunner):
    """Runs the executables of another venv (the plugin's own) instead of this one's."""

    def __init__(self, workdir: Path, bin_dir: Path) -> None:
        super().__init__(workdir)
        self.bin_dir = bin_dir

    def command(self, executable: str, config: dict[str, t.Any], **files: t.Any) -> list[str]:
        """The runner's command line, with the other venv's executable."""
        command = super().command(executable, config, **files)
        return [str(self.bin_dir / executable), *command[1:]]


class MeltanoRunner(PluginRunner):
    """Runs a plugin through `meltano invoke` in a project: its config set in meltano.yml.

    A catalog with selected streams becomes the plugin's `select` rules, and `--discover`
    is `meltano invoke --dump=catalog`: Meltano hands the tap its catalog itself.
    """

    def __init__(self, meltano: MeltanoProject) -> None:
        super().__init__(meltano.root)  # the runs' working folder: the project's
        self.meltano = meltano

    def command(
        self,
        executable: str,
        config: dict[str, t.Any],
        *,
        state: dict | None = None,
        catalog: dict | None = None,
        args: tuple[str, ...] = (),
    ) -> list[str]:
        """`meltano invoke` of the plugin, once its config is set in meltano.yml."""
        assert state is None, "the clean runs start from no state"
        self.configure(executable, config, catalog)
        invoke = ["invoke", "--dump=catalog"] if "--discover" in args else ["invoke"]
        extra = [arg for arg in args if arg != "--discover"]
        return [str(MELTANO), *invoke, executable, *extra]

    def environment(self, env: dict[str, str] | None) -> dict[str, str]:
        """The project's environment: the sandbox's URLs, fast retries, the test's variables."""
        return self.meltano.env(**(env or {}))

    def configure(self, plugin: str, config: dict[str, t.Any], catalog: dict | None) -> None:
        """Set the plugin's config (and select rules from a catalog) in meltano.yml."""
        path = self.meltano.root / "meltano.yml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entries in document["plugins"].values():
            for entry in entries:
                if entry["name"] == plugin:
                    entry["config"] = config
                    if catalog is not None:
                        entry["select"] = [f"{stream}.*" for stream in selected(catalog)]
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def selected(catalog: dict[str, t.Any]) -> list[str]:
    """The streams a catalog selects."""
    return [
        entry["tap_stream_id"]
        for entry in catalog["streams"]
        for metadata in entry["metadata"]
        if not metadata["breadcrumb"] and metadata["metadata"].get("selected")
    ]


def synced(plugin: str, sandbox: SandboxClient, runner: PluginRunner, tmp_path: Path) -> None:
    """The plugin's clean run against a clean sandbox; the emulator holds what it must."""
    sandbox.reset()
    scenario = CLEAN_RUNS[plugin](sandbox, runner, tmp_path)
    scenario.prepare()
    run = scenario.run(None)
    assert run.returncode == 0, run.stderr[-6000:]
    scenario.absorb(run)
    assert scenario.contents() == scenario.expected()


def venv_with(tmp_path: Path, dist: Path, plugin: str) -> Path:
    """A new venv with `pip install --find-links dist <distribution>`: its bin directory."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = str(venv / "bin" / "pip")
    installed = subprocess.run(
        [
            pip,
            "install",
            "--quiet",
            "--no-compile",
            "--find-links",
            str(dist),
            distribution(plugin),
        ],
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-6000:]
    consistent = subprocess.run([pip, "check"], capture_output=True, text=True, check=False)
    assert consistent.returncode == 0, consistent.stdout
    return venv / "bin"


def ours_in(bin_dir: Path) -> set[str]:
    """The distributions of ours installed in a venv, with their versions."""
    listed = subprocess.run(
        [str(BIN / "uv"), "pip", "list", "--python", str(bin_dir / "python"), "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        f"{package['name']}=={package['version']}"
        for package in json.loads(listed.stdout)
        if package["name"].startswith(PREFIX)
    }


def chain_pins(plugin: str) -> set[str]:
    """The plugin's chain of ours, each at its version in this checkout."""
    return {f"{distribution(folder)}=={project(folder)['version']}" for folder in chain(plugin)}


def test_dist_holds_a_wheel_and_an_sdist_of_every_distribution(dist):
    built = {file.name for file in dist.iterdir()}  # and twine checked each, in `build`
    for folder in FOLDERS:
        assert wheel(dist, folder).name in built, folder
        assert f"{wheel(dist, folder).name.split('-py3-')[0]}.tar.gz" in built, folder


@pytest.mark.parametrize("plugin", PLUGINS)
def test_pip_installs_the_plugin_alone_from_dist_and_it_syncs(plugin, dist, sandbox, tmp_path):
    bin_dir = venv_with(tmp_path, dist, plugin)
    assert ours_in(bin_dir) == chain_pins(plugin)
    packages = [folder.replace("-", "_") for folder in chain(plugin)]
    imported = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            f"import {', '.join(packages)}; print({packages[-1]}.__file__)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert imported.stdout.startswith(str(bin_dir.parent)), imported.stdout  # not this checkout

    about = subprocess.run(
        [str(bin_dir / plugin), "--about", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    described = json.loads(about.stdout)
    assert (described["name"], described["version"]) == (plugin, project(plugin)["version"])
    synced(plugin, sandbox, VenvRunner(tmp_path, bin_dir), tmp_path)


@pytest.mark.meltano
@pytest.mark.parametrize("plugin", PLUGINS)
def test_meltano_elsewhere_adds_the_plugin_from_dist_wheels_and_runs_it(
    plugin, dist, sandbox, tmp_path
):
    root = tmp_path / "project"
    root.mkdir()
    (root / "meltano.yml").write_text(PROJECT_FILE, encoding="utf-8")
    definition = yaml.safe_load((ROOT / hub_path(plugin)).read_text(encoding="utf-8"))
    definition["pip_url"] = " ".join(str(wheel(dist, folder)) for folder in chain(plugin))
    reference = tmp_path / f"{plugin}.yml"
    reference.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    meltano = MeltanoProject(sandbox, {}, root=root)

    meltano("add", "--from-ref", str(reference), plugin, timeout=INSTALL_SECONDS)

    kind = "extractors" if plugin.startswith("tap-") else "loaders"
    assert ours_in(root / ".meltano" / kind / plugin / "venv" / "bin") == chain_pins(plugin)
    synced(plugin, sandbox, MeltanoRunner(meltano), tmp_path)
