"""配配メール auth: token in the form or the header, IP allow-list, plan, 404, check order."""

from __future__ import annotations

import pytest
from sandbox_haihai_helpers import NOON, TOKEN, HaihaiApi, day_before, error_of

BRIDGE_ONLY = ["GetVisitCount", "GetFormList", "GetFormAnswerList"]


def test_token_in_the_form_field(haihai):
    api = HaihaiApi(haihai)

    response = api.call("GetGroupStepList")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=Shift_JIS"


def test_token_in_the_bearer_header_alone(haihai):
    api = HaihaiApi(haihai)

    assert api.call("GetGroupStepList", token=None, header_token=TOKEN).status_code == 200


def test_a_valid_token_in_either_place_is_enough(haihai):
    api = HaihaiApi(haihai)

    assert api.call("GetGroupStepList", token="wrong", header_token=TOKEN).status_code == 200
    assert api.call("GetGroupStepList", header_token="wrong").status_code == 200


@pytest.mark.parametrize(("token", "header"), [(None, None), ("wrong", None), (None, "wrong")])
def test_missing_or_unknown_token_is_401(haihai, token, header):
    api = HaihaiApi(haihai)

    response = api.call("GetGroupStepList", token=token, header_token=header)

    assert error_of(response) == (401, "INVALID_TOKEN")


def test_configured_token_replaces_the_default(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(api_token="rotated-token")

    assert error_of(api.call("GetGroupStepList"))[1] == "INVALID_TOKEN"
    assert api.call("GetGroupStepList", token="rotated-token").status_code == 200


def test_caller_outside_the_allow_list_is_403(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(allowed_ips=["203.0.113.7", "203.0.113.8"])

    refused = api.call("GetGroupStepList")
    haihai.configure(caller_ip="203.0.113.8")
    allowed = api.call("GetGroupStepList")

    assert error_of(refused) == (403, "IP_NOT_ALLOWED")
    assert "127.0.0.1" in refused.json()["message"]
    assert allowed.status_code == 200


@pytest.mark.parametrize("plan", ["standard", "dedicated"])
@pytest.mark.parametrize("action", BRIDGE_ONLY)
def test_bridge_only_apis_are_403_on_other_plans(haihai, plan, action):
    api = HaihaiApi(haihai)
    haihai.configure(plan=plan)

    response = api.call(action, date=day_before(haihai), form_id="1")

    assert error_of(response) == (403, "PLAN_NOT_SUPPORTED")
    assert api.call("GetGroupStepList").status_code == 200  # the rest still works


def test_unknown_action_and_wrong_path_are_404(haihai):
    api = HaihaiApi(haihai)

    unknown = api.call("GetEverything")
    wrong_path = api.session.post(
        f"{haihai.url}/api/v1", params={"ac": "GetGroupStepList"}, data={"api_token": TOKEN}
    )
    no_action = api.session.post(api.url, data={"api_token": TOKEN})

    assert error_of(unknown) == (404, "NOT_FOUND")
    assert error_of(wrong_path) == (404, "NOT_FOUND")
    assert error_of(no_action) == (404, "NOT_FOUND")


def test_the_base_url_without_a_trailing_slash_works(haihai):
    api = HaihaiApi(haihai)

    response = api.session.post(
        haihai.url, params={"ac": "GetGroupStepList"}, data={"api_token": TOKEN}
    )

    assert response.status_code == 200


def test_get_is_refused(haihai):
    api = HaihaiApi(haihai)

    response = api.session.get(api.url, params={"ac": "GetGroupStepList", "api_token": TOKEN})

    assert error_of(response) == (405, "METHOD_NOT_ALLOWED")


def test_order_of_checks(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(plan="standard", allowed_ips=["203.0.113.7"], daily_quota=0)

    assert error_of(api.call("Nope", token="wrong"))[1] == "NOT_FOUND"
    assert error_of(api.call("GetFormList", token="wrong"))[1] == "INVALID_TOKEN"
    assert error_of(api.call("GetFormList"))[1] == "IP_NOT_ALLOWED"
    haihai.configure(allowed_ips=[])
    assert error_of(api.call("GetFormList"))[1] == "PLAN_NOT_SUPPORTED"
    assert error_of(api.call("GetOpenMail"))[1] == "RATE_LIMIT_EXCEEDED"  # before the 400
    haihai.configure(daily_quota=None)
    assert error_of(api.call("GetOpenMail"))[1] == "INVALID_PARAMETER"  # no date


def test_errors_are_counted_but_never_charged(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock(NOON)  # one quota day
    api.call("GetGroupStepList", token="wrong")
    api.call("GetOpenMail")  # 400: no date
    api.call("Nope")
    api.call("GetGroupStepList")

    counters = haihai.counters()

    assert counters["calls"] == 4
    assert counters["by_status"] == {"401": 1, "400": 1, "404": 1, "200": 1}
    assert (counters["succeeded"], counters["failed"]) == (1, 3)
    assert counters["by_action"]["GetOpenMail"] == 1
    (used,) = counters["by_day"].values()
    assert used == {"groups": 1}
