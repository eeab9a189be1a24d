"""SATORI auth: the four keys as form fields or query parameters; 404/405 and check order."""

from __future__ import annotations

import pytest
from sandbox_satori_helpers import KEYS, SatoriApi, error_of, form, payload

AUTH_FAILED = (401, "認証に失敗しました")


def test_all_four_keys_in_the_form(satori):
    api = SatoriApi(satori)

    response = api.upsert(email="a@example.jp")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("name", list(KEYS))
def test_each_wrong_key_is_401_naming_nothing(satori, name):
    api = SatoriApi(satori, {**KEYS, name: "wrong"})

    response = api.upsert(email="a@example.jp")

    assert error_of(response) == AUTH_FAILED
    assert "wrong" not in response.text
    assert name not in response.text
    assert satori.customers() == []


@pytest.mark.parametrize("name", list(KEYS))
def test_each_missing_key_is_401(satori, name):
    api = SatoriApi(satori, {key: value for key, value in KEYS.items() if key != name})

    assert error_of(api.upsert(email="a@example.jp")) == AUTH_FAILED


@pytest.mark.parametrize("name", list(KEYS))
def test_get_takes_the_keys_as_query_parameters(satori, name):
    good = SatoriApi(satori)
    bad = SatoriApi(satori, {**KEYS, name: ""})

    assert good.get("/customer/search.json").status_code == 200
    assert error_of(bad.get("/customer/search.json")) == AUTH_FAILED
    assert error_of(bad.get("/bulk_customers/status.json", process_code="x")) == AUTH_FAILED


def test_keys_in_the_query_of_a_post_do_not_count(satori):
    response = SatoriApi(satori).session.post(
        f"{satori.url}/customer/upsert.json",
        params=KEYS,
        data=form(email="a@example.jp"),
        timeout=10,
    )

    assert error_of(response) == AUTH_FAILED


def test_keys_in_a_multipart_form(satori):
    api = SatoriApi(satori)
    fields = {name: (None, value) for name, value in {**KEYS, **form(email="m@ex.jp")}.items()}

    response = api.session.post(f"{api.url}/customer/upsert.json", files=fields, timeout=10)

    assert payload(response) == {"customer[hashcode]": satori.customers()[0]["hashcode"]}


def test_auth_comes_before_parameter_checks(satori):
    api = SatoriApi(satori, {**KEYS, "company_secret": "wrong"})

    assert error_of(api.upsert(email="not an address", score="9")) == AUTH_FAILED
    assert error_of(api.upload("nothing", identity_type="phone")) == AUTH_FAILED
    assert satori.counters()["auth_failures"] == 2


def test_configured_keys_replace_the_defaults(satori):
    satori.configure(user_key="rotated", company_secret="rotated-secret")
    rotated = {**KEYS, "user_key": "rotated", "company_secret": "rotated-secret"}

    assert error_of(SatoriApi(satori).upsert(email="a@example.jp")) == AUTH_FAILED
    assert SatoriApi(satori, rotated).upsert(email="a@example.jp").status_code == 200


def test_unknown_path_is_404_before_auth(satori):
    api = SatoriApi(satori, {})

    status, message = error_of(api.post("/customer/nothing.json"))

    assert status == 404
    assert "/api/v4/public/customer/nothing.json" in message
    assert error_of(api.session.get(f"{satori.base_url}/satori/other", timeout=10))[0] == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/customer/upsert.json"),
        ("GET", "/bulk_customers/upsert.json"),
        ("POST", "/customer/search.json"),
        ("DELETE", "/customer/delete.json"),
    ],
)
def test_wrong_method_is_405_before_auth(satori, method, path):
    response = SatoriApi(satori).session.request(method, f"{satori.url}{path}", timeout=10)

    assert error_of(response)[0] == 405
    assert satori.counters()["auth_failures"] == 0
