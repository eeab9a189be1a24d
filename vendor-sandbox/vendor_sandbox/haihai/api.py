"""The actions of the API (`POST /?ac=<Action>`): their ledger keys, plans and answers.

Sources: the vendor's page https://support.haihaimail.jp/manual/setting/api/ (seed 001: the
APIs, plans, quota, 処理状況/処理結果, 10-day results) and a public program calling the older
CSV interface (repository jawhm/local, public_html/haihai/sendhaihai.php: `POST
/?ac=ScheduleCsvImport`, multipart `import_type`, `is_overwrite`, `gid`, `spid`, `csvfile`).
The other action names, every parameter name and every answer's shape follow the plugins'
ASSUMED contract.

Every action is one row of `ACTIONS`. The call pipeline (`account.py`) reads the
parameters, checks token, IP, plan and quota, then runs the action's answer with a `Call`
holding the parameters and the account's state. Retrieval answers are tables encoded as
CSV here; the two import actions answer JSON.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from vendor_sandbox.haihai import csvio, retrieval
from vendor_sandbox.haihai.errors import invalid_parameter
from vendor_sandbox.haihai.imports import order_of
from vendor_sandbox.httpio import Response, json_response
from vendor_sandbox.multipart import Params, Part, read_form

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from vendor_sandbox.haihai.imports import Imports
    from vendor_sandbox.haihai.settings import HaihaiSettings
    from vendor_sandbox.haihai.store import HaihaiData
    from vendor_sandbox.httpio import Request

CSV_FILE = "csvfile"


def read_params(request: Request) -> Params:
    """The call's form, urlencoded or multipart (a broken multipart body gives `problem`).

    The body is read before the token is checked, because the token may be a form field;
    a broken body is reported only once the token, IP, plan and quota have passed.
    """
    return read_form(request, unreadable="multipart/form-data を読み込めません")


@dataclass(frozen=True)
class Call:
    """What an action's answer works with (the account's lock is held meanwhile)."""

    fields: Mapping[str, str]
    files: Mapping[str, Part]
    data: HaihaiData
    imports: Imports
    settings: HaihaiSettings
    now: datetime
    host: str
    held: str | None = None  # the injected fault that held the call back (its answer is late)


Answer = t.Callable[[Call], Response]


@dataclass(frozen=True)
class Action:
    """One API.

    Attributes:
        key: The ledger key the quota counts it under (the plugins' name for the API).
        answer: What it does.
        bridge_only: Only on the Bridge plan (403 PLAN_NOT_SUPPORTED elsewhere).
        per_type: Counted per measurement type (`type`), as 反応者一覧 is.
    """

    key: str
    answer: Answer
    bridge_only: bool = False
    per_type: bool = False

    def ledger_key(self, fields: Mapping[str, str]) -> str:
        """The quota key of one call: `responders:<type>` for 反応者一覧, else `key`."""
        return f"{self.key}:{fields.get('type', '')}" if self.per_type else self.key


def _csv(table: Callable[[Call], retrieval.Table]) -> Answer:
    def answer(call: Call) -> Response:
        header, rows = table(call)
        encoding = call.settings.csv_encoding
        body = csvio.encode(header, rows, call.settings)
        return Response(status=200, body=body, content_type=csvio.content_type(encoding))

    return answer


def schedule_import(call: Call) -> Response:
    """CSV一括登録・削除・状態変更: check and queue an upload, answer its import_id."""
    upload = call.files.get(CSV_FILE)
    if upload is None:
        msg = f"{CSV_FILE} (CSVファイル) を指定してください"
        raise invalid_parameter(msg)
    order = order_of(call.fields, call.data)
    job = call.imports.schedule(
        order, upload, data=call.data, settings=call.settings, now=call.now, held=call.held
    )
    return json_response({"status": "success", "import_id": job.import_id})


def import_result(call: Call) -> Response:
    """処理結果: move the import on by one poll and answer its state (and rows at 完了)."""
    import_id = call.fields.get("import_id", "")
    if not import_id:
        raise invalid_parameter("import_id を指定してください")
    answer = call.imports.poll(import_id, call.data, call.settings, call.now, call.held)
    return json_response(answer)


ACTIONS: dict[str, Action] = {
    "ScheduleCsvImport": Action("csv_import", schedule_import),
    "GetCsvImportResult": Action("import_status", import_result),
    "GetOpenMail": Action("opens", _csv(retrieval.opens)),
    "GetClickMail": Action("clicks", _csv(retrieval.clicks)),
    "GetStopCustomerList": Action("unsubscribed_customers", _csv(retrieval.unsubscribed_customers)),
    "GetVisitCount": Action("visits", _csv(retrieval.visits), bridge_only=True),
    "GetFormList": Action("forms", _csv(retrieval.forms), bridge_only=True),
    "GetFormAnswerList": Action("form_answers", _csv(retrieval.form_answers), bridge_only=True),
    "GetMailList": Action("mails", _csv(retrieval.mails)),
    "CreateCustomerViewUrl": Action("customer_view_url", _csv(retrieval.customer_view_url)),
    "GetGroupStepList": Action("groups", _csv(retrieval.groups)),
    "GetCustomerDbItemList": Action("database_fields", _csv(retrieval.database_fields)),
    "GetReactionList": Action("responders", _csv(retrieval.responders), per_type=True),
}
