"""The retrieval APIs (API連携 取得系): each answers a table the pipeline encodes as CSV.

Columns are the contract's Japanese names; times are `YYYY/MM/DD HH:MM:SS` in JST.
Date-bound APIs take `date=YYYYMMDD` and return that JST day's rows in time order; an
empty result is the header alone.
"""

from __future__ import annotations

import hashlib
import typing as t

from vendor_sandbox.haihai.clock import JST, format_datetime, parse_api_date
from vendor_sandbox.haihai.errors import invalid_parameter
from vendor_sandbox.haihai.store import ACTIVE, REACTION_TYPES

if t.TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from vendor_sandbox.haihai.api import Call

Table = tuple["Sequence[str]", "Sequence[Sequence[str]]"]
VIEW_KEY_LENGTH = 32


def _param(call: Call, name: str, hint: str) -> str:
    value = call.fields.get(name, "")
    if not value:
        msg = f"{name} を指定してください({hint})"
        raise invalid_parameter(msg)
    return value


def _day(call: Call) -> date:
    day = parse_api_date(_param(call, "date", "YYYYMMDD"))
    if day is None:
        msg = f"date は YYYYMMDD 形式の日付で指定してください({call.fields['date']!r})"
        raise invalid_parameter(msg)
    return day


def _on(day: date, moment: datetime) -> bool:
    return moment.astimezone(JST).date() == day


def opens(call: Call) -> Table:
    """開封メール取得: who opened which HTML mail that day."""
    day = _day(call)
    found = sorted((row for row in call.data.opens if _on(day, row.at)), key=lambda row: row.at)
    rows = [(str(o.mail_id), o.subject, o.mail_address, format_datetime(o.at)) for o in found]
    return ("メールID", "件名", "メールアドレス", "開封日時"), rows


def clicks(call: Call) -> Table:
    """クリックメール取得: who clicked which URL of which mail that day."""
    day = _day(call)
    found = sorted((row for row in call.data.clicks if _on(day, row.at)), key=lambda row: row.at)
    rows = [
        (str(c.mail_id), c.subject, c.mail_address, c.url, format_datetime(c.at)) for c in found
    ]
    return ("メールID", "件名", "メールアドレス", "URL", "クリック日時"), rows


def unsubscribed_customers(call: Call) -> Table:
    """配信停止/禁止顧客一覧取得: every customer no longer 配信中, in database order."""
    rows = [
        (c.mail_address, c.status, format_datetime(c.updated_at))
        for c in call.data.customers.values()
        if c.status != ACTIVE
    ]
    return ("メールアドレス", "状態", "更新日時"), rows


def visits(call: Call) -> Table:
    """来訪回数取得 (Bridge): each customer's visits that day."""
    day = _day(call)
    rows = [(v.mail_address, str(v.count)) for v in call.data.visits if v.day == day]
    return ("メールアドレス", "来訪回数"), rows


def forms(call: Call) -> Table:
    """フォーム一覧取得 (Bridge)."""
    rows = [
        (str(f.form_id), f.name, format_datetime(f.created_at)) for f in call.data.forms.values()
    ]
    return ("フォームID", "フォーム名", "作成日時"), rows


def form_answers(call: Call) -> Table:
    """フォーム回答一覧取得 (Bridge): one column per question of the form."""
    value = _param(call, "form_id", "フォームID")
    form = call.data.forms.get(int(value)) if value.isdigit() else None
    if form is None:
        msg = f"form_id に指定されたフォーム({value})は存在しません"
        raise invalid_parameter(msg)
    rows = [
        (
            str(a.form_id),
            str(a.answer_id),
            a.mail_address,
            format_datetime(a.answered_at),
            *a.values,
        )
        for a in call.data.answers
        if a.form_id == form.form_id
    ]
    return ("フォームID", "回答ID", "メールアドレス", "回答日時", *form.questions), rows


def mails(call: Call) -> Table:
    """メール一覧取得: the mails sent that day."""
    day = _day(call)
    found = sorted((m for m in call.data.mails if _on(day, m.sent_at)), key=lambda m: m.sent_at)
    rows = [
        (str(m.mail_id), m.subject, format_datetime(m.sent_at), m.kind, str(m.delivered))
        for m in found
    ]
    return ("メールID", "件名", "配信日時", "配信種別", "配信数"), rows


def customer_view_url(call: Call) -> Table:
    """顧客閲覧URL生成: the URL of one registered customer's page (one address a call)."""
    address = _param(call, "mail_address", "メールアドレス")
    customer = call.data.customer(address)
    if customer is None:
        msg = f"mail_address に指定されたメールアドレスは登録されていません({address})"
        raise invalid_parameter(msg)
    digest = hashlib.sha256(customer.mail_address.lower().encode()).hexdigest()
    url = f"http://{call.host}/haihai/customer/{digest[:VIEW_KEY_LENGTH]}"
    return ("メールアドレス", "顧客閲覧URL"), [(customer.mail_address, url)]


def groups(call: Call) -> Table:
    """グループ名・ステップメール名一覧取得: the groups, then the step mail plans."""
    rows = [("グループ", str(gid), name) for gid, name in call.data.groups.items()]
    rows += [("ステップメール", str(spid), name) for spid, name in call.data.step_plans.items()]
    return ("種別", "ID", "名前"), rows


def database_fields(call: Call) -> Table:
    """顧客データベース項目一覧取得: the ids and names an upload's header must use."""
    rows = [(str(f.id), f.name, f.type, "1" if f.required else "0") for f in call.data.fields]
    return ("項目ID", "項目名", "型", "必須"), rows


def responders(call: Call) -> Table:
    """反応者一覧取得: that day's responders of one measurement type."""
    day = _day(call)
    kind = call.fields.get("type", "")
    if kind not in REACTION_TYPES:
        msg = f"type は {', '.join(REACTION_TYPES)} のいずれかで指定してください({kind!r})"
        raise invalid_parameter(msg)
    found = sorted(
        (r for r in call.data.reactions if r.day == day and r.type == kind), key=lambda r: r.at
    )
    rows = [(str(r.mail_id), r.mail_address, format_datetime(r.at)) for r in found]
    return ("メールID", "メールアドレス", "反応日時"), rows
