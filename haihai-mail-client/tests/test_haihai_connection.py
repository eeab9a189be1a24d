from email import message_from_bytes
from email.policy import HTTP
from urllib.parse import parse_qs

import pytest
import requests
from haihai_mock import BASE, csv_answer, error_answer

from haihai_mail_client import apis
from haihai_mail_client.connection import HaihaiConnection
from haihai_mail_client.errors import (
    HaihaiError,
    HaihaiIpNotAllowed,
    HaihaiPlanNotSupported,
    HaihaiTokenRejected,
)
from haihai_mail_client.settings import HaihaiConnectionSettings
from singer_commons.errors import DailyBudgetExhausted, VendorQuotaExhausted

OPENS_URL = f"{BASE}/?ac=GetOpenMail"
OPENS_CSV = (
    "メールID,件名,メールアドレス,開封日時\n12,秋のご案内,a@example.jp,2026/11/22 09:15:00\n"
)


def connection(config, **overrides):
    settings = HaihaiConnectionSettings.from_config({**config, **overrides})
    return HaihaiConnection(settings, sleep=lambda _: None)


def test_token_goes_in_the_form_and_the_header_and_the_csv_is_read(config, requests_mock):
    requests_mock.post(OPENS_URL, **csv_answer(OPENS_CSV))
    rows = list(connection(config).fetch_rows(apis.OPENS, {"date": "20261122"}))
    assert rows == [
        {
            "メールID": "12",
            "件名": "秋のご案内",
            "メールアドレス": "a@example.jp",
            "開封日時": "2026/11/22 09:15:00",
        }
    ]
    sent = requests_mock.last_request
    assert sent.headers["Authorization"] == "Bearer token-secret-123"
    assert parse_qs(sent.text) == {"api_token": ["token-secret-123"], "date": ["20261122"]}


def test_an_answer_without_charset_is_read_in_csv_encoding(config, requests_mock):
    requests_mock.post(OPENS_URL, content=OPENS_CSV.encode("utf-8"))
    rows = list(connection(config, csv_encoding="utf-8").fetch_rows(apis.OPENS))
    assert rows[0]["件名"] == "秋のご案内"


def test_endpoint_paths_override_the_defaults(config, requests_mock):
    requests_mock.post(f"{BASE}/api/open", **csv_answer(OPENS_CSV))
    conn = connection(config, endpoint_paths={"opens": "/api/open"})
    assert len(list(conn.fetch_rows(apis.OPENS))) == 1


def test_each_api_and_measurement_type_is_counted_apart(config, requests_mock):
    requests_mock.post(OPENS_URL, **csv_answer(OPENS_CSV))
    requests_mock.post(f"{BASE}/?ac=GetReactionList", **csv_answer("メールID\n"))
    conn = connection(config)
    conn.fetch_rows(apis.OPENS)
    conn.fetch_rows(apis.RESPONDERS, measurement_type="open")
    conn.fetch_rows(apis.RESPONDERS, measurement_type="click")
    conn.fetch_rows(apis.RESPONDERS, measurement_type="click")
    assert conn.ledger.snapshot() == {"opens": 1, "responders:open": 1, "responders:click": 2}


def test_the_budget_stops_before_a_call_it_cannot_cover(config, requests_mock):
    requests_mock.post(OPENS_URL, **csv_answer(OPENS_CSV))
    conn = connection(config, daily_call_budget=2)
    conn.fetch_rows(apis.OPENS)
    conn.fetch_rows(apis.OPENS)
    with pytest.raises(DailyBudgetExhausted, match="resets at"):
        conn.fetch_rows(apis.OPENS)
    assert requests_mock.call_count == 2


def test_errors_are_not_counted(config, requests_mock):
    requests_mock.post(OPENS_URL, **error_answer(400, "INVALID_PARAMETER"))
    conn = connection(config)
    with pytest.raises(HaihaiError, match="INVALID_PARAMETER"):
        conn.fetch_rows(apis.OPENS)
    assert conn.ledger.used("opens") == 0


def test_a_429_marks_the_api_spent_and_stops_cleanly(config, requests_mock):
    requests_mock.post(OPENS_URL, **error_answer(429, "RATE_LIMIT_EXCEEDED", "上限"))
    conn = connection(config)
    with pytest.raises(VendorQuotaExhausted, match=r"HTTP 429.*resets at .*\+09:00"):
        conn.fetch_rows(apis.OPENS)
    assert requests_mock.call_count == 1
    with pytest.raises(DailyBudgetExhausted):
        conn.fetch_rows(apis.OPENS)
    assert requests_mock.call_count == 1


@pytest.mark.parametrize(
    ("answer", "error", "words"),
    [
        (error_answer(401, "INVALID_TOKEN"), HaihaiTokenRejected, "APIトークン"),
        (error_answer(403, "IP_NOT_ALLOWED"), HaihaiIpNotAllowed, "IPアドレス制限"),
        (error_answer(403, "PLAN_NOT_SUPPORTED"), HaihaiPlanNotSupported, "Bridge plan"),
        ({"status_code": 403, "text": "Forbidden"}, HaihaiIpNotAllowed, "IP address"),
    ],
)
def test_token_ip_and_plan_refusals_are_distinct_clear_errors(
    config, requests_mock, answer, error, words
):
    requests_mock.post(OPENS_URL, **answer)
    with pytest.raises(error, match=words) as raised:
        connection(config).fetch_rows(apis.OPENS)
    assert "token-secret-123" not in str(raised.value)
    assert requests_mock.call_count == 1


def test_a_call_that_names_no_api_is_refused_before_it_is_made(config, requests_mock):
    requests_mock.post(OPENS_URL, **csv_answer(OPENS_CSV))
    conn = connection(config)
    with pytest.raises(TypeError, match="names the API it is charged to"):
        conn.send(requests.Request("POST", OPENS_URL))
    assert requests_mock.call_count == 0
    assert conn.ledger.snapshot() == {}


def test_server_errors_are_retried(config, requests_mock):
    requests_mock.post(OPENS_URL, [{"status_code": 503, "text": "busy"}, csv_answer(OPENS_CSV)])
    conn = connection(config)
    assert len(list(conn.fetch_rows(apis.OPENS))) == 1
    assert conn.ledger.used("opens") == 1


def test_bridge_only_apis_are_refused_before_any_call_on_other_plans(config, requests_mock):
    with pytest.raises(HaihaiPlanNotSupported, match="Bridge plan"):
        connection(config, plan="standard").fetch_rows(apis.VISITS)
    assert requests_mock.call_count == 0


def test_upload_streams_the_file_and_returns_the_import_id(config, requests_mock, tmp_path):
    requests_mock.post(f"{BASE}/?ac=ScheduleCsvImport", json={"import_id": "7"})
    csv_path = tmp_path / "register.csv"
    csv_path.write_bytes("メールアドレス\r\na@example.jp\r\n".encode("cp932"))
    answer, ambiguous = connection(config).upload_csv(
        csv_path, {"import_type": "0"}, filename="register-0001.csv"
    )
    assert answer == {"import_id": "7"}
    assert ambiguous is False
    sent = requests_mock.last_request
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")


def multipart_parts(request) -> dict[str, tuple[str | None, bytes]]:
    """The parts of a sent multipart body: name → (file name, bytes)."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = message_from_bytes(head + request.body.read(), policy=HTTP)
    return {
        part.get_param("name", header="content-disposition"): (
            part.get_filename(),
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    }


def test_upload_sends_the_public_clients_form(config, requests_mock, tmp_path):
    """The CSV import's shape as jawhm/local public_html/haihai/sendhaihai.php posts it."""
    requests_mock.post(f"{BASE}/?ac=ScheduleCsvImport", json={"import_id": "8"})
    csv_bytes = "メールアドレス,氏名\r\na@example.jp,髙橋\r\n".encode("cp932")
    csv_path = tmp_path / "register.csv"
    csv_path.write_bytes(csv_bytes)
    fields = {"import_type": "0", "is_overwrite": "1", "gid": "", "spid": "10"}
    connection(config).upload_csv(csv_path, fields, filename="register-0001.csv")
    sent = requests_mock.last_request
    assert sent.method == "POST"
    assert sent.url == f"{BASE}/?ac=ScheduleCsvImport"
    parts = multipart_parts(sent)
    assert list(parts) == ["api_token", "import_type", "is_overwrite", "gid", "spid", "csvfile"]
    assert parts["import_type"] == (None, b"0")
    assert parts["is_overwrite"] == (None, b"1")
    assert parts["gid"] == (None, b"")
    assert parts["spid"] == (None, b"10")
    assert parts["csvfile"] == ("register-0001.csv", csv_bytes)
