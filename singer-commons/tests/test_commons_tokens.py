import logging
import threading

import pytest

from singer_commons.redaction import redact
from singer_commons.testing import FakeClock
from singer_commons.tokens import ClientCredentialsTokenProvider, TokenGrant

JOIN_TIMEOUT = 10  # only a guard against a hung test


class IdentityService:
    """Hands out numbered tokens with a fixed lifetime, counting the requests."""

    def __init__(self, expires_in: float = 3600.0) -> None:
        self.expires_in = expires_in
        self.fetches = 0
        self.fail_next = False

    def __call__(self) -> TokenGrant:
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("identity service down")
        self.fetches += 1
        return TokenGrant(f"token-{self.fetches:04d}", self.expires_in)


@pytest.fixture
def clock():
    return FakeClock()


def provider(identity, clock, margin=60.0):
    return ClientCredentialsTokenProvider(
        identity, refresh_margin_seconds=margin, clock=clock.monotonic
    )


def test_the_token_is_cached_until_the_margin(clock):
    identity = IdentityService(expires_in=3600)
    tokens = provider(identity, clock)
    assert tokens.token() == "token-0001"
    clock.advance(3540)  # exactly the margin left: still good
    assert tokens.token() == "token-0001"
    clock.advance(1)
    assert tokens.token() == "token-0002"
    assert identity.fetches == 2


def test_a_short_lived_token_is_still_used_once(clock):
    identity = IdentityService(expires_in=30)
    tokens = provider(identity, clock)
    assert tokens.token() == "token-0001"
    assert tokens.token() == "token-0002"


def test_a_failed_fetch_caches_nothing(clock):
    identity = IdentityService()
    tokens = provider(identity, clock)
    identity.fail_next = True
    with pytest.raises(ConnectionError):
        tokens.token()
    assert tokens.token() == "token-0001"


def test_invalidate_drops_the_cached_token(clock):
    identity = IdentityService()
    tokens = provider(identity, clock)
    tokens.token()
    tokens.invalidate()
    assert tokens.token() == "token-0002"


def test_invalidating_a_stale_token_keeps_the_fresh_one(clock):
    identity = IdentityService()
    tokens = provider(identity, clock)
    stale = tokens.token()
    tokens.invalidate(stale)
    fresh = tokens.token()
    tokens.invalidate(stale)  # a second thread that saw the same 601
    assert tokens.token() == fresh
    tokens.invalidate(fresh)
    assert tokens.token() == "token-0003"


def test_concurrent_callers_share_one_fetch(clock):
    release = threading.Event()
    started = threading.Event()
    fetches = []

    def slow_identity():
        fetches.append(1)
        started.set()
        release.wait(JOIN_TIMEOUT)
        return TokenGrant("shared-token", 3600)

    tokens = ClientCredentialsTokenProvider(slow_identity, clock=clock.monotonic)
    results, lock = [], threading.Lock()

    def call():
        value = tokens.token()
        with lock:
            results.append(value)

    threads = [threading.Thread(target=call, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    assert started.wait(JOIN_TIMEOUT)
    release.set()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert results == ["shared-token"] * 8
    assert len(fetches) == 1


def test_fetched_tokens_are_registered_for_redaction_and_not_logged(clock, caplog):
    tokens = provider(IdentityService(expires_in=3600), clock)
    with caplog.at_level(logging.INFO, logger="singer_commons.tokens"):
        token = tokens.token()
    assert redact(f"Authorization: {token}") == "Authorization: ***"
    assert [record.getMessage() for record in caplog.records] == [
        "Fetched a new access token (expires in 3600 s)"
    ]


def test_token_grant_repr_hides_the_token():
    assert "abc-secret" not in repr(TokenGrant("abc-secret", 60))
