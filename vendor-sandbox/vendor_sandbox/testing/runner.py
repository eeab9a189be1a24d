"""Running plugins as real processes, the way Meltano and shell pipes run them.

The executables are those installed beside the running Python (the workspace's `.venv`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
# The plugins honour their test hooks (the clock and the retry wait scale) only with this
# switch, and log a WARNING naming them; a production environment never sets it.
TEST_HOOKS = {"SINGER_CONNECTORS_TEST_HOOKS": "1"}
# Fault tests retry for real; scale the vendors' multi-second waits down to milliseconds
# (singer_commons' retry wait scale, read by every plugin).
FAST_RETRIES = {**TEST_HOOKS, "SINGER_CONNECTORS_RETRY_WAIT_SCALE": "0.001"}


@dataclass
class PluginRun:
    """What a plugin process did: exit code, Singer messages out, log lines."""

    returncode: int
    stdout: str
    stderr: str
    messages: list[dict[str, t.Any]] = field(default_factory=list)

    def records(self, stream: str | None = None) -> list[dict[str, t.Any]]:
        """RECORD values, of one stream or of all."""
        return [
            m["record"]
            for m in self.messages
            if m.get("type") == "RECORD" and (stream is None or m["stream"] == stream)
        ]

    def states(self) -> list[dict[str, t.Any]]:
        """STATE values: a tap's STATE messages, or the bare state lines a target emits."""
        return [
            m["value"] if m.get("type") == "STATE" else m
            for m in self.messages
            if m.get("type") in {"STATE", None}
        ]


class PluginRunner:
    """Starts `<plugin> --config … [--state …]` with Singer input on stdin."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def __call__(
        self,
        executable: str,
        config: dict[str, t.Any],
        *,
        stdin: str | bytes | None = None,
        state: dict | None = None,
        catalog: dict | None = None,
        args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        timeout: float = 180,
    ) -> PluginRun:
        """Run the plugin to its end (or `timeout`) and return what it did."""
        completed = subprocess.run(  # noqa: S603 - an executable of this environment
            self.command(executable, config, state=state, catalog=catalog, args=args),
            input=stdin.encode() if isinstance(stdin, str) else stdin,
            capture_output=True,
            timeout=timeout,
            cwd=self.workdir,
            env=self.environment(env),
            check=False,
        )
        return finished(completed.returncode, completed.stdout, completed.stderr, args)

    def start(
        self,
        executable: str,
        config: dict[str, t.Any],
        *,
        stdin: str = "",
        state: dict | None = None,
        catalog: dict | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start the plugin without waiting, e.g. to kill it mid-run; see `collect`.

        Its stdin is written from a file, so a target never blocks the test on a full pipe.
        """
        stdin_path = self.workdir / f"{executable}-stdin.jsonl"
        stdin_path.write_text(stdin, encoding="utf-8")
        with (
            stdin_path.open("rb") as stdin_file,
            (self.workdir / f"{executable}-stdout").open("wb") as stdout_file,
            (self.workdir / f"{executable}-stderr").open("wb") as stderr_file,
        ):
            return subprocess.Popen(  # noqa: S603 - an executable of this environment
                self.command(executable, config, state=state, catalog=catalog),
                stdin=stdin_file,
                stdout=stdout_file,
                stderr=stderr_file,
                cwd=self.workdir,
                env=self.environment(env),
            )

    def collect(self, executable: str, process: subprocess.Popen[bytes]) -> PluginRun:
        """What a started plugin did, once it ended (or was killed); complete lines only."""
        returncode = process.wait(timeout=180)
        stdout = (self.workdir / f"{executable}-stdout").read_bytes()
        complete = stdout[: stdout.rfind(b"\n") + 1]
        return finished(
            returncode, complete, (self.workdir / f"{executable}-stderr").read_bytes(), ()
        )

    def command(
        self,
        executable: str,
        config: dict[str, t.Any],
        *,
        state: dict | None = None,
        catalog: dict | None = None,
        args: tuple[str, ...] = (),
    ) -> list[str]:
        """The command line, with config, state and catalog written to files in the workdir."""
        config_path = self.workdir / f"{executable}-config.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        command = [str(BIN / executable), "--config", str(config_path), *args]
        if state is not None:
            state_path = self.workdir / f"{executable}-state.json"
            state_path.write_text(json.dumps(state), encoding="utf-8")
            command += ["--state", str(state_path)]
        if catalog is not None:
            catalog_path = self.workdir / f"{executable}-catalog.json"
            catalog_path.write_text(json.dumps(catalog), encoding="utf-8")
            command += ["--catalog", str(catalog_path)]
        return command

    def environment(self, env: dict[str, str] | None) -> dict[str, str]:
        """This process's environment with fast retries and the test's own variables."""
        return {**os.environ, **FAST_RETRIES, **(env or {})}


def finished(returncode: int, stdout: bytes, stderr: bytes, args: tuple[str, ...]) -> PluginRun:
    """A PluginRun of a process's outputs; discovery prints a catalog, not messages."""
    text = stdout.decode()
    return PluginRun(
        returncode,
        text,
        stderr.decode(),
        [] if "--discover" in args else [json.loads(line) for line in text.splitlines()],
    )


def singer_lines(*messages: dict) -> str:
    """Singer messages as the stdin of a target."""
    return "".join(json.dumps(message, ensure_ascii=False) + "\n" for message in messages)


def selecting(catalog: dict[str, t.Any], *streams: str) -> dict[str, t.Any]:
    """The catalog with only the named streams (and all their fields) selected."""
    for entry in catalog["streams"]:
        for metadata in entry["metadata"]:
            if not metadata["breadcrumb"]:
                metadata["metadata"]["selected"] = entry["tap_stream_id"] in streams
    return catalog
