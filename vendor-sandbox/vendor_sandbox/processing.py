"""Random processing times of a vendor's asynchronous jobs (配配メール imports, SATORI bulk jobs).

Why random: a poll schedule tested only against scripted answers ("processing" once, then
done) proves nothing about its waits. Why seeded by the job's id: a reset account draws the
same times again, so a failing run can be replayed.
"""

from __future__ import annotations

import random


def random_processing_seconds(max_seconds: float, seed: int, job_id: str) -> float | None:
    """Seconds a new job takes, drawn from 0 to `max_seconds`; None when `max_seconds` is 0."""
    if not max_seconds:
        return None
    draw = random.Random(f"{seed}/{job_id}")  # noqa: S311 - a test's draw, not a secret
    return round(draw.uniform(0, max_seconds), 3)
