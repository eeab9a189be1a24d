"""The customer fields and the value rules every write path shares.

The single API (`customer[<key>]`), the bulk CSV header and the control API name fields
by the same English keys; the Japanese labels appear only in messages. Email, tag and
delivery permission rules are checked here once, so a value refused by the single API is
refused with the same message in a bulk row.

Sources: the standard keys are those public callers of `customer/upsert.json` send
(Ippei-f/toshinjyuken.co.jp, src/hiraya/temp_php/form/satori.php and
src/kodate/temp_php/form/satori.php): `last_name`, `first_name`, `last_name_reading`,
`first_name_reading`, `lead_company_name`, `phone_number`, `mobile_phone_number`,
`address`, `memo`, `collection_route`, `collection_date` (sent as `date("Y-m-d")`). No
public source shows other standard keys, so a company has no others until a test gives it
some (`SatoriData.extra_standard`, set through the control API): by default a plugin
sending `department` or `fax` is refused as it would be by a company without such a field.

The single API's delivery permission is `approval` for 許可 in those callers; no public
source shows the single API's word that refuses delivery, so `reject` is assumed here (as
the target's default `single_api_refusal_value`). The bulk CSV's column takes 許可 / 拒否
(vendor notes), the values customers hold; the one public bulk client is split on the
refusal (its settings name 拒否, its CSV builder writes `reject`), so that is not settled
either.
"""

from __future__ import annotations

import re
from datetime import date

from vendor_sandbox.satori.errors import bad_request

COLLECTION_DATE = "collection_date"
STANDARD_FIELDS: dict[str, str] = {
    "last_name": "姓",
    "first_name": "名",
    "last_name_reading": "姓(よみ)",
    "first_name_reading": "名(よみ)",
    "lead_company_name": "会社名",
    "phone_number": "電話番号",
    "mobile_phone_number": "携帯電話番号",
    "address": "住所",
    "memo": "メモ",
    "collection_route": "情報獲得経路",
    COLLECTION_DATE: "情報獲得日",
}
READ_ONLY = frozenset(
    {
        "id",
        "customer_id",
        "hashcode",
        "score",
        "status",
        "delivery_status",
        "mail_status",
        "created_at",
        "updated_at",
    }
)
CUSTOM_PREFIX = "custom:"
EMAIL, HASHCODE = "email", "hashcode"
IDENTITY_TYPES = (EMAIL, HASHCODE)
ALLOWED, REFUSED = "許可", "拒否"
DELIVERY_PERMISSIONS = (ALLOWED, REFUSED)  # the bulk CSV's values, and what customers hold
SINGLE_APPROVAL, SINGLE_REFUSAL = "approval", "reject"  # customer[delivery_permission]
SINGLE_PERMISSIONS = {SINGLE_APPROVAL: ALLOWED, SINGLE_REFUSAL: REFUSED}
DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
DEFAULT_STATUS = "未設定"
DELIVERABLE = "配信可能"
MAIL_NORMAL = "正常"
MAX_EMAIL_LENGTH = 255
MAX_TAG_LENGTH = 255
# A practical address shape: ASCII local part, dot-separated labels, an alphabetic TLD.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL_SHAPE = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@(?:{_LABEL}\.)+[A-Za-z]{{2,}}")
HASHCODE_SHAPE = re.compile(r"[0-9a-f]{32}")
BAD_EMAIL = "メールアドレスの形式が正しくありません"
LONG_EMAIL = f"メールアドレスは{MAX_EMAIL_LENGTH}文字以内で入力してください"


def checked_email(value: str) -> str:
    """An address to store, checked for length and shape.

    Raises:
        SatoriError: 400 for an address over 255 characters or not `local@domain.tld`.
    """
    if len(value) > MAX_EMAIL_LENGTH:
        raise bad_request(LONG_EMAIL)
    if not value.isascii() or not EMAIL_SHAPE.fullmatch(value):
        raise bad_request(BAD_EMAIL)
    return value


def checked_permission(value: str) -> str:
    """A bulk CSV delivery permission value (`許可` or `拒否`).

    Raises:
        SatoriError: 400 for anything else (the empty string included).
    """
    if value not in DELIVERY_PERMISSIONS:
        msg = f"delivery_permissionは「{ALLOWED}」または「{REFUSED}」で指定してください"
        raise bad_request(msg)
    return value


def checked_single_permission(value: str) -> str:
    """What a single call's `customer[delivery_permission]` (`approval` or `reject`) stores.

    Raises:
        SatoriError: 400 for anything else, the bulk CSV's 許可 / 拒否 included.
    """
    stored = SINGLE_PERMISSIONS.get(value)
    if stored is None:
        allowed = "または".join(f"「{word}」" for word in SINGLE_PERMISSIONS)
        msg = f"customer[delivery_permission]は{allowed}で指定してください"
        raise bad_request(msg)
    return stored


def checked_field(key: str, value: str) -> str:
    """A standard field's value to store; `collection_date` must be a `YYYY-MM-DD` date.

    Raises:
        SatoriError: 400 for a collection date of another shape (public callers send
            `date("Y-m-d")`; that other shapes are refused is assumed).
    """
    if key == COLLECTION_DATE and value and not _is_date(value):
        msg = f"{STANDARD_FIELDS[key]}(collection_date)はYYYY-MM-DD形式で入力してください"
        raise bad_request(msg)
    return value


def _is_date(value: str) -> bool:
    if not DATE_SHAPE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def tag_names(value: str, parameter: str) -> list[str]:
    """The tag names of a comma-separated list (`append_tags`, `delete_tags`).

    Spaces around a name are dropped; an empty list is no tags.

    Raises:
        SatoriError: 400 for an empty name between commas or a name over 255 characters.
    """
    if not value.strip():
        return []
    names = [name.strip() for name in value.split(",")]
    if not all(names):
        msg = f"{parameter}に空のタグ名があります"
        raise bad_request(msg)
    if any(len(name) > MAX_TAG_LENGTH for name in names):
        msg = f"{parameter}のタグ名は{MAX_TAG_LENGTH}文字以内で入力してください"
        raise bad_request(msg)
    return names
