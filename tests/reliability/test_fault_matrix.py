"""Every plugin under every fault: nothing lost or sent twice, state never ahead of the data.

A tap's kept records end equal to what the vendor holds; a target's vendor ends holding every
row once, each row written once per run it was sent plus once per lost answer, always with the
same content. Duplicates are counted over all the runs of a scenario (`Scenario.duplicates`).

Each fault is put at a random call of the run. The seed is printed (pytest shows it for a
failing test) and `RELIABILITY_SEED=<n>` replays the same points.
"""

from __future__ import annotations

import os
import random
import time

import pytest
from fault_scenarios import (
    EXIT_KILLED,
    FAULTS,
    KILL,
    SCENARIOS,
    STALL_OVER,
    TIMEOUT,
    kill_at_call,
)
from secret_scan import assert_no_secrets

SEED = int(os.environ.get("RELIABILITY_SEED") or random.SystemRandom().randrange(10**9))


@pytest.mark.process
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("plugin", SCENARIOS)
def test_nothing_lost_or_duplicated_and_state_never_ahead(
    sandbox, plugin, fault, run_plugin, tmp_path
):
    sandbox.reset()
    scenario = SCENARIOS[plugin](sandbox, run_plugin, tmp_path)
    scenario.prepare()
    after = random.Random(f"{SEED}-{plugin}-{fault}").randrange(scenario.calls)  # noqa: S311
    print(f"RELIABILITY_SEED={SEED}: {fault} at call {after + 1} of {plugin}")

    if fault == KILL:
        first = kill_at_call(scenario, after, None)
    else:
        scenario.inject(fault, after)
        first = scenario.run(None)
        if fault == TIMEOUT:
            time.sleep(STALL_OVER)  # the stalled call writes late: count it with this run
    scenario.absorb(first)
    logs = [first.stderr]

    stop = scenario.stops.get(fault)
    if fault == KILL:
        assert first.returncode == EXIT_KILLED, first.stderr
    elif stop is None:
        assert first.returncode == 0, first.stderr
    else:
        assert first.returncode == stop.code, first.stderr
        assert stop.says in first.stderr
        assert "Traceback" not in first.stderr
    if fault not in scenario.configured:
        assert scenario.faults_injected() >= 1
    scenario.check_not_ahead(first)

    if first.returncode != 0:
        scenario.lift(fault)
        states = first.states()
        rerun = scenario.run(states[-1] if states else None)
        scenario.absorb(rerun)
        logs.append(rerun.stderr)
        assert rerun.returncode == 0, rerun.stderr
        scenario.check_not_ahead(rerun)

    assert scenario.duplicates() == {}
    assert scenario.contents() == scenario.expected()
    assert_no_secrets(*logs, tmp_path / "rejects.jsonl")
