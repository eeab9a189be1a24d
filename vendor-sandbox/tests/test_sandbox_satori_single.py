"""SATORI single customer API: registration, upsert, delete, every refusal, clearing."""

from __future__ import annotations

import re

import pytest
from sandbox_satori_helpers import SatoriApi, customer, error_of, payload


def test_registration_creates_a_customer(satori):
    api = SatoriApi(satori)

    response = api.register(
        email="Taro@Example.jp",
        last_name="山田",
        first_name="太郎",
        last_name_reading="やまだ",
        first_name_reading="たろう",
        lead_company_name="髙橋商事①",
        phone_number="03-1234-5678",
        mobile_phone_number="090-1234-5678",
        address="東京都千代田区",
        memo="展示会で名刺交換",
        collection_route="API",
        collection_date="2026-03-10",
        custom__member_id="M-001",
        delivery_permission="reject",
        append_tags="展示会2026, 資料請求",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "OK"
    (stored,) = satori.customers()
    assert body["body"] == {"customer[hashcode]": stored["hashcode"]}
    assert re.fullmatch(r"[0-9a-f]{32}", stored["hashcode"])
    assert stored == {
        "id": 1,
        "hashcode": stored["hashcode"],
        "email": "Taro@Example.jp",
        "last_name": "山田",
        "first_name": "太郎",
        "last_name_reading": "やまだ",
        "first_name_reading": "たろう",
        "lead_company_name": "髙橋商事①",
        "phone_number": "03-1234-5678",
        "mobile_phone_number": "090-1234-5678",
        "address": "東京都千代田区",
        "memo": "展示会で名刺交換",
        "collection_route": "API",
        "collection_date": "2026-03-10",
        "custom:member_id": "M-001",
        "delivery_permission": "拒否",
        "tags": ["展示会2026", "資料請求"],
        "score": 0,
        "status": "未設定",
        "delivery_status": "配信可能",
        "mail_status": "正常",
        "created_at": stored["created_at"],
        "updated_at": stored["updated_at"],
    }
    assert stored["created_at"].endswith("+09:00")


def test_the_public_callers_form_is_accepted_as_they_send_it(satori):
    # The form of a public PHP caller of upsert.json (see vendor_sandbox/satori/single.py).
    response = SatoriApi(satori).post(
        "/customer/upsert.json",
        {
            "customer[identity_type]": "email",
            "customer[email]": "form@example.jp",
            "customer[collection_route]": "[お問い合わせ]HP",
            "customer[collection_date]": "2026-03-10",
            "customer[last_name]": "東新",
            "customer[delivery_permission]": "approval",
            "customer[custom:industry]": "住宅",
            "customer[append_tags]": "kodate",
        },
    )

    assert response.json()["status"] == 200
    stored = customer(satori, "form@example.jp")
    assert stored["delivery_permission"] == "許可"
    assert stored["tags"] == ["kodate"]
    assert stored["collection_date"] == "2026-03-10"


@pytest.mark.parametrize(
    "name", ["delivery_permission", "append_tags", "collection_route", "last_name", "email"]
)
def test_customer_parameters_at_the_top_level_are_400_naming_the_nested_form(satori, name):
    data = {"customer[email]": "top@example.jp", name: "approval"}

    response = SatoriApi(satori).post("/customer/upsert.json", data)

    assert error_of(response) == (400, f"{name}はcustomer[{name}]として指定してください")
    assert satori.customers() == []


@pytest.mark.parametrize(
    ("before", "value", "stored"), [("reject", "approval", "許可"), ("approval", "reject", "拒否")]
)
def test_single_api_permission_values_are_stored_as_the_bulk_csv_words(
    satori, before, value, stored
):
    api = SatoriApi(satori)
    api.upsert(email="p@example.jp", delivery_permission=before)

    assert api.upsert(email="p@example.jp", delivery_permission=value).status_code == 200

    assert customer(satori, "p@example.jp")["delivery_permission"] == stored


def test_hashcodes_are_reproducible_across_resets(satori):
    api = SatoriApi(satori)
    api.register(email="a@example.jp")
    api.register(email="b@example.jp")
    first = [c["hashcode"] for c in satori.customers()]

    satori.reset()
    api.register(email="a@example.jp")
    api.register(email="b@example.jp")

    assert [c["hashcode"] for c in satori.customers()] == first
    assert len(set(first)) == 2


def test_registration_refuses_an_existing_email_in_any_case(satori):
    api = SatoriApi(satori)
    api.register(email="dup@example.jp")

    response = api.register(email="DUP@example.jp", last_name="二重")

    assert error_of(response) == (400, "このメールアドレスは既に登録されています")
    assert len(satori.customers()) == 1


def test_registration_refuses_the_hashcode_identity(satori):
    response = SatoriApi(satori).register(identity_type="hashcode", hashcode="0" * 32)

    assert error_of(response) == (400, "identity_typeがhashcodeの場合は登録できません")


def test_upsert_creates_then_updates_by_email(satori):
    api = SatoriApi(satori)

    created = payload(api.upsert(email="u@example.jp", last_name="旧"))
    updated = payload(api.upsert(email="U@EXAMPLE.JP", last_name="新", phone_number="03-0000-0000"))

    assert updated == created
    (stored,) = satori.customers()
    assert stored["last_name"] == "新"
    assert stored["phone_number"] == "03-0000-0000"
    assert stored["email"] == "u@example.jp"


def test_upsert_by_hashcode_updates_and_changes_the_email(satori):
    api = SatoriApi(satori)
    hashcode = payload(api.upsert(email="old@example.jp"))["customer[hashcode]"]

    answer = payload(
        api.upsert(identity_type="hashcode", hashcode=hashcode, email="new@example.jp", memo="m")
    )

    assert answer == {"customer[hashcode]": hashcode}
    assert customer(satori, "new@example.jp")["memo"] == "m"
    assert customer(satori, "old@example.jp") is None


def test_upsert_by_unknown_hashcode_is_404(satori):
    response = SatoriApi(satori).upsert(identity_type="hashcode", hashcode="f" * 32)

    assert error_of(response) == (404, "カスタマーが見つかりません")


def test_email_change_to_an_address_another_customer_holds_is_409(satori):
    api = SatoriApi(satori)
    api.upsert(email="taken@example.jp")
    hashcode = payload(api.upsert(email="mine@example.jp"))["customer[hashcode]"]

    response = api.upsert(identity_type="hashcode", hashcode=hashcode, email="TAKEN@example.jp")

    assert error_of(response) == (409, "このメールアドレスは既に使用されています")
    assert customer(satori, "mine@example.jp") is not None


def test_an_empty_value_clears_the_field(satori):
    api = SatoriApi(satori)
    api.upsert(
        email="c@example.jp", last_name="姓", custom__industry="製造", collection_route="web"
    )
    hashcode = satori.customers()[0]["hashcode"]

    api.upsert(email="c@example.jp", last_name="", custom__industry="", collection_route="")
    cleared = satori.customers()[0]
    api.upsert(identity_type="hashcode", hashcode=hashcode, email="")

    assert "last_name" not in cleared
    assert "custom:industry" not in cleared
    assert "collection_route" not in cleared
    assert satori.customers()[0]["email"] is None


def test_absent_parameters_keep_their_values(satori):
    api = SatoriApi(satori)
    api.upsert(email="k@example.jp", last_name="姓", delivery_permission="reject", append_tags="a")

    api.upsert(email="k@example.jp", first_name="名", append_tags="b")

    stored = satori.customers()[0]
    assert (stored["last_name"], stored["first_name"]) == ("姓", "名")
    assert stored["delivery_permission"] == "拒否"
    assert stored["tags"] == ["a", "b"]


@pytest.mark.parametrize(
    "key",
    [
        "score",
        "status",
        "delivery_status",
        "mail_status",
        "customer_id",
        "id",
        "created_at",
        "updated_at",
        "hashcode",
    ],
)
def test_read_only_keys_are_400_naming_the_key(satori, key):
    response = SatoriApi(satori).upsert(email="r@example.jp", **{key: "1"})

    assert error_of(response) == (400, f"customer[{key}]は更新できません")
    assert satori.customers() == []


def test_unknown_key_and_unknown_custom_field_are_400(satori):
    api = SatoriApi(satori)

    assert error_of(api.upsert(email="x@example.jp", nickname="x")) == (
        400,
        "customer[nickname]は存在しない項目です",
    )
    # Keys no public caller shows are not fields of this company.
    for key in ("department", "position", "fax", "zip_code", "prefecture", "url", "tel"):
        assert error_of(api.upsert(email="x@example.jp", **{key: "x"})) == (
            400,
            f"customer[{key}]は存在しない項目です",
        )
    assert error_of(api.upsert(email="x@example.jp", custom__x="1")) == (
        400,
        "カスタム項目 'x' は存在しません",
    )


@pytest.mark.parametrize(
    "email",
    [
        "plain",
        "no-tld@example",
        "two@@example.jp",
        "space in@example.jp",
        "全角@example.jp",
        "a@example.jp\n",
        "a@-example.jp",
    ],
)
def test_invalid_email_is_400(satori, email):
    response = SatoriApi(satori).upsert(email=email)

    assert error_of(response) == (400, "メールアドレスの形式が正しくありません")


def test_email_over_255_characters_is_400(satori):
    api = SatoriApi(satori)
    longest = "a" * 244 + "@example.jp"  # 255 characters

    assert api.upsert(email=longest).status_code == 200
    assert error_of(api.upsert(email="a" + longest)) == (
        400,
        "メールアドレスは255文字以内で入力してください",
    )


def test_missing_identity_is_400(satori):
    api = SatoriApi(satori)

    assert error_of(api.upsert(last_name="x"))[0] == 400
    assert error_of(api.upsert(identity_type="hashcode", last_name="x"))[0] == 400
    assert error_of(api.upsert(identity_type="phone", email="p@example.jp"))[0] == 400


@pytest.mark.parametrize("value", ["OK", "", "allow", "許可", "拒否", "true"])
def test_bad_delivery_permission_is_400(satori, value):
    response = SatoriApi(satori).upsert(email="d@example.jp", delivery_permission=value)

    assert error_of(response) == (
        400,
        "customer[delivery_permission]は「approval」または「reject」で指定してください",
    )
    assert satori.customers() == []


@pytest.mark.parametrize("value", ["2026/03/10", "2026-3-10", "2026-02-30", "昨日"])
def test_a_collection_date_not_yyyy_mm_dd_is_400(satori, value):
    response = SatoriApi(satori).upsert(email="d@example.jp", collection_date=value)

    assert error_of(response) == (
        400,
        "情報獲得日(collection_date)はYYYY-MM-DD形式で入力してください",
    )


@pytest.mark.parametrize("tags", ["a,,b", "a, ", "x" * 256])
def test_bad_tag_names_are_400(satori, tags):
    response = SatoriApi(satori).upsert(email="t@example.jp", append_tags=tags)

    assert error_of(response)[0] == 400


@pytest.mark.parametrize("name", ["delete_tags", "customer[delete_tags]"])
def test_delete_tags_is_not_a_single_api_field(satori, name):
    data = {"customer[email]": "t@example.jp", name: "a"}

    response = SatoriApi(satori).post("/customer/upsert.json", data)

    assert error_of(response) == (400, "delete_tagsは一括登録APIでのみ指定できます")


def test_unique_custom_value_held_by_another_customer_is_409(satori):
    api = SatoriApi(satori)
    api.upsert(email="one@example.jp", custom__member_id="M1", custom__industry="IT")

    refused = api.upsert(email="two@example.jp", custom__member_id="M1")
    same_customer = api.upsert(email="one@example.jp", custom__member_id="M1")
    not_unique = api.upsert(email="three@example.jp", custom__industry="IT")

    assert error_of(refused) == (409, "カスタム項目 '会員ID' の値は既に使用されています")
    assert customer(satori, "two@example.jp") is None
    assert same_customer.status_code == 200
    assert not_unique.status_code == 200


def test_a_cleared_unique_value_is_free_again(satori):
    api = SatoriApi(satori)
    api.upsert(email="one@example.jp", custom__member_id="M1")
    api.upsert(email="one@example.jp", custom__member_id="")

    assert api.upsert(email="two@example.jp", custom__member_id="M1").status_code == 200


def test_delete_by_email_and_by_hashcode(satori):
    api = SatoriApi(satori)
    api.upsert(email="d1@example.jp")
    hashcode = payload(api.upsert(email="d2@example.jp"))["customer[hashcode]"]

    by_email = api.delete(email="D1@example.jp")
    by_hashcode = api.delete(identity_type="hashcode", hashcode=hashcode)

    assert by_email.json() == {"status": 200, "message": "OK"}
    assert by_hashcode.json() == {"status": 200, "message": "OK"}
    assert satori.customers() == []
    assert api.register(email="d1@example.jp").status_code == 200  # the address is free


@pytest.mark.parametrize(
    "identity", [{"email": "none@example.jp"}, {"identity_type": "hashcode", "hashcode": "a" * 32}]
)
def test_delete_unknown_is_404(satori, identity):
    response = SatoriApi(satori).delete(**identity)

    assert error_of(response) == (404, "カスタマーが見つかりません")


def test_a_deleted_unique_value_is_free_again(satori):
    api = SatoriApi(satori)
    api.upsert(email="gone@example.jp", custom__member_id="M9")
    api.delete(email="gone@example.jp")

    assert api.upsert(email="new@example.jp", custom__member_id="M9").status_code == 200


def test_updated_at_moves_with_the_clock(satori):
    api = SatoriApi(satori)
    satori.set_clock("2026-03-10T12:00:00+09:00")
    api.upsert(email="time@example.jp")
    satori.advance_clock(90)

    api.upsert(email="time@example.jp", memo="later")

    stored = satori.customers()[0]
    assert stored["created_at"] == "2026-03-10T12:00:00+09:00"
    assert stored["updated_at"] == "2026-03-10T12:01:30+09:00"
