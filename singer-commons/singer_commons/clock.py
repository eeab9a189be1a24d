"""The wall clock of every plugin, which a sandbox run may set to a chosen instant.

Why settable: vendor days matter (配配メール's quota resets at 0:00 Japan time, its retrieval
APIs are read one complete day at a time). A demo or test that moves the sandbox's clock to
"tomorrow" must move the plugin's clock with it, in a separate process, so the plugin reads
`SINGER_CONNECTORS_NOW` (an ISO 8601 instant with offset) when it is set together with the
test switch `SINGER_CONNECTORS_TEST_HOOKS=1` (`env_hooks`). Production runs set neither and
get the system time; a `SINGER_CONNECTORS_NOW` set without the switch is ignored, loudly.
"""

from __future__ import annotations

from datetime import UTC, datetime

from singer_commons.env_hooks import NOW_ENV, hook_value

__all__ = ["NOW_ENV", "utc_now"]


def utc_now() -> datetime:
    """The current aware time: the `SINGER_CONNECTORS_NOW` test hook when on, else the system's.

    Raises:
        ValueError: when the hook is on but is not an ISO 8601 instant with an offset.
    """
    configured = hook_value(NOW_ENV)
    if configured is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(configured)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        msg = f"{NOW_ENV} must be an ISO 8601 time with an offset, got {configured!r}"
        raise ValueError(msg)
    return moment.astimezone(UTC)
