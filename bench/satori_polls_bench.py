"""target-satori-bridge's bulk status polls against processing times nobody scripted.

The other SATORI rows run bulk jobs that answer `processing` once and `finished` at the
second question, so their poll counts say nothing about the waits. Here the emulator
processes each job for a random time (`processing_seconds_max`, seeded: the same times on
every run) and answers `processing` until it has passed, so how often the target asks depends
on its schedule only. target-satori-bridge's README promises that schedule: a question right
after the upload, then waits from `poll_interval_seconds` doubling to a minute. A job done D
seconds after its upload is therefore seen done by question 1 + k at the latest, k the fewest
waits adding up to D. The row holds each job's question count, as the emulator counted it, to
that bound.
"""

from __future__ import annotations

import typing as t

from harness import BIN, Sandbox, measured, write_json, write_singer
from rows import (
    POLL_INTERVAL,
    POLL_ROWS_PER_UPLOAD,
    POLL_UPLOADS,
    PROCESSING_SECONDS_MAX,
    PROCESSING_SEED,
    poll_rows,
)
from satori_bench import KEYS, LINKAGE, SCHEMA, TARGET, counters, customers

if t.TYPE_CHECKING:
    from pathlib import Path

    from checks import Row

MAX_WAIT = 60.0  # target-satori-bridge README: waits double up to a minute


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Upsert POLL_UPLOADS batches of new customers, each bulk job processed for a random time.

    `batch_size_rows` makes each batch of POLL_ROWS_PER_UPLOAD its own bulk job; the company's
    clock runs, so processing time passes with the target's waits.
    """
    sandbox.satori.reset()
    sandbox.satori.configure(
        processing_seconds_max=PROCESSING_SECONDS_MAX, processing_seed=PROCESSING_SEED
    )
    count = POLL_UPLOADS * POLL_ROWS_PER_UPLOAD
    source = write_singer(workdir / "satori-polls.singer", SCHEMA, customers(count), None)
    config = write_json(
        workdir / "satori-polls.json",
        {
            "base_url": sandbox.satori.url,
            **KEYS,
            "field_linkage": LINKAGE,
            # Above the target's bulk_threshold (100), so each batch is one bulk job.
            "batch_size_rows": POLL_ROWS_PER_UPLOAD,
            "poll_interval_seconds": POLL_INTERVAL,
            "reject_file": str(workdir / "satori-polls-rejects.jsonl"),
        },
    )
    before = counters(sandbox)
    result = measured([str(BIN / TARGET), "--config", str(config)], stdin=source)
    after = counters(sandbox)
    return {
        **result,
        "records": count,
        "status_polls": after["bulk_status"] - before["bulk_status"],
        "jobs": [
            {
                "processing_seconds": job["processing_seconds"],
                "polls": job["status_calls"],
                "imported": job["success_rows"],
            }
            for job in sandbox.satori.bulk_jobs()
        ],
    }


def rows(results: dict) -> list[Row]:
    """Each job's polls against the schedule's bound, the emulator's total, the customers."""
    return poll_rows(
        TARGET,
        results["jobs"],
        results["status_polls"],
        results["records"],
        wording=("bulk status", "jobs", "`processing`"),
        max_wait=MAX_WAIT,
    )
