"""The 配配メール APIs: their ledger keys, Japanese names, default paths and plan limits.

The vendor's spec PDF is not public. The APIs, their plans and their quota come from the
vendor's page https://support.haihaimail.jp/manual/setting/api/ (seed 001). A public program
calling the older CSV import interface (repository jawhm/local,
public_html/haihai/sendhaihai.php) posts to `/?ac=ScheduleCsvImport`; the seed says API連携
differs from that interface, so even that path is a default. The other paths follow its shape
and are ASSUMED. Every path can be overridden through the `endpoint_paths` setting, so a user
holding the spec can match their account without code. The key of each API is its ledger
key: the quota (240 calls a day) is counted per API.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HaihaiApi:
    """One 配配メール API.

    Attributes:
        key: Ledger key and `endpoint_paths` key, e.g. "opens".
        japanese_name: The vendor's name of the API (as in its API list).
        default_path: Path below `base_url`, query included (assumed, see module doc).
        bridge_only: Only Bridge-plan accounts may call it.
        per_measurement_type: The quota counts per measurement type (反応者一覧).
    """

    key: str
    japanese_name: str
    default_path: str
    bridge_only: bool = False
    per_measurement_type: bool = False

    def ledger_key(self, measurement_type: str | None = None) -> str:
        """The ledger key of a call; 反応者一覧 counts each measurement type apart."""
        if self.per_measurement_type:
            if not measurement_type:
                msg = f"{self.key} calls need a measurement type"
                raise ValueError(msg)
            return f"{self.key}:{measurement_type}"
        return self.key


CSV_IMPORT = HaihaiApi("csv_import", "CSV一括登録・削除・状態変更", "/?ac=ScheduleCsvImport")
IMPORT_STATUS = HaihaiApi("import_status", "一括登録・削除の処理結果", "/?ac=GetCsvImportResult")
OPENS = HaihaiApi("opens", "開封メール取得", "/?ac=GetOpenMail")
CLICKS = HaihaiApi("clicks", "クリックメール取得", "/?ac=GetClickMail")
UNSUBSCRIBED = HaihaiApi(
    "unsubscribed_customers", "配信停止/禁止顧客一覧取得", "/?ac=GetStopCustomerList"
)
VISITS = HaihaiApi("visits", "来訪回数取得", "/?ac=GetVisitCount", bridge_only=True)
FORMS = HaihaiApi("forms", "フォーム一覧取得", "/?ac=GetFormList", bridge_only=True)
FORM_ANSWERS = HaihaiApi(
    "form_answers", "フォーム回答一覧取得", "/?ac=GetFormAnswerList", bridge_only=True
)
MAILS = HaihaiApi("mails", "メール一覧取得", "/?ac=GetMailList")
CUSTOMER_VIEW_URL = HaihaiApi("customer_view_url", "顧客閲覧URL生成", "/?ac=CreateCustomerViewUrl")
GROUPS = HaihaiApi("groups", "グループ名・ステップメール名一覧取得", "/?ac=GetGroupStepList")
DATABASE_FIELDS = HaihaiApi(
    "database_fields", "顧客データベース項目一覧取得", "/?ac=GetCustomerDbItemList"
)
# The column of DATABASE_FIELDS' CSV naming each field; those names are the headers of a CSV
# upload (seed 001: the API lists each field's ID and name; the header itself is ASSUMED).
FIELD_NAME_COLUMN = "項目名"
RESPONDERS = HaihaiApi(
    "responders", "反応者一覧取得", "/?ac=GetReactionList", per_measurement_type=True
)

ALL_APIS = (
    CSV_IMPORT,
    IMPORT_STATUS,
    OPENS,
    CLICKS,
    UNSUBSCRIBED,
    VISITS,
    FORMS,
    FORM_ANSWERS,
    MAILS,
    CUSTOMER_VIEW_URL,
    GROUPS,
    DATABASE_FIELDS,
    RESPONDERS,
)
BY_KEY = {api.key: api for api in ALL_APIS}
