"""The connection's own calls against a mocked Marketo instance (requests-mock)."""

from __future__ import annotations

import pytest
import requests

from marketo_client.api import IDENTITY_PATH, OPPORTUNITIES_DESCRIBE_PATH, OPPORTUNITIES_PATH
from marketo_client.connection import MarketoConnection
from marketo_client.errors import MarketoAuthError
from marketo_client.settings import MarketoConnectionSettings
from singer_commons.errors import VendorQuotaExhausted
from singer_commons.ratelimit import reset_shared_rate_limiters

BASE = "https://123-ABC-456.mktorest.com"


@pytest.fixture
def connection(requests_mock, tmp_path) -> MarketoConnection:
    """A connection whose identity call answers a token and whose retries do not sleep."""
    reset_shared_rate_limiters()
    requests_mock.get(BASE + IDENTITY_PATH, json={"access_token": "token-1", "expires_in": 3600})
    config = {
        "base_url": BASE,
        "client_id": "client-id-123",
        "client_secret": "client-secret-456",
        "daily_call_budget": 100,
        "max_calls_per_20s": 0,
        "state_dir": str(tmp_path),
    }
    return MarketoConnection(
        MarketoConnectionSettings.from_config(config), sleep=lambda _seconds: None
    )


def test_write_posts_the_encoded_body_as_json_and_returns_per_record_results(
    connection, requests_mock
) -> None:
    body = '{"action":"createOnly","input":[{"externalOpportunityId":"O-1","name":"商談"}]}'
    results = [{"seq": 0, "status": "created", "marketoGUID": "g-1"}]
    requests_mock.post(BASE + OPPORTUNITIES_PATH, json={"success": True, "result": results})

    answer = connection.write(OPPORTUNITIES_PATH, body.encode())

    sent = requests_mock.last_request
    assert sent.method == "POST"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Authorization"] == "Bearer token-1"
    assert sent.body == body.encode()
    assert "access_token" not in sent.query
    assert answer.results == results
    assert answer.maybe_applied is False


def test_write_retried_after_a_dropped_connection_may_have_been_applied(
    connection, requests_mock
) -> None:
    requests_mock.post(
        BASE + OPPORTUNITIES_PATH,
        [
            {"exc": requests.exceptions.ConnectionError("connection dropped")},
            {"json": {"success": True, "result": [{"seq": 0, "status": "created"}]}},
        ],
    )

    answer = connection.write(OPPORTUNITIES_PATH, b'{"input":[]}')

    assert requests_mock.call_count == 3  # the token, then two attempts of the same call
    assert answer.maybe_applied is True


def test_a_write_refused_for_the_rate_limit_was_not_applied(connection, requests_mock) -> None:
    requests_mock.post(
        BASE + OPPORTUNITIES_PATH,
        [
            {"json": {"success": False, "errors": [{"code": "606", "message": "Max rate"}]}},
            {"json": {"success": True, "result": [{"seq": 0, "status": "created"}]}},
        ],
    )

    assert connection.write(OPPORTUNITIES_PATH, b'{"input":[]}').maybe_applied is False


def test_describe_reads_the_first_result(connection, requests_mock) -> None:
    describe = {
        "name": "opportunity",
        "idField": "marketoGUID",
        "dedupeFields": ["externalOpportunityId"],
        "searchableFields": [["externalOpportunityId"]],
        "fields": [{"name": "externalOpportunityId", "dataType": "string", "length": 50}],
    }
    requests_mock.get(
        BASE + OPPORTUNITIES_DESCRIBE_PATH, json={"success": True, "result": [describe]}
    )

    description = connection.describe(OPPORTUNITIES_DESCRIBE_PATH)

    assert description.id_field == "marketoGUID"
    assert description.fields["externalOpportunityId"].length == 50


def test_refused_credentials_are_a_fatal_error_naming_the_settings(
    connection, requests_mock
) -> None:
    requests_mock.get(BASE + IDENTITY_PATH, status_code=401, json={"error": "unauthorized"})

    with pytest.raises(MarketoAuthError, match="client_id and client_secret"):
        connection.describe(OPPORTUNITIES_DESCRIBE_PATH)


def test_the_daily_quota_error_stops_with_the_reset_time(connection, requests_mock) -> None:
    requests_mock.get(
        BASE + OPPORTUNITIES_DESCRIBE_PATH,
        json={"success": False, "errors": [{"code": "607", "message": "Daily quota reached"}]},
    )

    with pytest.raises(VendorQuotaExhausted, match=r"\[607\].*resets at"):
        connection.describe(OPPORTUNITIES_DESCRIBE_PATH)

    assert requests_mock.call_count == 2  # the token and one call: 607 is never retried
