"""Reading Keap's throttle and quota headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from singer_commons.sdk.plugins import VendorQuotaExhausted
from tap_infusionsoft.throttle import Allowance, KeapThrottle, parse_expiry

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-23T12:00:30Z", NOW + 30),
        ("2026-11-23T12:00:30+00:00", NOW + 30),
        (str(int((NOW + 30) * 1000)), NOW + 30),  # epoch milliseconds
        (str(int(NOW + 30)), NOW + 30),  # epoch seconds
        ("", None),
        ("soon", None),
    ],
)
def test_expiry_times_in_every_form_keap_uses(value, expected):
    assert parse_expiry(value) == expected


def test_pipe_separated_windows_read_the_first_one():
    allowance = Allowance.from_headers(
        {
            "x-keap-tenant-throttle-available": "9999|249999",
            "x-keap-tenant-throttle-limit": "10000|250000",
        },
        "x-keap-tenant-throttle",
    )
    assert allowance == Allowance(available=9999, limit=10000, renews_at=None)


def test_no_headers_no_allowance():
    assert Allowance.from_headers({}, "x-keap-product-throttle") is None


def test_reserve_is_five_percent_or_one_call():
    assert Allowance(available=75, limit=1500, renews_at=None).nearly_spent()
    assert not Allowance(available=76, limit=1500, renews_at=None).nearly_spent()
    assert Allowance(available=1, limit=None, renews_at=None).nearly_spent()
    assert not Allowance(available=2, limit=None, renews_at=None).nearly_spent()


def throttle(sleeps: list[float]) -> KeapThrottle:
    return KeapThrottle(sleep=sleeps.append, clock=lambda: NOW)


def test_pause_lasts_until_the_window_renews_and_only_once():
    sleeps: list[float] = []
    pacer = throttle(sleeps)
    pacer.observe(
        {
            "x-keap-product-throttle-available": "1",
            "x-keap-product-throttle-limit": "240",
            "x-keap-product-throttle-expiry-time": "2026-11-23T12:00:12Z",
        }
    )
    pacer.pace()
    pacer.pace()
    assert sleeps == [12.0]


def test_a_pause_never_exceeds_one_throttle_window():
    sleeps: list[float] = []
    pacer = throttle(sleeps)
    pacer.observe(
        {
            "x-keap-product-throttle-available": "0",
            "x-keap-product-throttle-expiry-time": "2099-01-01T00:00:00Z",
        }
    )
    pacer.pace()
    assert sleeps == [60.0]


def test_a_spent_quota_stops_until_it_renews():
    pacer = throttle([])
    pacer.observe(
        {
            "x-keap-product-quota-available": "0",
            "x-keap-product-quota-expiry-time": "2026-11-24T00:00:00Z",
        }
    )
    assert pacer.quota_spent()
    with pytest.raises(VendorQuotaExhausted, match="2026-11-24T00:00:00"):
        pacer.pace()


def test_a_quota_whose_renewal_passed_lets_calls_through():
    pacer = throttle([])
    pacer.observe(
        {
            "x-keap-product-quota-available": "0",
            "x-keap-product-quota-expiry-time": "2026-11-23T11:59:00Z",
        }
    )
    pacer.pace()  # the next answer will say how much is left
