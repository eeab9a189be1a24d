"""target-haihai-mail's status polls against processing times nobody scripted.

The other 配配メール rows run imports that answer 処理待ち, 処理中 and 完了 on the first three
questions, so their poll counts say nothing about the waits. Here the emulator processes each
import for a random time (`processing_seconds_max`, seeded: the same times on every run) and
answers 処理中 until it has passed, so how often the target asks depends on its schedule only.
target-haihai-mail's README promises that schedule: a question right after the upload, then
waits of `poll_interval_seconds` doubling up to 5 minutes. An import done D seconds after its
upload is therefore seen done by question 1 + k at the latest, k the fewest waits adding up
to D (later questions only come later, so they can only need fewer). The row holds each
import's question count, as the emulator counted it, to that bound.
"""

from __future__ import annotations

import typing as t

from haihai_bench import ACCOUNT, connection, counters
from haihai_target_bench import FIELD_MAP, SCHEMA, TARGET, contacts
from harness import BIN, Sandbox, measured, plugin_clock, write_json, write_singer
from rows import (
    POLL_INTERVAL,
    POLL_ROWS_PER_UPLOAD,
    POLL_UPLOADS,
    PROCESSING_SECONDS_MAX,
    PROCESSING_SEED,
    poll_rows,
)

if t.TYPE_CHECKING:
    from pathlib import Path

    from checks import Row

MAX_WAIT = 300.0  # target-haihai-mail README: waits double up to 5 minutes


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Register POLL_UPLOADS parts of contacts, each import processed for its own random time.

    The account's clock runs (processing time passes with it); the plugin's clock is set to
    its start, so both count the quota in the same day.
    """
    sandbox.haihai.reset()
    sandbox.haihai.configure(
        **ACCOUNT,
        pending_polls=0,
        processing_seconds_max=PROCESSING_SECONDS_MAX,
        processing_seed=PROCESSING_SEED,
    )
    now = str(sandbox.haihai.clock()["now"])
    count = POLL_UPLOADS * POLL_ROWS_PER_UPLOAD
    source = write_singer(workdir / "haihai-polls.singer", SCHEMA, contacts(count), None)
    config = write_json(
        workdir / "haihai-polls.json",
        {
            **connection(sandbox, workdir),
            "field_map": FIELD_MAP,
            "max_rows_per_upload": POLL_ROWS_PER_UPLOAD,
            "poll_interval_seconds": POLL_INTERVAL,
            "reject_file": str(workdir / "haihai-polls-rejects.jsonl"),
        },
    )
    before = counters(sandbox)
    with plugin_clock(now):
        result = measured([str(BIN / TARGET), "--config", str(config)], stdin=source)
    after = counters(sandbox)
    imports = sandbox.haihai.imports()
    return {
        **result,
        "records": count,
        "status_polls": after["status_polls"] - before["status_polls"],
        "imports": [
            {
                "processing_seconds": job["processing_seconds"],
                "polls": job["polls"],
                "imported": job["counts"]["success"],
            }
            for job in imports
        ],
    }


def rows(results: dict) -> list[Row]:
    """Each import's polls against the schedule's bound, the emulator's total, the customers."""
    return poll_rows(
        TARGET,
        results["imports"],
        results["status_polls"],
        results["records"],
        wording=("status", "imports", "処理中"),
        max_wait=MAX_WAIT,
    )
