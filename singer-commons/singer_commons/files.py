"""Small file primitives for state that must survive crashes and concurrent runs.

Why: the call ledger, token stores and upload journals are read-modify-written by plugins
that may run at the same time (two Meltano jobs sharing a `state_dir`) and may be killed at
any moment. A reader must never see half a file, and two writers must not interleave.

`exclusive_lock` uses `fcntl.flock`, so this module is POSIX-only (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

PRIVATE_FILE_MODE = 0o600  # state files hold account names and tokens: owner only


def atomic_write_text(path: Path, text: str, *, mode: int = PRIVATE_FILE_MODE) -> None:
    """Replace `path` with `text` so readers see either the old or the new file, never a mix.

    Writes a temporary file in the same directory (os.replace is only atomic within one file
    system), fsyncs it, gives it `mode` before it becomes visible, then renames it over
    `path` and fsyncs the directory so the rename itself survives a power cut. Parent
    directories are created.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def atomic_write_json(path: Path, data: Any, *, mode: int = PRIVATE_FILE_MODE) -> None:
    """Atomically write `data` as pretty, UTF-8 JSON (non-ASCII kept readable)."""
    atomic_write_text(
        path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", mode=mode
    )


def read_json(path: Path, default: Any) -> Any:
    """Return the JSON content of `path`, or `default` when the file does not exist.

    A file that exists but is not valid JSON raises: silently starting from `default` would
    forget spent quota or a rotated refresh token.

    Raises:
        ValueError: when the file is not valid JSON (the message names the file).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return default
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{path} is not valid JSON ({exc}); fix or delete it"
        raise ValueError(msg) from exc


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive `flock` on `path` (created if missing) for the `with` block.

    Serialises PROCESSES (and threads, since every call opens its own file description)
    doing a read-modify-write of a shared file. The lock is released when the block exits
    or the process dies, so a crashed run never leaves a stale lock. POSIX-only.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        # Closing the descriptor releases the flock.
        os.close(fd)


def _fsync_directory(directory: Path) -> None:
    """Persist a rename in `directory` (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
