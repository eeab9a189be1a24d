"""meltano.yml's jobs launched by Dagster (orchestrate/dagster), storage on a real PostgreSQL.

The deployment of the README's "Orchestration" section in miniature: Dagster's instance is
the repository's dagster.yaml (runs, events and schedules in one PostgreSQL database),
Meltano's system database is another database of the same server, and `dagster job execute`
launches the jobs of the definitions module, which runs `meltano run` for each task. Nothing
here calls `meltano run` itself: what the emulators hold afterwards was put there by runs
Dagster launched and recorded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import psycopg
import pytest
import yaml
from about_sections import ROOT
from meltano_project import MELTANO, MELTANO_GROUP, MeltanoProject
from postgres_server import new_database
from test_architecture import OURS, imports

from vendor_sandbox.testing.runner import BIN

pytestmark = [pytest.mark.meltano, pytest.mark.xdist_group(MELTANO_GROUP)]

ORCHESTRATE = ROOT / "orchestrate" / "dagster"
DEFINITIONS = ORCHESTRATE / "definitions.py"
# Keap's opportunities go to Marketo, then Marketo's are exported: the second job reads
# what the first one wrote.
JOBS = ("keap-opportunities-to-marketo", "marketo-opportunities-to-jsonl")


def dagster_name(meltano_name: str) -> str:
    """The name dagster-meltano gives a Meltano job or schedule (Dagster allows no `-`)."""
    return meltano_name.replace("-", "_")


def run_in_dagster(job: str, home: Path, env: dict[str, str]) -> None:
    """`dagster job execute` of one job of the definitions; fail with the log's tail."""
    completed = subprocess.run(
        [str(BIN / "dagster"), "job", "execute", "-f", str(DEFINITIONS), "-j", dagster_name(job)],
        # Dagster's CLI reads `.env` of its working folder over the environment: the
        # repository's would point the plugins at another sandbox.
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    tail = completed.stdout[-6000:]
    assert completed.returncode == 0, f"dagster exited {completed.returncode}:\n{tail}"


def test_two_jobs_launched_by_dagster_move_keap_to_marketo_then_export_it(
    sandbox, postgres_uri, tmp_path
):
    sandbox.reset()
    dagster_db = new_database(postgres_uri, "dagster")
    meltano_db = new_database(postgres_uri, "meltano")
    home = tmp_path / "dagster-home"
    home.mkdir()
    shutil.copy(ORCHESTRATE / "dagster.yaml", home / "dagster.yaml")
    exported = tmp_path / "jsonl"
    project = MeltanoProject(
        sandbox,
        {
            "MELTANO_DATABASE_URI": meltano_db.replace("postgresql://", "postgresql+psycopg://"),
            "TARGET_JSONL_DESTINATION_PATH": str(exported),
        },
    )
    # The deployment step before any Dagster process starts: Meltano's tables created in the
    # new database (dagster-meltano lists jobs and schedules with two `meltano` commands at
    # once, and two migrations of an empty database collide). A plugin missing from .meltano/
    # is installed by `meltano run` itself (Meltano's auto-install).
    project("upgrade", "database")
    env = project.env(
        DAGSTER_HOME=str(home),
        DAGSTER_POSTGRES_URL=dagster_db,
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    for job in JOBS:
        run_in_dagster(job, home, env)

    with psycopg.connect(dagster_db) as connection:
        runs = connection.execute("SELECT pipeline_name, status FROM runs").fetchall()
    assert sorted(runs) == [(dagster_name(job), "SUCCESS") for job in sorted(JOBS)]
    with psycopg.connect(meltano_db) as connection:
        meltano_runs = connection.execute("SELECT job_name, state FROM runs").fetchall()
    assert sorted(meltano_runs) == [
        ("sandbox:tap-infusionsoft-opportunities-to-target-marketo-opportunities", "SUCCESS"),
        ("sandbox:tap-marketo-opportunities-to-target-jsonl", "SUCCESS"),
    ]

    keap = sandbox.keap.records("opportunities")
    held = {r["externalOpportunityId"]: r for r in sandbox.marketo.records("opportunities")}
    assert {key: r["name"] for key, r in held.items()} == {
        f"KEAP-{o['id']}": o["opportunity_title"] for o in keap
    }
    # The export holds what Marketo holds of the opportunities the filter file names.
    listed = set((ROOT / "demo" / "opportunity-ids.txt").read_text(encoding="utf-8").split())
    lines = (exported / "opportunities.jsonl").read_text(encoding="utf-8").splitlines()
    exported_ids = [json.loads(line)["externalOpportunityId"] for line in lines]
    assert sorted(exported_ids) == sorted(listed & set(held))
    assert exported_ids


def load_definitions() -> ModuleType:
    """The definitions module, loaded as Dagster's code location loads it."""
    spec = importlib.util.spec_from_file_location("meltano_dagster_definitions", DEFINITIONS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_definitions_hold_every_job_and_schedule_of_meltano_yml(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delenv("MELTANO_PROJECT_ROOT", raising=False)
    # A system database of the test's own, set up as the README's deployment does before
    # any Dagster process starts (a fresh checkout has none yet).
    monkeypatch.setenv("MELTANO_DATABASE_URI", f"sqlite:///{tmp_path / 'meltano.db'}")
    subprocess.run([str(MELTANO), "upgrade", "database"], cwd=ROOT, capture_output=True, check=True)
    repository = load_definitions().defs.get_repository_def()

    meltano_yml = yaml.safe_load((ROOT / "meltano.yml").read_text(encoding="utf-8"))
    assert {job.name for job in repository.get_all_jobs()} == {
        dagster_name(job["name"]) for job in meltano_yml["jobs"]
    }
    assert {(s.name, s.cron_schedule, s.job_name) for s in repository.schedule_defs} == {
        (dagster_name(s["name"]), s["interval"], dagster_name(s["job"]))
        for s in meltano_yml["schedules"]
    }
    job = repository.get_job(dagster_name(JOBS[0]))
    assert [node.definition.description for node in job.nodes] == [
        "Run `meltano run tap-infusionsoft-opportunities keap-opportunities-for-marketo "
        "target-marketo-opportunities --force`."
    ]


def test_a_project_meltano_cannot_list_is_named_with_the_way_out(tmp_path):
    # In a process of its own, as a code location loads it: dagster-meltano keeps one
    # project per process (its MeltanoResource is a singleton).
    (tmp_path / "meltano.yml").write_text("jobs: [\n", encoding="utf-8")
    completed = subprocess.run(
        [str(BIN / "python"), "-c", f"import runpy; runpy.run_path({str(DEFINITIONS)!r})"],
        env={
            **os.environ,
            "MELTANO_PROJECT_ROOT": str(tmp_path),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    last_line = completed.stderr.strip().splitlines()[-1]
    assert last_line.startswith(
        f"RuntimeError: The jobs of the Meltano project at {tmp_path} could not be listed"
    )
    assert "run `meltano upgrade database` once" in completed.stderr


def test_definitions_import_none_of_our_packages():
    # ARCHITECTURE.md: the orchestration drives plugins only through `meltano run`.
    assert {name.split(".")[0] for name in imports(DEFINITIONS)} & (OURS | {"meltano"}) == set()
