"""Keap's per-credential throttle and daily quota, and the `x-keap-*` headers reporting them."""

from __future__ import annotations

from datetime import timedelta

from sandbox_keap_helpers import API_KEY, START, epoch_millis, fault_of

THROTTLED = (
    "Rate limit quota violation. Quota limit exceeded.",
    "policies.ratelimit.QuotaViolation",
)
QUOTA = ("Daily quota exceeded", "policies.ratelimit.QuotaViolation")
MIDNIGHT = START + timedelta(hours=12)


def test_every_authorised_answer_carries_the_limit_headers(clocked_keap):
    response = clocked_keap.api.call("/contacts")

    headers = response.headers
    assert headers["x-keap-product-quota-limit"] == "150000"
    assert headers["x-keap-product-quota-time-unit"] == "day"
    assert headers["x-keap-product-quota-interval"] == "1"
    assert headers["x-keap-product-quota-used"] == "1"
    assert headers["x-keap-product-quota-available"] == "149999"
    # Epoch milliseconds of the next 00:00 UTC, as real Keap answers carry it.
    assert headers["x-keap-product-quota-expiry-time"] == epoch_millis(MIDNIGHT)
    assert headers["x-keap-product-throttle-limit"] == "1500"
    assert headers["x-keap-product-throttle-time-unit"] == "minute"
    assert headers["x-keap-product-throttle-interval"] == "1"
    assert headers["x-keap-product-throttle-used"] == "1"
    assert headers["x-keap-product-throttle-available"] == "1499"
    assert headers["x-keap-tenant-throttle-limit"] == "10000"
    assert headers["x-keap-tenant-throttle-time-unit"] == "minute"
    assert headers["x-keap-tenant-throttle-available"] == "9999"
    assert headers["x-keap-tenant-throttle-used"] == "1"


def test_throttles_carry_no_expiry_time(clocked_keap):
    headers = clocked_keap.api.call("/contacts").headers

    expiries = sorted(name for name in headers if name.lower().endswith("-expiry-time"))
    assert expiries == ["x-keap-product-quota-expiry-time"]


def test_the_daily_quota_is_30000_per_api_key_and_150000_per_oauth_client(clocked_keap):
    api = clocked_keap.api

    key = api.call("/tags", api_key=API_KEY).headers
    oauth = api.call("/tags").headers

    assert (key["x-keap-product-quota-limit"], key["x-keap-product-quota-available"]) == (
        "30000",
        "29999",
    )
    assert (oauth["x-keap-product-quota-limit"], oauth["x-keap-product-quota-available"]) == (
        "150000",
        "149999",
    )


def test_an_api_key_is_refused_at_30000_calls_while_oauth_goes_on(clocked_keap):
    clocked_keap.keap.configure(quota_used=29_999)
    api = clocked_keap.api

    assert api.call("/tags", api_key=API_KEY).status_code == 200
    refused = api.call("/tags", api_key=API_KEY)
    oauth = api.call("/tags")

    assert refused.status_code == 429
    assert fault_of(refused) == QUOTA
    assert oauth.status_code == 200
    assert oauth.headers["x-keap-product-quota-available"] == str(150_000 - 30_000)


def test_a_configured_quota_applies_to_every_credential(clocked_keap):
    clocked_keap.keap.configure(quota_limit=1)
    api = clocked_keap.api

    assert api.call("/tags", api_key=API_KEY).headers["x-keap-product-quota-limit"] == "1"
    assert api.call("/tags").headers["x-keap-product-quota-limit"] == "1"
    assert clocked_keap.keap.configure(quota_limit=None)["settings"]["quota_limit"] is None
    assert api.call("/tags").headers["x-keap-product-quota-limit"] == "150000"


def test_the_minute_throttle_is_240_per_api_key_and_1500_per_oauth_client(clocked_keap):
    api = clocked_keap.api

    key = api.call("/tags", api_key=API_KEY).headers
    oauth = api.call("/tags").headers

    assert (key["x-keap-product-throttle-limit"], key["x-keap-product-throttle-available"]) == (
        "240",
        "239",
    )
    assert (
        oauth["x-keap-product-throttle-limit"],
        oauth["x-keap-product-throttle-available"],
    ) == ("1500", "1499")


def test_an_api_key_is_refused_at_call_241_within_a_minute_while_oauth_goes_on(clocked_keap):
    api = clocked_keap.api
    statuses = [api.call("/tags", api_key=API_KEY).status_code for _ in range(240)]
    clocked_keap.clock.advance(59)

    refused = api.call("/tags", api_key=API_KEY)
    oauth = [api.call("/tags") for _ in range(241)]

    assert statuses == [200] * 240
    assert refused.status_code == 429
    assert fault_of(refused) == THROTTLED
    assert refused.headers["x-keap-product-throttle-limit"] == "240"
    assert refused.headers["x-keap-product-throttle-available"] == "0"
    assert refused.headers["Retry-After"] == "1"
    assert [response.status_code for response in oauth] == [200] * 241
    assert oauth[-1].headers["x-keap-product-throttle-available"] == str(1500 - 241)
    assert clocked_keap.keap.counters()["throttled"] == 1


def test_an_api_keys_240_a_minute_window_rolls(clocked_keap):
    """Calls made 60 s ago give their places back; the key's allowance is never exceeded."""
    api, clock = clocked_keap.api, clocked_keap.clock
    assert all(api.call("/tags", api_key=API_KEY).status_code == 200 for _ in range(200))
    clock.advance(30)
    assert all(api.call("/tags", api_key=API_KEY).status_code == 200 for _ in range(40))
    refused = api.call("/tags", api_key=API_KEY)
    assert (refused.status_code, refused.headers["Retry-After"]) == (429, "30")

    clock.advance(30)  # t = 60: the first 200 calls have left the window, the last 40 have not
    again = api.call("/tags", api_key=API_KEY)
    assert again.status_code == 200
    assert again.headers["x-keap-product-throttle-used"] == "41"
    assert again.headers["x-keap-product-throttle-available"] == "199"


def test_a_configured_throttle_applies_to_every_credential(clocked_keap):
    clocked_keap.keap.configure(throttle_limit=1000)
    api = clocked_keap.api

    assert all(api.call("/tags", api_key=API_KEY).status_code == 200 for _ in range(241))
    assert api.call("/tags").headers["x-keap-product-throttle-limit"] == "1000"
    settings = clocked_keap.keap.configure(throttle_limit=None)["settings"]
    assert settings["throttle_limit"] is None
    key = api.call("/tags", api_key=API_KEY)
    assert (key.status_code, key.headers["x-keap-product-throttle-limit"]) == (429, "240")
    assert api.call("/tags").headers["x-keap-product-throttle-limit"] == "1500"


def test_the_throttle_window_rolls(clocked_keap):
    """Each call frees its place 60 s after it was made (Keap's rolling window)."""
    clocked_keap.keap.configure(throttle_limit=2)
    api, clock = clocked_keap.api, clocked_keap.clock
    assert api.call("/tags").status_code == 200
    clock.advance(30)
    assert api.call("/tags").headers["x-keap-product-throttle-available"] == "0"

    clock.advance(15)
    refused = api.call("/tags")
    assert (refused.status_code, refused.headers["Retry-After"]) == (429, "15")

    clock.advance(15)  # t = 60: the first call has left the window, the second has not
    again = api.call("/tags")
    assert again.status_code == 200
    assert again.headers["x-keap-product-throttle-used"] == "2"
    clock.advance(29)
    assert api.call("/tags").headers["Retry-After"] == "1"
    clock.advance(1)
    assert api.call("/tags").status_code == 200


def test_a_404_is_authorised_and_carries_headers_too(keap_api):
    response = keap_api.call("/no/such/path")

    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}
    assert response.headers["x-keap-product-quota-used"] == "1"


def test_throttle_429_with_retry_after_until_the_window_ends(clocked_keap):
    clocked_keap.keap.configure(throttle_limit=3)
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
    counters = clocked_keap.keap.counters()
    assert counters["throttled"] == 1
    assert counters["by_status"] == {"200": 4, "429": 1}


def test_retry_after_is_at_least_one_second(clocked_keap):
    clocked_keap.keap.configure(throttle_limit=1)
    api = clocked_keap.api
    api.call("/tags")
    clocked_keap.clock.advance(59.9)

    assert api.call("/tags").headers["Retry-After"] == "1"


def test_each_credential_has_its_own_throttle(clocked_keap):
    clocked_keap.keap.configure(throttle_limit=1)
    api = clocked_keap.api

    assert api.call("/tags").status_code == 200
    assert api.call("/tags").status_code == 429
    assert api.call("/tags", api_key=API_KEY).status_code == 200
    tenant = api.call("/tags", api_key=API_KEY).headers
    assert tenant["x-keap-tenant-throttle-used"] == "2"


def test_throttle_can_be_disabled(keap_api, keap):
    keap.configure(throttle_limit=0)

    assert all(keap_api.call("/tags").status_code == 200 for _ in range(20))


def test_daily_quota_429_until_midnight_utc(clocked_keap):
    clocked_keap.keap.configure(quota_limit=100, quota_used=99)
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
    assert next_day.headers["x-keap-product-quota-expiry-time"] == epoch_millis(
        MIDNIGHT + timedelta(days=1)
    )
