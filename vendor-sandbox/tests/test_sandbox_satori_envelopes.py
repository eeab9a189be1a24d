"""SATORI answer shapes: the `body` and `message` envelopes, and errors sent with HTTP 200."""

from __future__ import annotations

from sandbox_satori_helpers import KEYS, SatoriApi, csv_text


def test_body_envelope_is_the_default(satori):
    api = SatoriApi(satori)

    body = api.upsert(email="b@example.jp").json()

    assert satori.settings()["envelope"] == "body"
    hashcode = satori.customers()[0]["hashcode"]
    assert body == {"status": 200, "message": "OK", "body": {"customer[hashcode]": hashcode}}


def test_message_envelope_puts_the_payload_in_message(satori):
    api = SatoriApi(satori)
    satori.configure(envelope="message")

    single = api.upsert(email="m@example.jp")
    hashcode = satori.customers()[0]["hashcode"]
    upload = api.upload(csv_text("email", "n@example.jp"))
    code = upload.json()["message"]["process_code"]
    status = api.get("/bulk_customers/status.json", process_code=code)
    search = api.get("/customer/search.json", email="m@example.jp")
    deleted = api.delete(email="m@example.jp")

    assert single.status_code == 200
    # The shape public callers read: $result["message"]["customer[hashcode]"].
    assert single.json() == {"status": 200, "message": {"customer[hashcode]": hashcode}}
    assert upload.status_code == 202
    assert upload.json() == {"status": 202, "message": {"process_code": code}}
    assert status.json()["message"]["process_status"] == "processing"
    assert set(status.json()) == {"status", "message"}
    assert search.json()["message"]["total"] == 1
    assert deleted.json() == {"status": 200, "message": "OK"}


def test_errors_are_the_same_in_both_envelopes(satori):
    api = SatoriApi(satori)
    satori.configure(envelope="message")

    response = api.upsert(email="bad")

    assert response.status_code == 400
    assert response.json() == {"status": 400, "message": "メールアドレスの形式が正しくありません"}


def test_http_200_errors_keep_the_code_in_the_body_only(satori):
    api = SatoriApi(satori)
    satori.configure(http_200_errors=True)
    api.upsert(email="taken@example.jp", custom__member_id="M1")

    answers = [
        api.upsert(email="bad"),
        api.session.post(f"{api.url}/customer/upsert.json", data={}, timeout=10),
        api.upsert(identity_type="hashcode", hashcode="0" * 32),
        api.upsert(email="other@example.jp", custom__member_id="M1"),
        api.post("/nothing.json"),
        api.session.get(f"{api.url}/customer/upsert.json", params=KEYS, timeout=10),
    ]

    assert {response.status_code for response in answers} == {200}
    assert [response.json()["status"] for response in answers] == [400, 401, 404, 409, 404, 405]
    assert answers[1].json() == {"status": 401, "message": "認証に失敗しました"}
    counters = satori.counters()
    assert counters["by_status"] == {"200": 1, "400": 1, "401": 1, "404": 2, "409": 1, "405": 1}


def test_http_200_errors_leave_successes_alone(satori):
    api = SatoriApi(satori)
    satori.configure(http_200_errors=True)

    response = api.upload(csv_text("email", "a@example.jp"))

    assert response.status_code == 202
    assert response.json()["status"] == 202
