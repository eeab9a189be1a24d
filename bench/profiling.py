"""cProfile runs of a plugin and the few functions its time goes to.

`profiled` takes the same arguments as `harness.measured`, so a benchmark can run a plugin
either way. The hot spots are the functions with the most own time (`tottime`), with their
share of the run; waiting for the vendor shows up as the socket's `recv_into` (or a lock's
`acquire` when another thread fetched the page: cProfile sees the main thread only). The
areas add own time up by where the code lives (a package, the standard library, waiting),
which says at a glance whether the vendor, the SDK or the plugin's own code dominates.
"""

from __future__ import annotations

import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import BIN

TOP = 6
TOP_AREAS = 5
SITE_PACKAGES = f"{BIN.parent}/lib/python3.11/site-packages/"
WORKSPACE = f"{BIN.parent.parent}/"
# Path prefixes cut from function names, longest first, so the table stays readable.
PREFIXES = (SITE_PACKAGES, WORKSPACE)
# Built-ins whose time is waiting, not work: the socket, and a lock (a page fetched ahead
# by another thread, which cProfile does not see, or the rate limiter).
WAITING_CALLS = ("'recv_into' of '_socket", "'sendall' of '_socket", "'acquire' of '_thread")
WAITING = "waiting for the vendor"


def _where(filename: str, line: int, function: str) -> str:
    """`package/module.py:line(function)`, or `{built-in …}` as cProfile names it."""
    if filename == "~":
        return function
    for prefix in PREFIXES:
        if filename.startswith(prefix):
            filename = filename[len(prefix) :]
            break
    else:
        filename = Path(filename).name
    return f"{filename}:{line}({function})"


def area(filename: str, function: str) -> str | None:
    """Where a function lives: a package (its import name), `stdlib`, WAITING, or None.

    None for the other built-ins (`isinstance`, `dict.get`, `fsync`, msgspec's codec…):
    their time belongs to whoever called them.
    """
    if filename == "~":
        return WAITING if any(call in function for call in WAITING_CALLS) else None
    if filename.startswith(SITE_PACKAGES):
        return filename[len(SITE_PACKAGES) :].split("/", maxsplit=1)[0].removesuffix(".py")
    if filename.startswith(WORKSPACE):
        return filename[len(WORKSPACE) :].split("/")[1].removesuffix(".py")
    return "stdlib"


def areas(stats: pstats.Stats, total: float, top: int = TOP_AREAS) -> list[dict]:
    """Own time summed by area (built-ins by their callers'), the `top` with their share."""
    by_area: dict[str, float] = {}
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, _, function), (_, _, own, _, callers) in raw.items():
        name = area(filename, function)
        if name is not None:
            by_area[name] = by_area.get(name, 0.0) + own
            continue
        for (caller_file, _, caller_function), caller_stats in callers.items():
            caller = area(caller_file, caller_function) or "builtins"
            by_area[caller] = by_area.get(caller, 0.0) + caller_stats[2]
    ranked = sorted(by_area.items(), key=lambda item: item[1], reverse=True)[:top]
    return [{"area": name, "share": own / total if total else 0.0} for name, own in ranked]


def hot_spots(profile: Path, top: int = TOP) -> tuple[float, list[dict], list[dict]]:
    """The run's total time, its `top` functions by own time, and its areas."""
    stats = pstats.Stats(str(profile))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    spots = [
        {
            "function": _where(*where),
            "calls": calls,
            "own_seconds": own,
            "share": own / total if total else 0.0,
        }
        for where, (_, calls, own, _, _) in rows[:top]
    ]
    return total, spots, areas(stats, total)


def profiled(command: list[str], stdin: Path | None = None, stdout: Path | None = None) -> dict:
    """Run a plugin (a console script of the venv) under cProfile; its hot spots.

    Raises:
        SystemExit: the plugin failed (its stderr is shown).
    """
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "run.prof"
        with (
            Path(stdin or "/dev/null").open("rb") as source,
            Path(stdout or "/dev/null").open("wb") as sink,
        ):
            run = subprocess.run(
                [sys.executable, "-m", "cProfile", "-o", str(profile), *command],
                stdin=source,
                stdout=sink,
                stderr=subprocess.PIPE,
                check=False,
            )
        if run.returncode != 0:
            tail = run.stderr.decode(errors="replace")[-2000:]
            raise SystemExit(f"{Path(command[0]).name} failed under cProfile:\n{tail}")
        total, spots, by_area = hot_spots(profile)
    return {"seconds": total, "hot_spots": spots, "areas": by_area}
