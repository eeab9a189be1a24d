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

from checks import Row, at_most, equal
from harness import BIN, Sandbox, measured, write_json, write_singer
from rows import most_polls
from satori_bench import KEYS, LINKAGE, SCHEMA, TARGET, counters, customers

if t.TYPE_CHECKING:
    from pathlib import Path

UPLOADS = 5
# Above the target's bulk_threshold (100), so each batch is one bulk job.
ROWS_PER_UPLOAD = 200
PROCESSING_SECONDS_MAX = 2.0
SEED = 24
POLL_INTERVAL = 0.05
MAX_WAIT = 60.0  # target-satori-bridge README: waits double up to a minute


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Upsert UPLOADS batches of new customers, each bulk job processed for its own random time.

    `batch_size_rows` makes each batch of ROWS_PER_UPLOAD its own bulk job; the company's
    clock runs, so processing time passes with the target's waits.
    """
    sandbox.satori.reset()
    sandbox.satori.configure(processing_seconds_max=PROCESSING_SECONDS_MAX, processing_seed=SEED)
    count = UPLOADS * ROWS_PER_UPLOAD
    source = write_singer(workdir / "satori-polls.singer", SCHEMA, customers(count), None)
    config = write_json(
        workdir / "satori-polls.json",
        {
            "base_url": sandbox.satori.url,
            **KEYS,
            "field_linkage": LINKAGE,
            "batch_size_rows": ROWS_PER_UPLOAD,
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
    jobs = results["jobs"]
    polls = [job["polls"] for job in jobs]
    return [
        at_most(
            f"{TARGET}: bulk status polls of each of {len(jobs)} jobs, each `processing` for a "
            f"random 0-{PROCESSING_SECONDS_MAX:g} s (seed {SEED}; poll_interval_seconds="
            f"{POLL_INTERVAL:g})",
            polls,
            [most_polls(job["processing_seconds"], POLL_INTERVAL, MAX_WAIT) for job in jobs],
            "1 + the waits (doubling from poll_interval_seconds) that cover its processing time",
        ),
        equal(
            f"{TARGET}: bulk status calls the emulator counted in that run",
            results["status_polls"],
            sum(polls),
            "the jobs' polls added up",
        ),
        equal(
            f"{TARGET}: customers imported in that run",
            sum(job["imported"] for job in jobs),
            results["records"],
            "N",
        ),
    ]
