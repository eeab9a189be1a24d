"""Progress lines: at least every 30 s, never more often, with written / rejected / pending."""

from __future__ import annotations

import logging

from singer_commons.testing import FakeClock
from target_infusionsoft.progress import Progress


def test_progress_is_logged_once_the_interval_has_passed(caplog):
    clock = FakeClock()
    rejected = [2]
    progress = Progress(logging.getLogger("p"), lambda: rejected[0], clock=clock.monotonic)
    caplog.set_level(logging.INFO)
    for _ in range(5):
        progress.accept()

    progress.wrote()
    clock.advance(29.9)
    progress.wrote(already=True)
    assert caplog.records == []

    clock.advance(0.2)
    progress.refused()

    (line,) = [record.getMessage() for record in caplog.records]
    assert line == (
        "Keap progress: 2 record(s) written (1 of them already in Keap), 2 rejected, 2 pending"
    )
    assert progress.pending == 2
