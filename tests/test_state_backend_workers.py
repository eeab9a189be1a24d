"""N workers behave like one: the plugins' own state shared through `state_backend`.

Three real plugin processes run at once, against the sandbox, sharing either one PostgreSQL
database (each with a `state_dir` of its own, as workers on three machines would have) or,
on one machine, one `state_dir` of files. What they must not do is what two unaware workers
would: present a refresh token Keap already rotated away, or spend more of 配配メール's daily
quota than the budget allows. The emulators count what really reached them.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import psycopg
import pytest

from singer_commons.state_postgres import DOCUMENTS
from vendor_sandbox.testing.haihai import NOW, at, calls_on, connection_config, next_day
from vendor_sandbox.testing.keap import FIRST_REFRESH_TOKEN, TAP, key_config, oauth_config
from vendor_sandbox.testing.runner import PluginRun, PluginRunner, selecting

pytestmark = pytest.mark.process

WORKERS = 3
BACKENDS = ["file", "postgresql"]
EXIT_BUDGET_SPENT = 75
HAIHAI_TAP = "tap-haihai-mail"
HAIHAI_BUDGET = 10
CONTACTS = 60


def backend_settings(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, worker: int
) -> dict[str, str]:
    """Where worker `worker` keeps its state: its own machine's directory and the database,
    or the one directory every process of one machine shares."""
    if backend == "postgresql":
        uri = request.getfixturevalue("state_database")
        return {"state_backend": uri, "state_dir": str(tmp_path / f"machine-{worker}")}
    return {"state_dir": str(tmp_path / "machine")}  # state_backend left at its default


def run_together(
    tmp_path: Path,
    name: str,
    executable: str,
    configs: list[dict[str, t.Any]],
    *,
    states: list[dict[str, t.Any]] | None = None,
    **options: t.Any,
) -> list[PluginRun]:
    """Start one process per config at once, each in a folder of its own; wait for all."""
    runners = [PluginRunner(tmp_path / f"{name}-{n}") for n in range(len(configs))]
    processes = []
    for n, (runner, config) in enumerate(zip(runners, configs, strict=True)):
        runner.workdir.mkdir()
        state = states[n] if states else None
        processes.append(runner.start(executable, config, state=state, **options))
    return [
        runner.collect(executable, process)
        for runner, process in zip(runners, processes, strict=True)
    ]


def stored_documents(uri: str) -> dict[str, dict[str, t.Any]]:
    """The state rows of the database: document name → content."""
    with psycopg.connect(uri) as connection:
        return dict(connection.execute(f"SELECT name, content FROM {DOCUMENTS}").fetchall())  # noqa: S608


@pytest.mark.parametrize("backend", BACKENDS)
def test_three_taps_sharing_one_oauth_app_never_present_a_spent_refresh_token(
    keap, run_plugin, tmp_path, request, backend
):
    keap.seed(contacts=CONTACTS, default=1)
    # Access tokens live 1 s (the plugins refresh at half that) and every call takes at least
    # 0.1 s: with one contact a page each process runs 6 s or more, so the shared token is
    # rotated many times while all three run, however fast the machine.
    keap.configure(token_ttl=1, latency=0.1)
    discovered = run_plugin(TAP, key_config(keap, str(tmp_path / "d")), args=("--discover",))
    contacts = selecting(json.loads(discovered.stdout), "contacts")
    configs = [
        oauth_config(keap, page_size=1, **backend_settings(backend, request, tmp_path, n))
        for n in range(WORKERS)
    ]

    runs = run_together(tmp_path, "keap", TAP, configs, catalog=contacts)

    assert [run.returncode for run in runs] == [0] * WORKERS, [run.stderr[-2000:] for run in runs]
    for run in runs:
        assert sorted(r["id"] for r in run.records("contacts")) == list(range(1, CONTACTS + 1))
        assert FIRST_REFRESH_TOKEN not in run.stderr
    counters = keap.counters()
    assert counters["refresh_tokens_rejected"] == 0
    assert counters["token_calls"] > WORKERS  # tokens were rotated mid-run, not once each
    if backend == "postgresql":
        (store,) = [
            content
            for name, content in stored_documents(configs[0]["state_backend"]).items()
            if name.startswith("keap-oauth-")
        ]
        assert store["refresh_token"] != FIRST_REFRESH_TOKEN
        on_disk = [path for c in configs for path in Path(c["state_dir"]).glob("keap-oauth-*")]
        assert on_disk == []  # the token store is the database's, not a machine's
        assert configs[0]["state_backend"] not in "".join(run.stderr for run in runs)


@pytest.mark.parametrize("backend", BACKENDS)
def test_three_haihai_jobs_spend_exactly_the_budget_then_resume_the_next_day(
    haihai, run_plugin, tmp_path, request, backend
):
    env = at(haihai, NOW)
    haihai.seed(days=7)
    # The vendor's own quota equals the budget: a single call too many would be a 429.
    haihai.configure(daily_quota=HAIHAI_BUDGET)
    configs = [
        connection_config(
            haihai,
            start_date="2026-11-18",  # five whole days (18th … 22nd): five calls a job
            daily_call_budget=HAIHAI_BUDGET,
            **backend_settings(backend, request, tmp_path, n),
        )
        for n in range(WORKERS)
    ]
    discovered = run_plugin(HAIHAI_TAP, configs[0], args=("--discover",))
    opens = selecting(json.loads(discovered.stdout), "opens")
    before = haihai.counters()["calls"]

    today = run_together(tmp_path, "day1", HAIHAI_TAP, configs, catalog=opens, env=env)

    codes = sorted(run.returncode for run in today)
    assert set(codes) <= {0, EXIT_BUDGET_SPENT}, [run.stderr[-2000:] for run in today]
    assert EXIT_BUDGET_SPENT in codes  # 15 calls wanted, 10 allowed
    for run in today:
        if run.returncode == EXIT_BUDGET_SPENT:
            assert "resets at 2026-11-24T00:00:00+09:00" in run.stderr
    assert haihai.counters()["calls"] - before == HAIHAI_BUDGET
    assert calls_on(haihai, "2026-11-23") == {"opens": HAIHAI_BUDGET}
    assert haihai.counters()["rate_limited"] == 0

    env = at(haihai, next_day(NOW))
    states = [run.states()[-1] for run in today]
    tomorrow = run_together(
        tmp_path, "day2", HAIHAI_TAP, configs, states=states, catalog=opens, env=env
    )

    assert [run.returncode for run in tomorrow] == [0] * WORKERS, [r.stderr for r in tomorrow]
    # The five undone calls, and one each for the new complete day (the 23rd).
    assert calls_on(haihai, "2026-11-24") == {"opens": WORKERS * 5 - HAIHAI_BUDGET + WORKERS}
    for first, resumed in zip(today, tomorrow, strict=True):
        rows = first.records("opens") + resumed.records("opens")
        keys = [(r["date"], r["mail_id"], r["email"], r["opened_at"]) for r in rows]
        assert len(keys) == len(set(keys))  # nothing read twice
        assert {r["date"] for r in rows} == {f"2026-11-{day}" for day in range(18, 23)}
