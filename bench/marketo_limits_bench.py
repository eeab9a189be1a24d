"""Marketo's rate limit: how much of 100 calls / 20 s the tap and the target use, and 606s.

The emulator enforces Marketo's documented limits (100 calls per sliding 20 s, 10 in flight;
606 and 615 beyond) and the plugins run with `max_calls_per_20s` at the full 100 (as when a
plugin is the instance's only integration) for about CALLS calls each: several windows. The
calls the emulator admitted per full 20 s window, over 100, is the utilisation (aim: at
least 90%); every 606 or 615 is a call the plugin should not have made (aim: none).
"""

from __future__ import annotations

import math
import typing as t

from checks import Row, at_least, equal
from harness import Sandbox
from marketo_bench import (
    DESCRIBES,
    PAGE,
    TAP,
    TARGET,
    counters,
    run_tap,
    run_target,
    seed,
    tap_catalog,
)
from ratewindow import CallSampler, utilisation

from marketo_client.settings import DEFAULT_CALLS_PER_WINDOW

if t.TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

WINDOW_SECONDS = 20
LIMIT = 100  # Marketo: 100 calls per 20 s per instance
CALLS = 350  # several windows, without making `make bench` long
UTILISATION_AIM = 0.9
REFUSAL_CODES = ("606", "615")
MARKETO_LIMITS = {
    "rate_limit_calls": LIMIT,
    "rate_limit_window": WINDOW_SECONDS,
    "max_concurrency": 10,
    "daily_quota": 0,
}
PLUGIN_LIMITS = {"max_calls_per_20s": LIMIT}


def admitted(sandbox: Sandbox) -> int:
    """Calls the emulator ran: every call counted minus those it refused for a limit."""
    snapshot = counters(sandbox)
    return int(snapshot["calls"]) - sum(snapshot["errors"].get(code, 0) for code in REFUSAL_CODES)


def limited(sandbox: Sandbox, run: Callable[[], dict]) -> dict:
    """Run a plugin while sampling admitted calls; utilisation and refusals."""
    before = counters(sandbox)["errors"]
    with CallSampler(lambda: admitted(sandbox)) as sampler:
        result = run()
    after = counters(sandbox)["errors"]
    windows = sampler.windows(WINDOW_SECONDS)
    result["windows"] = windows
    result["utilisation"] = utilisation(windows, LIMIT)
    result["refused"] = {code: after.get(code, 0) - before.get(code, 0) for code in REFUSAL_CODES}
    return result


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """The tap and the target, each for about CALLS calls, against the enforced limits."""
    tap_records = (CALLS - DESCRIBES) * PAGE
    target_records = (CALLS - 1) * PAGE  # plus the one describe

    def tap() -> dict:
        return run_tap(sandbox, workdir, tap_records, settings=PLUGIN_LIMITS)

    def target() -> dict:
        return run_target(sandbox, workdir, target_records, settings=PLUGIN_LIMITS)

    tap_catalog(sandbox, workdir)
    seed(sandbox, tap_records, MARKETO_LIMITS)
    tap_result = limited(sandbox, tap)
    seed(sandbox, 0, MARKETO_LIMITS)
    return {"tap": tap_result, "target": limited(sandbox, target)}


def notes(results: dict) -> list[str]:
    """The setting behind the utilisation rows."""
    del results
    return [
        f"The Marketo rate-limit rows run both plugins with max_calls_per_20s={LIMIT}, the "
        "instance's whole limit, to show how much of a limit the client-side limiter can use "
        f"without a 606. The plugins' default is {DEFAULT_CALLS_PER_WINDOW} (Adobe asks third "
        f"parties to stay near 50 of the {LIMIT}, which every integration of an instance "
        f"shares), so by default they use {DEFAULT_CALLS_PER_WINDOW / LIMIT:.0%} on purpose."
    ]


def rows(results: dict) -> list[Row]:
    """Utilisation and refusals of each plugin."""
    table: list[Row] = []
    for plugin, result in ((TAP, results["tap"]), (TARGET, results["target"])):
        windows = result["windows"]
        table += [
            at_least(
                f"{plugin}: calls per 20 s at max_calls_per_20s={LIMIT} (full windows of a "
                f"{math.ceil(result['seconds'])} s run), % of Marketo's {LIMIT}",
                result["utilisation"],
                f"{'/'.join(map(str, windows))} = {result['utilisation']:.1%}",
                UTILISATION_AIM,
                f">= {UTILISATION_AIM:.0%}",
            ),
            equal(
                f"{plugin}: 606 / 615 errors in that run",
                [result["refused"][code] for code in REFUSAL_CODES],
                [0] * len(REFUSAL_CODES),
                "none",
            ),
        ]
    return table
