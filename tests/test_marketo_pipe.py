"""tap-marketo-opportunities | target-marketo-opportunities, from one sandbox to another."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from vendor_sandbox.client import SandboxClient
from vendor_sandbox.server import SandboxServer
from vendor_sandbox.testing.marketo import connection_config, external_ids
from vendor_sandbox.testing.runner import BIN, FAST_RETRIES
from vendor_sandbox.vendors import all_vendors

COMPARED = ("externalOpportunityId", "name", "stage", "amount", "closeDate", "isWon")


@pytest.fixture
def second_marketo():
    """A second, independent Marketo instance on its own port."""
    with SandboxServer(all_vendors(), host="127.0.0.1", port=0) as server:
        yield SandboxClient(server.base_url).marketo


def write_config(path: Path, config: dict) -> str:
    path.write_text(json.dumps(config), encoding="utf-8")
    return str(path)


def test_shell_pipe_copies_every_opportunity_and_role(marketo, second_marketo, tmp_path):
    marketo.seed(opportunities=650, roles_per_opportunity=2)
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(external_ids(650)), encoding="utf-8")
    state_dir = tempfile.mkdtemp(dir=tmp_path)
    tap_config = write_config(
        tmp_path / "tap.json", connection_config(marketo, state_dir, filter_values_file=str(ids))
    )
    target_config = write_config(
        tmp_path / "target.json",
        connection_config(second_marketo, state_dir, reject_file=str(tmp_path / "rejects.jsonl")),
    )

    completed = subprocess.run(
        f"{BIN}/tap-marketo-opportunities --config {tap_config} "
        f"| {BIN}/target-marketo-opportunities --config {target_config}",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **FAST_RETRIES},
    )

    assert completed.returncode == 0, completed.stderr
    source = marketo.records("opportunities")
    copied = {r["externalOpportunityId"]: r for r in second_marketo.records("opportunities")}
    assert len(copied) == 650
    for record in source:
        for field in COMPARED:
            assert copied[record["externalOpportunityId"]].get(field) == record.get(field), field
    source_roles = {
        (r["externalOpportunityId"], r["leadId"], r["role"]) for r in marketo.records("roles")
    }
    copied_roles = {
        (r["externalOpportunityId"], r["leadId"], r["role"])
        for r in second_marketo.records("roles")
    }
    assert copied_roles == source_roles
    assert len(copied_roles) == 1300
    assert not (tmp_path / "rejects.jsonl").exists()
