"""The customer fields and the value rules every write path shares.

The single API (`customer[<key>]`), the bulk CSV header and the control API name fields
by the same English keys; the Japanese labels appear only in messages. Email, tag and
delivery permission rules are checked here once, so a value refused by the single API is
refused with the same message in a bulk row.
"""

from __future__ import annotations

import re

from vendor_sandbox.satori.errors import bad_request

STANDARD_FIELDS: dict[str, str] = {
    "last_name": "姓",
    "first_name": "名",
    "last_name_kana": "姓(カナ)",
    "first_name_kana": "名(カナ)",
    "company_name": "会社名",
    "department": "部署",
    "position": "役職",
    "tel": "電話番号",
    "mobile_phone": "携帯電話番号",
    "fax": "FAX番号",
    "zip_code": "郵便番号",
    "prefecture": "都道府県",
    "address": "住所",
    "url": "URL",
    "memo": "メモ",
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
DELIVERY_PERMISSIONS = (ALLOWED, REFUSED)
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
    """A delivery permission value (`許可` or `拒否`).

    Raises:
        SatoriError: 400 for anything else (the empty string included).
    """
    if value not in DELIVERY_PERMISSIONS:
        msg = f"delivery_permissionは「{ALLOWED}」または「{REFUSED}」で指定してください"
        raise bad_request(msg)
    return value


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
