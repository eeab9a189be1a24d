"""Keap's per-credential throttle and daily quota, and the `x-keap-*` headers reporting them."""

from __future__ import annotations

from sandbox_keap_helpers import API_KEY, fault_of

THROTTLED = (
    "Rate limit quota violation. Quota limit exceeded.",
    "policies.ratelimit.QuotaViolation",
)
QUOTA = ("Daily quota exceeded", "policies.ratelimit.QuotaViolation")


def test_every_authorised_answer_carries_the_limit_headers(clocked_keap):
    response = clocked_keap.api.call("/contacts")

    headers = response.headers
    assert headers["x-keap-product-quota-limit"] == "150000"
    assert headers["x-keap-product-quota-time-unit"] == "day"
    assert headers["x-keap-product-quota-interval"] == "1"
    assert headers["x-keap-product-quota-used"] == "1"
    assert headers["x-keap-product-quota-available"] == "149999"
    assert headers["x-keap-product-quota-expiry-time"] == "2026-11-24T00:00:00Z"
    assert headers["x-keap-product-throttle-limit"] == "1500"
    assert headers["x-keap-product-throttle-time-unit"] == "minute"
    assert headers["x-keap-product-throttle-interval"] == "1"
    assert headers["x-keap-product-throttle-used"] == "1"
    assert headers["x-keap-product-throttle-available"] == "1499"
    assert headers["x-keap-product-throttle-expiry-time"] == "2026-11-23T12:01:00Z"
    assert headers["x-keap-tenant-throttle-limit"] == "10000"
    assert headers["x-keap-tenant-throttle-used"] == "1"


def test_a_404_is_authorised_and_carries_headers_too(keap_api):
    response = keap_api.call("/no/such/path")

    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}
    assert response.headers["x-keap-product-quota-used"] == "1"


def test_throttle_429_with_retry_after_until_the_window_ends(clocked_keap):
    clocked_keap.client.keap_configure(throttle_limit=3)
    api = clocked_keap.api
    assert [api.call("/tags").status_code for _ in range(3)] == [200, 200, 200]

    clocked_keap.clock.advance(20.5)
    refused = api.call("/tags")

    assert refused.status_code == 429
    assert fault_of(refused) == THROTTLED
    assert refused.headers["Retry-After"] == "40"
    assert refused.headers["x-keap-product-throttle-available"] == "0"
    assert refused.headers["x-keap-product-throttle-used"] == "3"
    assert refused.headers["x-keap-product-quota-used"] == "3"  # the 429 was not charged

    clocked_keap.clock.advance(39.5)
    again = api.call("/tags")
    assert again.status_code == 200
    assert again.headers["x-keap-product-throttle-used"] == "1"
    counters = clocked_keap.client.keap_counters()
    assert counters["throttled"] == 1
    assert counters["by_status"] == {"200": 4, "429": 1}


def test_retry_after_is_at_least_one_second(clocked_keap):
    clocked_keap.client.keap_configure(throttle_limit=1)
    api = clocked_keap.api
    api.call("/tags")
    clocked_keap.clock.advance(59.9)

    assert api.call("/tags").headers["Retry-After"] == "1"


def test_each_credential_has_its_own_throttle(clocked_keap):
    clocked_keap.client.keap_configure(throttle_limit=1)
    api = clocked_keap.api

    assert api.call("/tags").status_code == 200
    assert api.call("/tags").status_code == 429
    assert api.call("/tags", api_key=API_KEY).status_code == 200
    tenant = api.call("/tags", api_key=API_KEY).headers
    assert tenant["x-keap-tenant-throttle-used"] == "2"


def test_throttle_can_be_disabled(keap_api, keap):
    keap.keap_configure(throttle_limit=0)

    assert all(keap_api.call("/tags").status_code == 200 for _ in range(20))


def test_daily_quota_429_until_midnight_utc(clocked_keap):
    clocked_keap.client.keap_configure(quota_limit=100, quota_used=99)
    api = clocked_keap.api

    last = api.call("/tags")
    assert last.headers["x-keap-product-quota-used"] == "100"
    assert last.headers["x-keap-product-quota-available"] == "0"
    refused = api.call("/tags")

    assert refused.status_code == 429
    assert fault_of(refused) == QUOTA
    assert refused.headers["x-keap-product-quota-available"] == "0"
    assert refused.headers["Retry-After"] == str(12 * 3600)  # 12:00 UTC → 00:00 UTC

    clocked_keap.clock.advance(12 * 3600)
    next_day = api.call("/tags")
    assert next_day.status_code == 200
    assert next_day.headers["x-keap-product-quota-used"] == "1"
    assert next_day.headers["x-keap-product-quota-expiry-time"] == "2026-11-25T00:00:00Z"
