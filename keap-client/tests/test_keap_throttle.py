"""Reading Keap's throttle and quota headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from keap_client.throttle import Allowance, KeapThrottle, parse_quota_expiry, window_seconds
from singer_commons.errors import VendorQuotaExhausted

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC).timestamp()
MIDNIGHT_MILLIS = str(int(datetime(2026, 11, 24, tzinfo=UTC).timestamp() * 1000))

# What a real Keap answer carries: throttles with no expiry, the quota's in epoch ms.
REAL_HEADERS = {
    "x-keap-product-quota-limit": "30000",
    "x-keap-product-quota-time-unit": "day",
    "x-keap-product-quota-interval": "1",
    "x-keap-product-quota-available": "29000",
    "x-keap-product-quota-used": "1000",
    "x-keap-product-quota-expiry-time": MIDNIGHT_MILLIS,
    "x-keap-product-throttle-limit": "240",
    "x-keap-product-throttle-time-unit": "minute",
    "x-keap-product-throttle-interval": "1",
    "x-keap-product-throttle-available": "200",
    "x-keap-product-throttle-used": "40",
    "x-keap-tenant-throttle-limit": "10000",
    "x-keap-tenant-throttle-time-unit": "minute",
    "x-keap-tenant-throttle-interval": "1",
    "x-keap-tenant-throttle-available": "9000",
    "x-keap-tenant-throttle-used": "1000",
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (MIDNIGHT_MILLIS, datetime(2026, 11, 24, tzinfo=UTC).timestamp()),
        ("1764028800000", 1764028800.0),
        ("", None),
        (None, None),
        ("2026-11-24T00:00:00Z", None),  # not Keap's form: renewal unknown
        ("soon", None),
    ],
)
def test_the_quota_expiry_is_epoch_milliseconds(value, expected):
    assert parse_quota_expiry(value) == expected


def test_pipe_separated_windows_read_the_first_one():
    allowance = Allowance.from_headers(
        {
            "x-keap-tenant-throttle-available": "9999|249999",
            "x-keap-tenant-throttle-limit": "10000|250000",
        },
        "x-keap-tenant-throttle",
    )
    assert allowance == Allowance(available=9999, limit=10000, window_seconds=60.0)


def test_no_headers_no_allowance():
    assert Allowance.from_headers({}, "x-keap-product-throttle") is None


@pytest.mark.parametrize(
    ("unit", "interval", "seconds"),
    [("minute", 1, 60.0), ("second", 1, 1.0), ("minute", 5, 300.0), (None, None, 60.0)],
)
def test_the_window_comes_from_time_unit_and_interval(unit, interval, seconds):
    assert window_seconds(unit, interval) == seconds


def test_reserve_is_five_percent_or_one_call():
    assert Allowance(available=75, limit=1500).nearly_spent()
    assert not Allowance(available=76, limit=1500).nearly_spent()
    assert Allowance(available=1, limit=None).nearly_spent()
    assert not Allowance(available=2, limit=None).nearly_spent()


def throttle(sleeps: list[float]) -> KeapThrottle:
    return KeapThrottle(sleep=sleeps.append, clock=lambda: NOW)


def test_real_headers_with_calls_to_spare_mean_no_pause():
    sleeps: list[float] = []
    pacer = throttle(sleeps)
    pacer.observe(REAL_HEADERS)
    pacer.pace()
    assert sleeps == []
    assert not pacer.quota_spent()


def test_a_nearly_spent_throttle_pauses_from_its_counts_without_an_expiry():
    sleeps: list[float] = []
    pacer = throttle(sleeps)
    # 240 a minute: 12 in reserve; 10 left is 3 calls short, each freed every 0.25 s.
    pacer.observe({**REAL_HEADERS, "x-keap-product-throttle-available": "10"})
    pacer.pace()
    pacer.pace()  # the same report is acted on once; the next answer tells the rest
    assert sleeps == [0.75]


def test_an_empty_throttle_waits_longer_than_a_nearly_empty_one():
    sleeps: list[float] = []
    pacer = throttle(sleeps)
    pacer.observe({**REAL_HEADERS, "x-keap-product-throttle-available": "0"})
    pacer.pace()
    assert sleeps == [60 / 240 * 13]


def test_the_longest_of_two_nearly_spent_windows_is_waited_once():
    sleeps: list[float] = []
    pacer = throttle(sleeps)
    pacer.observe(
        {
            **REAL_HEADERS,
            "x-keap-product-throttle-available": "12",  # 0.25 s
            "x-keap-tenant-throttle-available": "0",  # 60 / 10000 * 501 s
        }
    )
    pacer.pace()
    assert sleeps == [pytest.approx(60 / 10000 * 501)]


def test_a_pause_never_exceeds_one_window_even_without_a_limit():
    sleeps: list[float] = []
    pacer = throttle(sleeps)
    pacer.observe({"x-keap-product-throttle-available": "0"})
    pacer.pace()
    assert sleeps == [60.0]


def test_a_spent_quota_stops_until_its_expiry_in_milliseconds():
    pacer = throttle([])
    pacer.observe(
        {
            **REAL_HEADERS,
            "x-keap-product-quota-available": "0",
            "x-keap-product-quota-used": "30000",
        }
    )
    assert pacer.quota_spent()
    with pytest.raises(VendorQuotaExhausted, match=r"2026-11-24T00:00:00\+00:00"):
        pacer.pace()


def test_a_spent_quota_without_expiry_names_keaps_daily_reset():
    pacer = throttle([])
    pacer.observe({"x-keap-product-quota-available": "0"})
    with pytest.raises(VendorQuotaExhausted, match="00:00 UTC"):
        pacer.pace()


def test_a_quota_whose_renewal_passed_lets_calls_through():
    pacer = throttle([])
    past = str(int((NOW - 60) * 1000))
    pacer.observe({"x-keap-product-quota-available": "0", "x-keap-product-quota-expiry-time": past})
    pacer.pace()  # the next answer will say how much is left
