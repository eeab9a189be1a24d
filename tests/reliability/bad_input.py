"""The bad-input corpus shape every target's corpus uses, and the checks every case passes.

A case is a few lines a target must refuse, sent between good records in one run. Whatever
the target, the outcome must be the same: each refused record is in the reject file with a
reason naming the record and the field, the same reason is in the log, the good records
before and after it are written (checked by each target's test against its vendor), the final
STATE is still emitted, the run exits 1 (`fail_on_reject` defaults to true), and no secret
appears anywhere.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from secret_scan import assert_no_secrets

from vendor_sandbox.testing.runner import singer_lines

if t.TYPE_CHECKING:
    from pathlib import Path

    from vendor_sandbox.testing.runner import PluginRun

FINAL_STATE = {"type": "STATE", "value": {"bookmarks": {"source": {"position": "end"}}}}


@dataclass(frozen=True)
class BadInput:
    """One case of a target's corpus.

    Attributes:
        name: The test id (what is wrong).
        lines: Singer messages, or raw text lines for input that is not even JSON, sent
            between the good records.
        names: What the reject's reason must contain, e.g. the record's identity and the
            field at fault (for a malformed line: its line number).
        rejected: How many reject lines the case makes.
    """

    name: str
    lines: tuple[dict[str, t.Any] | str, ...]
    names: tuple[str, ...]
    rejected: int = 1


def corpus_input(
    schema: dict[str, t.Any],
    before: list[dict[str, t.Any]],
    case: BadInput,
    after: list[dict[str, t.Any]],
) -> str:
    """A target's stdin: SCHEMA, good records, the case's lines, good records, final STATE."""
    bad = "".join(
        line + "\n" if isinstance(line, str) else singer_lines(line) for line in case.lines
    )
    return singer_lines(schema, *before) + bad + singer_lines(*after, FINAL_STATE)


def read_rejects(path: Path) -> list[dict[str, t.Any]]:
    """The reject file's lines (none when it was never created)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_refused_alone(case: BadInput, run: PluginRun, reject_file: Path) -> None:
    """The case's records are rejected with reasons naming them, logged, and nothing else.

    What the vendor holds (everything else) is each target's own check.
    """
    rejects = read_rejects(reject_file)
    reasons = [reject["reason"] for reject in rejects]
    assert len(rejects) == case.rejected, f"{case.name}: rejects {reasons}"
    for fragment in case.names:
        assert any(fragment in reason for reason in reasons), f"{fragment!r} not in {reasons}"
    for reason in reasons:
        assert reason in run.stderr, f"reject reason not logged: {reason}"
    assert run.returncode == 1, run.stderr
    assert run.states()[-1] == FINAL_STATE["value"], run.stderr
    assert_no_secrets(run.stderr, reject_file)
