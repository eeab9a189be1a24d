"""Peer plugins nobody here wrote, installed from PyPI into venvs of their own.

The peer tests prove our taps and targets against real Singer software, so each peer gets the
dependencies its authors pinned, isolated from ours (target-jsonl still runs on singer-python;
tap-spreadsheets and tap-jsonl pin older singer-sdk releases than ours). Each venv lives in
`.peers/<distribution>` and is built once per machine: a marker file records the requirement
it was built for, and an fcntl lock makes concurrent pytest-xdist workers wait for one install
instead of racing.

Every version below installs and runs on Python 3.11 (all need >= 3.10); they are the newest
releases on PyPI when pinned.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS_DIR = ROOT / ".peers"
INSTALL_SECONDS = 600
MARKER = ".installed"


@dataclass(frozen=True)
class Peer:
    """A PyPI distribution and the console script it installs.

    Attributes:
        requirement: The pinned requirement, e.g. `target-jsonl==0.1.4`.
        executable: The console script's name.
    """

    requirement: str
    executable: str

    @property
    def distribution(self) -> str:
        """The distribution's name, which names its venv directory."""
        return self.requirement.split("==")[0]


PEERS = {
    peer.executable: peer
    for peer in (
        Peer("target-jsonl==0.1.4", "target-jsonl"),
        Peer("meltanolabs-target-csv==0.5.0", "target-csv"),
        Peer("meltanolabs-target-postgres==0.8.1", "target-postgres"),
        Peer("tap-spreadsheets==1.1.2", "tap-spreadsheets"),
        Peer("tap-jsonl==0.3.1", "tap-jsonl"),
    )
}


def peer_executable(executable: str) -> Path:
    """The path of a peer's console script, installing the peer first if needed.

    Args:
        executable: A key of `PEERS`, e.g. `target-csv`.

    Returns:
        The console script inside the peer's own venv.
    """
    peer = PEERS[executable]
    venv = PEERS_DIR / peer.distribution
    script = venv / "bin" / peer.executable
    marker = venv / MARKER
    PEERS_DIR.mkdir(exist_ok=True)
    with (PEERS_DIR / f"{peer.distribution}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (marker.exists() and marker.read_text() == peer.requirement and script.exists()):
            _install(peer, venv)
            marker.write_text(peer.requirement)
    return script


def _install(peer: Peer, venv: Path) -> None:
    """A new venv with only the peer and its dependencies (a half-built one is replaced).

    Bytecode is compiled at install time so the first test run does not pay for it.
    """
    shutil.rmtree(venv, ignore_errors=True)
    uv = str(Path(sys.executable).parent / "uv")
    python = str(venv / "bin" / "python")
    subprocess.run(
        [uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
        check=True,
        timeout=INSTALL_SECONDS,
    )
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--compile-bytecode",
            "--python",
            python,
            peer.requirement,
        ],
        check=True,
        timeout=INSTALL_SECONDS,
    )
