"""The wall clock of every plugin, which a sandbox run may set to a chosen instant.

Why settable: vendor days matter (配配メール's quota resets at 0:00 Japan time, its retrieval
APIs are read one complete day at a time). A demo or test that moves the sandbox's clock to
"tomorrow" must move the plugin's clock with it, in a separate process, so the plugin reads
`SINGER_CONNECTORS_NOW` (an ISO 8601 instant with offset) when it is set. Production runs
never set it and get the system time.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

NOW_ENV = "SINGER_CONNECTORS_NOW"


def utc_now() -> datetime:
    """The current aware time: `SINGER_CONNECTORS_NOW` when set, else the system clock.

    Raises:
        ValueError: when the variable is set but is not an ISO 8601 instant with an offset.
    """
    configured = os.environ.get(NOW_ENV)
    if not configured:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(configured)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        msg = f"{NOW_ENV} must be an ISO 8601 time with an offset, got {configured!r}"
        raise ValueError(msg)
    return moment.astimezone(UTC)
