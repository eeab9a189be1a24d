"""A plugin against its bare loop: interleaved rounds, the median ratio and its spread.

Why interleaved and why the median: the machine is shared, and load that arrives during a
run slows whichever of the two is running. Taking turns (plugin, bare loop, plugin, …) puts
both under the same load in each round, and each round gives one ratio of the pair. The
median of those ratios is reported with their minimum and maximum, so a reader sees how
much the figure moves; the fastest run of each (picked separately) would pair a lucky
plugin run with an unlucky bare loop run.
"""

from __future__ import annotations

import os
import statistics
import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Callable

# Rounds of plugin + bare loop; the environment can lower it for a quick try of the bench.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def interleaved(
    ours: Callable[[], dict], bare: Callable[[], dict], rounds: int = ROUNDS
) -> dict[str, t.Any]:
    """Run the plugin then its bare loop, `rounds` times; every run kept, with the ratios.

    Each run's result must carry `records_per_second` (counted from what it emitted or
    wrote). The answer keeps each round's pair and the median ratio with its spread.
    """
    pairs = [(ours(), bare()) for _ in range(rounds)]
    ratios = [mine["records_per_second"] / loop["records_per_second"] for mine, loop in pairs]
    return {
        "rounds": [{"plugin": mine, "bare": loop} for mine, loop in pairs],
        "ratios": ratios,
        **spread(ratios),
        "plugin_rps": spread([mine["records_per_second"] for mine, _ in pairs]),
        "bare_rps": spread([loop["records_per_second"] for _, loop in pairs]),
    }


def spread(values: list[float]) -> dict[str, float]:
    """The median, minimum and maximum of `values`."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}
