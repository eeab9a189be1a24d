"""The environment variables that steer a plugin's clock and waits, behind one test switch.

Why a switch: `SINGER_CONNECTORS_NOW` moves the plugin's clock (vendor days, the daily call
budget) and `SINGER_CONNECTORS_RETRY_WAIT_SCALE` shortens every retry wait and pace. Tests
and demos against the vendor sandbox need both; left set in a production environment, either
would charge a vendor's quota to the wrong day or call again sooner than the vendor asked,
without a word. So they are honoured only while `SINGER_CONNECTORS_TEST_HOOKS=1` is set as
well, and the first read of a hook logs one WARNING naming every hook variable set, saying
whether they are honoured or ignored.
"""

from __future__ import annotations

import logging
import os

TEST_HOOKS_ENV = "SINGER_CONNECTORS_TEST_HOOKS"
NOW_ENV = "SINGER_CONNECTORS_NOW"
RETRY_WAIT_SCALE_ENV = "SINGER_CONNECTORS_RETRY_WAIT_SCALE"
HOOKS = (NOW_ENV, RETRY_WAIT_SCALE_ENV)

logger = logging.getLogger(__name__)
_announced = False


def hook_value(name: str) -> str | None:
    """The hook variable's value when test hooks are switched on; None otherwise.

    The first call in a process logs the WARNING (once per run, whatever the hook).
    """
    value = os.environ.get(name) or None
    if value is None:
        return None
    enabled = hooks_enabled()
    _announce(enabled)
    return value if enabled else None


def hooks_enabled() -> bool:
    """Whether `SINGER_CONNECTORS_TEST_HOOKS` is exactly `1`."""
    return os.environ.get(TEST_HOOKS_ENV) == "1"


def _announce(enabled: bool) -> None:
    global _announced  # noqa: PLW0603 - one announcement per process, whoever reads first
    if _announced:
        return
    _announced = True
    named = ", ".join(f"{hook}={os.environ[hook]}" for hook in HOOKS if os.environ.get(hook))
    if enabled:
        logger.warning(
            "Test hooks in force (%s=1): %s. They change the clock, the daily budget and "
            "every retry wait; never set them in production.",
            TEST_HOOKS_ENV,
            named,
        )
    else:
        logger.warning(
            "Ignoring %s: these test hooks are honoured only with %s=1 (for the vendor "
            "sandbox); this run uses the system clock and the vendors' own waits.",
            named,
            TEST_HOOKS_ENV,
        )
