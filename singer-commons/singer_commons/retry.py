"""Retries driven by a table: vendor error code → wait schedule.

Vendors differ in what is worth retrying and how long to wait: Marketo's 606 needs a pause
across its 20-second window, a 601 needs a new token and no pause, Keap's 429 says how long in
Retry-After, a Data Query timeout wants 5 s, 10 s, 30 s, 1 min, 5 min. One policy class, fed a
table per vendor, serves them all; anything not in the table fails at once.
"""

from __future__ import annotations

import functools
import logging
import time
import typing as t
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import requests

from singer_commons.errors import VendorError
from singer_commons.redaction import redact

if t.TYPE_CHECKING:
    from collections.abc import Callable

T = t.TypeVar("T")
P = t.ParamSpec("P")

# Retry keys of transport failures (vendor errors use their own code or `http:<status>`).
TIMEOUT = "timeout"
CONNECTION = "connection"
_CONNECTION_FAILURES = (
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    # Built-in ConnectionError covers ConnectionResetError, BrokenPipeError and friends,
    # raised when a kept-alive socket dies outside requests' own wrapping.
    ConnectionError,
)


@dataclass(frozen=True)
class RetryRule:
    """How to retry one kind of failure: the wait before each retry, in order.

    `len(waits)` is the number of retries. With `honour_retry_after`, a wait the vendor
    announced (Retry-After) replaces the schedule's wait for that retry.
    """

    waits: tuple[float, ...]
    honour_retry_after: bool = True

    def __post_init__(self) -> None:
        if any(wait < 0 for wait in self.waits):
            msg = f"retry waits must not be negative: {self.waits}"
            raise ValueError(msg)

    @classmethod
    def exponential(
        cls, first: float, retries: int, factor: float = 2.0, cap: float | None = None
    ) -> RetryRule:
        """`retries` waits starting at `first`, each `factor` times the last, up to `cap`."""
        waits = (first * factor**index for index in range(retries))
        return cls(tuple(min(wait, cap) if cap is not None else wait for wait in waits))

    @classmethod
    def fixed(cls, wait: float, retries: int) -> RetryRule:
        """`retries` retries, each after the same wait."""
        return cls((wait,) * retries)

    @property
    def retries(self) -> int:
        """How many times a failure of this kind is retried."""
        return len(self.waits)


# HTTP 5xx from a gateway or the vendor, timeouts and dropped connections are transient for
# every vendor here: back off exponentially from 2 s up to a minute. Vendor tables add their
# own codes to this one.
TRANSIENT_FAILURE_RULES: Mapping[str, RetryRule] = MappingProxyType(
    {
        **{
            f"http:{status}": RetryRule.exponential(2.0, retries=5, cap=60.0)
            for status in (500, 502, 503, 504)
        },
        TIMEOUT: RetryRule.exponential(2.0, retries=4, cap=60.0),
        CONNECTION: RetryRule.exponential(2.0, retries=4, cap=60.0),
    }
)


class RetryPolicy:
    """Runs a call, retrying the failures its table lists, with the table's waits.

    Retries are counted per key, so a 606 burst followed by a timeout gets each rule's full
    schedule; the total stays bounded because every rule is.
    """

    def __init__(
        self,
        rules: Mapping[str, RetryRule],
        *,
        sleep: Callable[[float], None] = time.sleep,
        logger: logging.Logger | None = None,
        on_retry: Callable[[Exception, str, int], None] | None = None,
    ) -> None:
        """Create a policy.

        Args:
            rules: Retry key (vendor code, `http:<status>`, "timeout", "connection") → rule.
            sleep: Waits between attempts; tests pass a fake.
            logger: Where each retry is logged (one WARNING line per retry).
            on_retry: Called before each retry with the exception, its key and the retry
                number (1-based, per key), e.g. to drop an expired token on a 601.
        """
        self.rules = dict(rules)
        self.sleep = sleep
        self.logger = logger or logging.getLogger(__name__)
        self.on_retry = on_retry

    def with_rules(self, extra: Mapping[str, RetryRule]) -> RetryPolicy:
        """A policy with more (or replaced) rules and the same sleep, logger and hook."""
        return RetryPolicy(
            {**self.rules, **extra}, sleep=self.sleep, logger=self.logger, on_retry=self.on_retry
        )

    def classify(self, exc: BaseException) -> tuple[str, float | None] | None:
        """The retry key of a failure and its Retry-After in seconds.

        Returns None for failures no table could list (a bug, a bad setting): they are
        never retried.
        """
        if isinstance(exc, VendorError):
            return exc.code, exc.retry_after
        if isinstance(exc, requests.exceptions.Timeout):
            return TIMEOUT, None
        if isinstance(exc, _CONNECTION_FAILURES):
            return CONNECTION, None
        return None

    def exhausted(self, exc: BaseException) -> RetryRule | None:
        """The rule `exc` was retried under, when `call` raised it after the last retry."""
        classified = self.classify(exc)
        rule = None if classified is None else self.rules.get(classified[0])
        return rule if rule is not None and rule.retries else None

    def call(self, func: Callable[[], T], *, description: str = "") -> T:
        """Run `func`, retrying as the table says; the last failure is raised unchanged."""
        attempts: dict[str, int] = {}
        while True:
            try:
                return func()
            except Exception as exc:
                classified = self.classify(exc)
                if classified is None:
                    raise
                key, retry_after = classified
                rule = self.rules.get(key)
                done = attempts.get(key, 0)
                if rule is None or done >= rule.retries:
                    raise
                attempts[key] = done + 1
                wait = rule.waits[done]
                if rule.honour_retry_after and retry_after is not None:
                    wait = retry_after
                if self.on_retry is not None:
                    self.on_retry(exc, key, done + 1)
                self.logger.warning(
                    "Retrying %s after %s in %.1f s (retry %d of %d)",
                    description or "call",
                    _describe(exc, key),
                    wait,
                    done + 1,
                    rule.retries,
                )
                self.sleep(wait)

    def wrap(self, func: Callable[P, T]) -> Callable[P, T]:
        """Decorator form of `call` (the function's name is the log description)."""

        @functools.wraps(func)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> T:
            return self.call(
                lambda: func(*args, **kwargs), description=getattr(func, "__name__", "")
            )

        return wrapped


def _describe(exc: Exception, key: str) -> str:
    """The failure as logged: `[606] message`, `[timeout] ReadTimeout: …`, redacted.

    Transport errors from requests quote the URL, which may carry a credential.
    """
    if isinstance(exc, VendorError):
        return redact(str(exc))
    return redact(f"[{key}] {type(exc).__name__}: {exc}")
