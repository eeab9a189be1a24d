"""The jobs and schedules of meltano.yml as Dagster definitions, loaded by dagster-meltano.

dagster-meltano (github quantile-development/dagster-meltano 1.5.5: `dagster_meltano/
generation.py`, `meltano_resource.py`, `job.py`, `schedule.py`, `ops.py`) asks the project's
`meltano job list --format=json` and `meltano schedule list --format=json` and makes:

- one Dagster job per Meltano job, named with `_` for `-` (`keap_opportunities_to_marketo`),
  one op per task running `meltano run <task> --force` in the project folder with the run
  worker's environment (`MELTANO_ENVIRONMENT`, `MELTANO_DATABASE_URI`, credentials);
- one Dagster schedule per Meltano job schedule, same cron (UTC), RUNNING by default: the
  daemon starts them with no click in the UI.

Each Meltano task keeps the state ID `meltano run <job>` would use
(`<environment>:<extractor>-to-<loader>`), so bookmarks carry over between a run under Dagster
and one from the shell when both use the same system database. `--force` turns Meltano's own
refusal of a second concurrent run of a state ID off: the instance's `dagster.yaml` (beside
this file) lets one run per schedule at a time instead.

`meltano` is the one on PATH (dagster-meltano calls it by name): run Dagster from the venv
that holds both. The project folder is this repository, or `MELTANO_PROJECT_ROOT`.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster import Definitions, JobDefinition, ScheduleDefinition, in_process_executor
from dagster_meltano import load_jobs_from_meltano_project

PROJECT_ROOT = Path(os.environ.get("MELTANO_PROJECT_ROOT", Path(__file__).resolve().parents[2]))


def meltano_definitions(project_root: Path) -> Definitions:
    """Every job and schedule of the Meltano project at `project_root`.

    Steps run in the run's own process: each job of meltano.yml is one task, and a step
    subprocess would load these definitions (two `meltano` calls) a second time for nothing.
    Runs stay isolated from each other by the instance's run launcher.
    """
    try:
        loaded = load_jobs_from_meltano_project(str(project_root))
    except ValueError as error:  # dagster-meltano's word for "meltano printed no JSON"
        msg = (
            f"The jobs of the Meltano project at {project_root} could not be listed: {error}. "
            "On a new system database, run `meltano upgrade database` once before any "
            "Dagster process starts (two `meltano` commands migrating an empty database "
            "at once collide)."
        )
        raise RuntimeError(msg) from error
    return Definitions(
        jobs=[found for found in loaded if isinstance(found, JobDefinition)],
        schedules=[found for found in loaded if isinstance(found, ScheduleDefinition)],
        executor=in_process_executor,
    )


defs = meltano_definitions(PROJECT_ROOT)
