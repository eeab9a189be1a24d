"""Table rows every benchmark builds the same way, and the aims they are held to.

A row is a `checks.Row`: the measured value with its aim, so a miss fails `make bench`.
"""

from __future__ import annotations

from checks import Row, at_least, at_most, below, context, equal
from harness import size

# The speed aims: the median, over interleaved rounds (rounds.py), of a plugin's records/s
# over its bare loop's. A tap adds little to its calls and its output; a target checks every
# record before it writes: hence a lower aim for targets.
TAP_SPEED_AIM = 0.9
TARGET_SPEED_AIM = 0.7
RSS_GROWTH_AIM_MB = 30


# The poll experiment of both bulk targets (haihai_polls_bench, satori_polls_bench): this many
# uploads of this many rows, each processed for a random, seeded time up to the maximum, the
# target's first wait set to POLL_INTERVAL.
POLL_UPLOADS = 5
POLL_ROWS_PER_UPLOAD = 200
PROCESSING_SECONDS_MAX = 2.0
PROCESSING_SEED = 24
POLL_INTERVAL = 0.05


def most_polls(processing: float, first_wait: float, max_wait: float) -> int:
    """The most status questions a documented schedule needs for a job done after `processing` s.

    The schedule both targets document: a question right after the upload, then waits of
    `first_wait` doubling up to `max_wait`. A job done D seconds after its upload is seen done
    by question 1 + k at the latest, k the fewest waits adding up to D (later questions only
    come later, so they can only need fewer).
    """
    asked, waited, wait = 1, 0.0, first_wait
    while waited < processing:
        waited, wait, asked = waited + wait, min(wait * 2, max_wait), asked + 1
    return asked


def poll_rows(
    target: str,
    jobs: list[dict],
    status_polls: int,
    records: int,
    *,
    wording: tuple[str, str, str],
    max_wait: float,
) -> list[Row]:
    """The poll experiment's rows: each job's polls against `most_polls`, and the totals.

    `jobs` hold each upload's `processing_seconds`, `polls` and `imported` rows, as the
    emulator counted them; `wording` names, in the vendor's words, the status call, the
    uploads and the answer meaning "still processing" (e.g. "status", "imports", "処理中").
    """
    call, unit, busy = wording
    polls = [job["polls"] for job in jobs]
    return [
        at_most(
            f"{target}: {call} polls of each of {len(jobs)} {unit}, each {busy} for a random "
            f"0-{PROCESSING_SECONDS_MAX:g} s (seed {PROCESSING_SEED}; poll_interval_seconds="
            f"{POLL_INTERVAL:g})",
            polls,
            [most_polls(job["processing_seconds"], POLL_INTERVAL, max_wait) for job in jobs],
            "1 + the waits (doubling from poll_interval_seconds) that cover its processing time",
        ),
        equal(
            f"{target}: {call} calls the emulator counted in that run",
            status_polls,
            sum(polls),
            f"the {unit}' polls added up",
        ),
        equal(
            f"{target}: customers imported in that run",
            sum(job["imported"] for job in jobs),
            records,
            "N",
        ),
    ]


def calls_row(plugin: str, what: str, calls: int, minimum: int, why: str) -> Row:
    """API calls the emulator counted against the fewest that could do it (`why`)."""
    return equal(f"{plugin}: {what}", calls, minimum, why)


def records_row(plugin: str, unit: str, emitted: int, seeded: int) -> Row:
    """Records a tap emitted (RECORD lines of its output) against those seeded."""
    return equal(f"{plugin}: {unit} emitted (RECORD lines)", emitted, seeded, f"{unit} seeded")


def _rate(values: dict[str, float]) -> str:
    return f"{values['median']:,.0f} ({values['min']:,.0f}-{values['max']:,.0f})"


def speed_rows(plugin: str, unit: str, speed: dict, aim: float, bare_label: str) -> list[Row]:
    """Records/s of a plugin and of its bare loop over interleaved rounds, and their ratio.

    Each is shown as median (min-max); the ratio is the median of each round's ratio.
    """
    rounds = len(speed["ratios"])
    size_of = speed["rounds"][0]["plugin"]["records"]
    at = f"at {size(size_of)} {unit}, median (min-max) of {rounds} interleaved rounds"
    return [
        context(
            f"{plugin} records/s {at}", speed["plugin_rps"]["median"], _rate(speed["plugin_rps"])
        ),
        context(
            f"{bare_label} records/s {at}", speed["bare_rps"]["median"], _rate(speed["bare_rps"])
        ),
        at_least(
            f"{plugin} / bare loop, median (min-max) of the rounds' ratios",
            speed["median"],
            f"{speed['median']:.1%} ({speed['min']:.1%}-{speed['max']:.1%})",
            aim,
            f">= {aim:.0%}",
        ),
    ]


def rss_rows(plugin: str, unit: str, small: dict, large: dict) -> list[Row]:
    """Peak RSS at the small and the large size, and the growth between them."""
    sizes = f"{size(small['records'])} / {size(large['records'])} {unit}".rstrip()
    growth = large["peak_rss_mb"] - small["peak_rss_mb"]
    return [
        context(
            f"{plugin} peak RSS at {sizes} (MB)",
            [round(small["peak_rss_mb"], 1), round(large["peak_rss_mb"], 1)],
            f"{small['peak_rss_mb']:.0f} / {large['peak_rss_mb']:.0f}",
        ),
        below(
            f"{plugin} RSS growth {size(small['records'])} -> {size(large['records'])} (MB)",
            round(growth, 1),
            f"{growth:.1f}",
            RSS_GROWTH_AIM_MB,
            f"< {RSS_GROWTH_AIM_MB}",
        ),
    ]
