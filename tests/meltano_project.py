"""Running this repository's Meltano project from tests, against a test's own sandbox.

Every test that drives `meltano` in the project folder shares one xdist group
(`MELTANO_GROUP`): they share `.meltano/` (plugin venvs, system database) and `output/`.
Each run gets a state-ID suffix of its own, so tests never see each other's bookmarks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import typing as t
import uuid
from dataclasses import dataclass
from pathlib import Path

from about_sections import ROOT

from vendor_sandbox.testing.runner import BIN, FAST_RETRIES

if t.TYPE_CHECKING:
    from vendor_sandbox import SandboxClient

MELTANO = BIN / "meltano"
MELTANO_GROUP = "meltano-project"


@dataclass
class MeltanoProject:
    """`meltano` commands in the project folder, pointed at one sandbox."""

    sandbox: SandboxClient
    extra_env: dict[str, str]
    root: Path = ROOT

    def env(self, **overrides: str) -> dict[str, str]:
        """The environment of a command: the sandbox's URLs, quiet telemetry, fast retries."""
        return {
            **os.environ,
            **FAST_RETRIES,
            "SANDBOX_URL": self.sandbox.base_url,
            "SANDBOX_SMTP_PORT": str(self.sandbox.mail.settings()["port"]),
            "MELTANO_ENVIRONMENT": "sandbox",
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
            **self.extra_env,
            **overrides,
        }

    def __call__(self, *args: str, timeout: float = 600, **env: str) -> str:
        """Run `meltano <args>`; fail the test with the log's tail when it fails."""
        completed = subprocess.run(
            [str(MELTANO), *args],
            cwd=self.root,
            env=self.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0:
            tail = completed.stdout[-6000:]
            msg = f"meltano {' '.join(args)} exited {completed.returncode}:\n{tail}"
            raise AssertionError(msg)
        return completed.stdout

    def run_job(self, job: str, state_suffix: str, **env: str) -> str:
        """`meltano run` of one job, its bookmarks kept under `state_suffix`."""
        return self("run", "--state-id-suffix", state_suffix, job, **env)


def new_state_suffix() -> str:
    """A state-ID suffix no other run uses: the run starts with no bookmarks."""
    return f"test-{uuid.uuid4().hex[:8]}"


def copy_checkout(destination: Path) -> Path:
    """The repository's tracked files copied to `destination`: a fresh checkout, no `.meltano`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination
