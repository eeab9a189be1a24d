"""Rate limit (606), concurrency limit (615), daily quota (607) and request size limits."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sandbox_helpers import MarketoApi, error_of

DESCRIBE = "/rest/v1/opportunities/describe.json"
DELETE = "/rest/v1/opportunities/delete.json"


def test_the_101st_call_in_the_window_is_606_until_the_window_passes(api, marketo):
    marketo.configure(rate_limit_window=3)

    answers = [api.get(DESCRIBE) for _ in range(100)]
    refused = api.get(DESCRIBE)

    assert all(body["success"] for body in answers)
    assert error_of(refused) == ("606", "Max rate limit '100' exceeded with in '3' secs")
    time.sleep(3.1)
    assert api.get(DESCRIBE)["success"] is True
    assert marketo.counters()["errors"] == {"606": 1}


def test_rate_limit_is_configurable_and_can_be_disabled(api, marketo):
    marketo.configure(rate_limit_calls=2)
    assert [api.get(DESCRIBE)["success"] for _ in range(3)] == [True, True, False]

    marketo.configure(rate_limit_calls=0)
    assert all(api.get(DESCRIBE)["success"] for _ in range(150))


def test_an_eleventh_concurrent_call_is_615(marketo):
    marketo.configure(latency_ms=1500)
    api = MarketoApi(marketo.url)
    token = api.token

    def call(_: int) -> dict:
        return MarketoApi(marketo.url).request("GET", DESCRIBE, token=token).json()

    with ThreadPoolExecutor(max_workers=11) as pool:
        bodies = list(pool.map(call, range(11)))

    codes = sorted(body["errors"][0]["code"] for body in bodies if not body["success"])
    assert codes == ["615"]
    assert sum(body["success"] for body in bodies) == 10
    counters = marketo.counters()
    assert counters["max_concurrency_seen"] == 11
    assert counters["errors"] == {"615": 1}


def test_ten_concurrent_calls_are_fine(marketo):
    marketo.configure(latency_ms=500)
    token = MarketoApi(marketo.url).token

    def call(_: int) -> dict:
        return MarketoApi(marketo.url).request("GET", DESCRIBE, token=token).json()

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert all(body["success"] for body in pool.map(call, range(10)))


def test_daily_quota_is_607_and_token_errors_are_not_charged(api, marketo):
    marketo.configure(daily_quota=3)
    assert error_of(api.request("GET", DESCRIBE, token="bogus").json())[0] == "601"

    answers = [api.get(DESCRIBE)["success"] for _ in range(3)]
    refused = api.get(DESCRIBE)

    assert answers == [True, True, True]
    assert error_of(refused) == ("607", "Daily quota reached")
    counters = marketo.counters()
    assert counters["quota_used"] == 4  # the 601 was free; the 607 answer itself is charged
    assert counters["calls"] == 5


def test_quota_can_be_disabled(api, marketo):
    marketo.configure(daily_quota=0, rate_limit_calls=0)
    assert all(api.get(DESCRIBE)["success"] for _ in range(20))


def test_urls_longer_than_8_kb_are_414(api, marketo):
    response = api.request("GET", "/rest/v1/opportunities.json", params={"x": "a" * 8200})

    assert response.status_code == 414
    assert marketo.counters()["calls"] == 0  # refused before Marketo's API


def test_bodies_over_1_mb_are_413_and_1_mb_is_fine(api, marketo):
    too_big = api.request(
        "POST", DELETE, data=b" " * (1_000_000 + 1), headers={"Content-Type": "application/json"}
    )
    just_fits = api.request(
        "POST",
        DELETE,
        data=b'{"input": []}' + b" " * (1_000_000 - 13),
        headers={"Content-Type": "application/json"},
    )

    assert too_big.status_code == 413
    assert too_big.headers["Content-Type"] == "text/plain"
    assert marketo.counters()["by_endpoint"] == {"POST /rest/v1/opportunities/delete.json": 1}
    assert just_fits.status_code == 200
    assert error_of(just_fits.json())[0] == "1003"


def test_latency_is_added_to_every_call(api, marketo):
    api.get(DESCRIBE)
    marketo.configure(latency_ms=300)

    started = time.monotonic()
    api.get(DESCRIBE)

    assert time.monotonic() - started >= 0.3
