"""The default account: fields, groups, customers and a week of results, rebuilt at reset.

Deterministic, and dated relative to the clock's JST day at seed time, so a test reading
"yesterday" always finds the same rows. Mail ids are unique across days; one form answer
holds a comma, a double quote and a newline (to prove CSV quoting) and one holds characters
only CP932 and Unicode share (①, 髙), to prove the encoding.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, time, timedelta

from vendor_sandbox.haihai.clock import JST
from vendor_sandbox.haihai.store import (
    ACTIVE,
    BROADCAST,
    DATE,
    EMAIL,
    EMAIL_FIELD,
    FORBIDDEN,
    REACTION_TYPES,
    STEP,
    STOPPED,
    TEXT,
    Answer,
    Click,
    Customer,
    Field,
    Form,
    HaihaiData,
    Mail,
    Open,
    Reaction,
    Visit,
)

if t.TYPE_CHECKING:
    from datetime import date

DEFAULT_DAYS = 7
DEFAULT_CUSTOMERS = 20
FIRST_MAIL_ID = 101
OPENS_PER_MAIL = 3
CLICKS_PER_MAIL = 2
VISITS_PER_DAY = 3
REACTIONS_PER_TYPE = 2
STEP_PLAN_ID = 10
STEP_FOLLOWERS = 5  # customers 001-005 follow the step plan
PREFECTURES = ("東京都", "大阪府", "北海道", "福岡県", "愛知県")
COMPANIES = ("株式会社サンプル商事", "髙橋工業株式会社", "有限会社テスト企画")
FORMS = (
    (1, "資料請求フォーム", ("ご用件", "ご希望の資料")),
    (2, "セミナー申込フォーム", ("ご用件", "参加人数")),
)
ANSWERS = {
    1: (
        ("資料請求", "製品カタログ"),
        ('カタログ,価格表を希望。"至急"\n送付先は本社まで', "価格表"),
        ("髙橋です。①の資料をお願いします", "導入事例集"),
    ),
    2: (("セミナー参加", "2"), ("質問があります", "1"), ("見学のみ", "3")),
}


def fields() -> list[Field]:
    """The default database fields (顧客データベース項目)."""
    names = ((EMAIL_FIELD, EMAIL), ("氏名", TEXT), ("会社名", TEXT), ("電話番号", TEXT))
    rest = (("都道府県", TEXT), ("誕生日", DATE))
    return [
        Field(id=number, name=name, type=kind, required=kind == EMAIL)
        for number, (name, kind) in enumerate((*names, *rest), start=1)
    ]


def build(today: date, days: int = DEFAULT_DAYS, customers: int = DEFAULT_CUSTOMERS) -> HaihaiData:
    """The default account, its results on the `days` days before `today` (JST)."""
    data = HaihaiData(
        fields=fields(),
        groups={1: "メルマガ会員", 2: "セミナー参加者"},
        step_plans={STEP_PLAN_ID: "新規登録フォロー"},
    )
    for number in range(1, customers + 1):
        data.put(_customer(number, customers, today))
    addresses = [customer.mail_address for customer in data.customers.values()]
    if not addresses:
        return data
    for index in range(days):
        _results(data, index, today - timedelta(days=days - index), addresses)
    _forms(data, today, addresses)
    return data


def _at(day: date, hour: int, minutes: int = 0) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=JST) + timedelta(minutes=minutes)


def _customer(number: int, total: int, today: date) -> Customer:
    values = {
        "氏名": f"顧客 {number:03d}",
        "電話番号": f"03-0000-{number:04d}",
        "都道府県": PREFECTURES[number % len(PREFECTURES)],
        "誕生日": f"{1970 + number % 30}/{number % 12 + 1:02d}/{number % 28 + 1:02d}",
    }
    if number % 3 == 1:
        values["会社名"] = COMPANIES[number // 3 % len(COMPANIES)]
    # The last two customers opted out: 019 配信停止 and 020 配信禁止 by default.
    status = {total - 1: STOPPED, total: FORBIDDEN}.get(number, ACTIVE)
    changed = today - timedelta(days=1 if status != ACTIVE else 30)
    return Customer(
        mail_address=f"customer{number:03d}@example.jp",
        fields=values,
        status=status,
        groups=[1, 2] if number % 4 == 0 else [1],
        step_plans=[STEP_PLAN_ID] if number <= STEP_FOLLOWERS else [],
        updated_at=_at(changed, 12),
    )


def _results(data: HaihaiData, index: int, day: date, addresses: list[str]) -> None:
    """One day's mails (a broadcast and a step mail) and what customers did with them."""

    def address(offset: int) -> str:
        return addresses[(index * 7 + offset) % len(addresses)]

    mail_id = FIRST_MAIL_ID + 2 * index
    subject = f"{day:%m月%d日}号 配配ニュース"
    broadcast = Mail(mail_id, subject, _at(day, 10), BROADCAST, len(addresses))
    followers = min(STEP_FOLLOWERS, len(addresses))
    step = Mail(mail_id + 1, f"ステップメール 第{index + 1}通", _at(day, 9), STEP, followers)
    data.mails += (broadcast, step)
    for position, mail in enumerate((broadcast, step)):
        for rank in range(OPENS_PER_MAIL):
            at = mail.sent_at + timedelta(minutes=15 * (rank + 1))
            data.opens.append(Open(mail.mail_id, mail.subject, address(position + rank), at))
        for rank in range(CLICKS_PER_MAIL):
            at = mail.sent_at + timedelta(minutes=20 * (rank + 1))
            url = f"https://example.jp/campaign/{mail.mail_id}{rank + 1}"
            data.clicks.append(Click(mail.mail_id, mail.subject, address(position + rank), url, at))
    for rank in range(VISITS_PER_DAY):
        data.visits.append(Visit(day, address(rank), rank + 1))
    for kind_index, kind in enumerate(REACTION_TYPES):
        for rank in range(REACTIONS_PER_TYPE):
            at = broadcast.sent_at + timedelta(hours=kind_index + 1, minutes=rank)
            who = address(kind_index + rank)
            data.reactions.append(Reaction(day, kind, broadcast.mail_id, who, at))


def _forms(data: HaihaiData, today: date, addresses: list[str]) -> None:
    """The Bridge forms and three answers each, answered over the last three days."""
    answer_id = 0
    for form_id, name, questions in FORMS:
        data.forms[form_id] = Form(form_id, name, _at(today - timedelta(days=30), 10), questions)
        for rank, values in enumerate(ANSWERS[form_id]):
            answer_id += 1
            when = _at(today - timedelta(days=3 - rank), 14, form_id)
            who = addresses[answer_id % len(addresses)]
            data.answers.append(Answer(form_id, answer_id, who, when, values))
