import json
import stat
import threading

import pytest

from singer_commons.redaction import redact
from singer_commons.refresh_tokens import RefreshGrant, RotatingRefreshTokenProvider
from singer_commons.state_store import FileStateStore
from singer_commons.testing import FakeClock


class RotatingVendor:
    """A token endpoint that rotates refresh tokens and rejects used ones, as Keap does."""

    def __init__(self, first_refresh_token: str) -> None:
        self.valid = {first_refresh_token}
        self.exchanges = 0
        self.lock = threading.Lock()

    def exchange(self, refresh_token: str) -> RefreshGrant:
        with self.lock:
            if refresh_token not in self.valid:
                raise PermissionError("Invalid Refresh Token")
            self.valid.discard(refresh_token)
            self.exchanges += 1
            new = f"refresh-{self.exchanges:04d}"
            self.valid.add(new)
            return RefreshGrant(f"access-{self.exchanges:04d}", 3600, new)


@pytest.fixture
def clock():
    return FakeClock()


def provider(tmp_path, vendor, clock, configured="refresh-initial"):
    return RotatingRefreshTokenProvider(
        FileStateStore(tmp_path).document("keap-tokens"),
        configured_refresh_token=configured,
        exchange=vendor.exchange,
        clock=lambda: clock.now().timestamp(),
    )


def test_rotation_is_saved_before_the_access_token_is_used(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")

    token = provider(tmp_path, vendor, clock).token()

    stored = json.loads((tmp_path / "keap-tokens.json").read_text())
    assert token == "access-0001"
    assert stored["refresh_token"] == "refresh-0001"
    assert stat.S_IMODE((tmp_path / "keap-tokens.json").stat().st_mode) == 0o600


def test_a_later_run_starts_from_the_stored_token_not_the_stale_config(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")
    provider(tmp_path, vendor, clock).token()
    clock.advance(3600)  # the access token expired between runs

    token = provider(tmp_path, vendor, clock).token()  # config still says refresh-initial

    assert token == "access-0002"
    assert vendor.exchanges == 2


def test_a_fresh_stored_access_token_is_reused_without_refreshing(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")
    provider(tmp_path, vendor, clock).token()

    assert provider(tmp_path, vendor, clock).token() == "access-0001"
    assert vendor.exchanges == 1


def test_the_token_is_refreshed_within_the_margin_of_expiry(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")
    tokens = provider(tmp_path, vendor, clock)
    tokens.token()
    clock.advance(3600 - 299)

    assert tokens.token() == "access-0002"


def test_a_re_authorised_config_token_wins_over_the_store(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")
    provider(tmp_path, vendor, clock).token()
    clock.advance(3600)
    vendor.valid.add("refresh-reauthorised")

    token = provider(tmp_path, vendor, clock, configured="refresh-reauthorised").token()

    assert token == "access-0002"


def test_concurrent_runs_share_one_refresh(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")
    runs = [provider(tmp_path, vendor, clock) for _ in range(6)]
    tokens: list[str] = []
    threads = [threading.Thread(target=lambda p=p: tokens.append(p.token())) for p in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert vendor.exchanges == 1
    assert set(tokens) == {"access-0001"}


def test_a_rejected_refresh_leaves_the_store_untouched(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")
    provider(tmp_path, vendor, clock).token()
    before = (tmp_path / "keap-tokens.json").read_text()
    clock.advance(3600)
    vendor.valid.clear()

    with pytest.raises(PermissionError):
        provider(tmp_path, vendor, clock).token()

    assert (tmp_path / "keap-tokens.json").read_text() == before


def test_invalidate_forces_a_refresh_and_tokens_are_redacted(tmp_path, clock):
    vendor = RotatingVendor("refresh-initial")
    tokens = provider(tmp_path, vendor, clock)
    tokens.token()
    tokens.invalidate()

    assert tokens.token() == "access-0002"
    assert redact("Bearer access-0002 refresh-0002") == "Bearer *** ***"


class ShortLivedVendor(RotatingVendor):
    """Access tokens living 60 s: shorter than the provider's 300 s refresh margin."""

    def exchange(self, refresh_token: str) -> RefreshGrant:
        grant = super().exchange(refresh_token)
        return RefreshGrant(grant.access_token, 60, grant.refresh_token)


def test_a_token_shorter_than_the_margin_is_kept_for_half_its_life(tmp_path, clock):
    vendor = ShortLivedVendor("refresh-initial")
    tokens = provider(tmp_path, vendor, clock)

    first = tokens.token()
    clock.advance(29)
    assert tokens.token() == first  # not refreshed before every call
    clock.advance(1)
    assert tokens.token() != first
    assert vendor.exchanges == 2
