"""PollSchedule: waits that double from the first to the cap, for as long as a job runs."""

from __future__ import annotations

from itertools import islice

from singer_commons.polling import PollSchedule


def test_waits_double_from_the_first_and_stop_growing_at_the_cap() -> None:
    schedule = PollSchedule(first_wait=5.0, max_wait=60.0, timeout_seconds=3600.0)

    assert list(islice(schedule.waits(), 6)) == [5.0, 10.0, 20.0, 40.0, 60.0, 60.0]


def test_a_first_wait_above_the_cap_is_kept_once_then_capped() -> None:
    schedule = PollSchedule(first_wait=90.0, max_wait=60.0, timeout_seconds=3600.0)

    assert list(islice(schedule.waits(), 3)) == [90.0, 60.0, 60.0]
