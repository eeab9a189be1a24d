"""Meltano's system database and state backend on a real PostgreSQL server.

The way to run the project on shared infrastructure or under an orchestrator: bookmarks live
in PostgreSQL (`MELTANO_DATABASE_URI`, state backend `systemdb`), not in `.meltano/`, so a
fresh checkout on another worker continues where the last run stopped.
"""

from __future__ import annotations

import psycopg
import pytest
from meltano_project import MELTANO_GROUP, MeltanoProject, copy_checkout, new_state_suffix

pytestmark = [pytest.mark.meltano, pytest.mark.xdist_group(MELTANO_GROUP)]

JOB = "keap-opportunities-to-marketo"


def test_bookmarks_in_postgres_carry_over_to_a_fresh_checkout(sandbox, postgres_uri, tmp_path):
    sandbox.reset()
    database = {
        "MELTANO_DATABASE_URI": postgres_uri.replace("postgresql://", "postgresql+psycopg://")
    }
    state = new_state_suffix()
    MeltanoProject(sandbox, database).run_job(JOB, state)

    with psycopg.connect(postgres_uri) as connection:
        state_ids = [row[0] for row in connection.execute("SELECT state_id FROM state")]
    (state_id,) = [found for found in state_ids if found.endswith(state)]
    first = {
        r["externalOpportunityId"]: r["updatedAt"] for r in sandbox.marketo.records("opportunities")
    }
    assert len(first) == len(sandbox.keap.records("opportunities"))

    # Another machine: a checkout of the repository with no .meltano/ (plugins installed on the
    # fly by `meltano run`), the same database.
    checkout = copy_checkout(tmp_path / "checkout")
    elsewhere = MeltanoProject(sandbox, database, root=checkout)
    keap = sandbox.keap.records("opportunities")
    bookmark = max(o["last_updated"] for o in keap)
    assert f'"replication_key_value":"{bookmark}"' in elsewhere("state", "get", state_id)
    (edited,) = sandbox.keap.touch("opportunities", [3])
    elsewhere.run_job(JOB, state)

    later = {
        r["externalOpportunityId"]: r["updatedAt"] for r in sandbox.marketo.records("opportunities")
    }
    rewritten = {key for key, updated in later.items() if updated != first[key]}
    boundary = {f"KEAP-{o['id']}" for o in keap if o["last_updated"] == bookmark}
    # Only the edited opportunity moved (and those of the bookmark's own second: Singer
    # bookmarks are inclusive): the bookmark came from PostgreSQL, not from a local file.
    assert rewritten == {f"KEAP-{edited['id']}"} | boundary
    assert len(rewritten) < len(first)
