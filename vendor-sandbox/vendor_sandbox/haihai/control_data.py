"""Control endpoints that edit and read the account's data: events, lists, customers, fields.

Tests add the results a plugin will read (opens, clicks, mails, visits, responders) and
the customers an import meets, then assert on what the account ends up holding. Every
item is checked before any is stored, and an error names the item and field
(`opens[2].at`). The events and lists (forms and their answers, groups, step plans) are
read back as the account holds them, so a test can derive what a retrieval API must
answer without asking that API.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.control import ControlError, json_object
from vendor_sandbox.haihai.apply import ADDRESS
from vendor_sandbox.haihai.clock import JST, parse_day, parse_moment
from vendor_sandbox.haihai.store import (
    ACTIVE,
    BROADCAST,
    EMAIL,
    EMAIL_FIELD,
    FIELD_TYPES,
    MAIL_KINDS,
    REACTION_TYPES,
    STATUSES,
    Click,
    Customer,
    Field,
    Mail,
    Open,
    Reaction,
    Visit,
)

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date, datetime

    from vendor_sandbox.haihai.account import HaihaiAccount
    from vendor_sandbox.haihai.store import HaihaiData
    from vendor_sandbox.httpio import Request

_MISSING = object()


def _get(item: Mapping[str, t.Any], name: str, where: str, default: t.Any = _MISSING) -> t.Any:
    value = item.get(name, default)
    if value is _MISSING:
        msg = f"'{where}.{name}' is required"
        raise ControlError(msg)
    return value


def _fail(where: str, name: str, expected: str, value: t.Any) -> t.NoReturn:
    msg = f"'{where}.{name}' must be {expected}, got {value!r}"
    raise ControlError(msg)


def _text(item: Mapping[str, t.Any], name: str, where: str, default: t.Any = _MISSING) -> str:
    value = _get(item, name, where, default)
    if not isinstance(value, str):
        _fail(where, name, "a string", value)
    return value


def _integer(item: Mapping[str, t.Any], name: str, where: str, default: t.Any = _MISSING) -> int:
    value = _get(item, name, where, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _fail(where, name, "an integer >= 0", value)
    return value


def _choice(
    item: Mapping[str, t.Any], name: str, where: str, choices: tuple[str, ...], default: t.Any
) -> str:
    value = _get(item, name, where, default)
    if value not in choices:
        _fail(where, name, f"one of {', '.join(choices)}", value)
    return str(value)


def _moment(item: Mapping[str, t.Any], name: str, where: str) -> datetime:
    value = _text(item, name, where)
    moment = parse_moment(value)
    if moment is None:
        _fail(where, name, "ISO 8601 or YYYY/MM/DD HH:MM:SS (JST)", value)
    return moment


def _day(item: Mapping[str, t.Any], name: str, where: str) -> date:
    value = _text(item, name, where)
    day = parse_day(value)
    if day is None:
        _fail(where, name, "a date (YYYY-MM-DD or YYYY/MM/DD)", value)
    return day


def _address(item: Mapping[str, t.Any], where: str) -> str:
    value = _text(item, "mail_address", where)
    if not ADDRESS.fullmatch(value):
        _fail(where, "mail_address", "an email address", value)
    return value


def _ids(item: Mapping[str, t.Any], name: str, where: str, known: Mapping[int, str]) -> list[int]:
    value = _get(item, name, where, [])
    if not isinstance(value, list) or any(
        isinstance(one, bool) or not isinstance(one, int) or one not in known for one in value
    ):
        _fail(where, name, f"a list of known ids ({', '.join(map(str, known))})", value)
    return list(value)


def _open(item: Mapping[str, t.Any], where: str) -> Open:
    return Open(
        _integer(item, "mail_id", where),
        _text(item, "subject", where, ""),
        _address(item, where),
        _moment(item, "at", where),
    )


def _click(item: Mapping[str, t.Any], where: str) -> Click:
    return Click(
        _integer(item, "mail_id", where),
        _text(item, "subject", where, ""),
        _address(item, where),
        _text(item, "url", where),
        _moment(item, "at", where),
    )


def _mail(item: Mapping[str, t.Any], where: str) -> Mail:
    return Mail(
        _integer(item, "mail_id", where),
        _text(item, "subject", where, ""),
        _moment(item, "at", where),
        _choice(item, "kind", where, MAIL_KINDS, BROADCAST),
        _integer(item, "count", where, 0),
    )


def _visit(item: Mapping[str, t.Any], where: str) -> Visit:
    return Visit(_day(item, "date", where), _address(item, where), _integer(item, "count", where))


def _reaction(item: Mapping[str, t.Any], where: str) -> Reaction:
    at = _moment(item, "at", where)
    return Reaction(
        _day(item, "date", where) if "date" in item else at.astimezone(JST).date(),
        _choice(item, "type", where, REACTION_TYPES, _MISSING),
        _integer(item, "mail_id", where),
        _address(item, where),
        at,
    )


Parser = t.Callable[["Mapping[str, t.Any]", str], t.Any]
EVENTS: dict[str, tuple[Parser, Callable[[HaihaiData], list[t.Any]]]] = {
    "opens": (_open, lambda data: data.opens),
    "clicks": (_click, lambda data: data.clicks),
    "mails": (_mail, lambda data: data.mails),
    "visits": (_visit, lambda data: data.visits),
    "responders": (_reaction, lambda data: data.reactions),
}


def _moment_text(moment: datetime) -> str:
    return moment.astimezone(JST).isoformat()


# Each kind of event as `add_events` takes it, times in ISO 8601 with the JST offset.
DUMPS: dict[str, Callable[[t.Any], dict[str, t.Any]]] = {
    "opens": lambda o: {
        "mail_id": o.mail_id,
        "subject": o.subject,
        "mail_address": o.mail_address,
        "at": _moment_text(o.at),
    },
    "clicks": lambda c: {
        "mail_id": c.mail_id,
        "subject": c.subject,
        "mail_address": c.mail_address,
        "url": c.url,
        "at": _moment_text(c.at),
    },
    "mails": lambda m: {
        "mail_id": m.mail_id,
        "subject": m.subject,
        "at": _moment_text(m.sent_at),
        "kind": m.kind,
        "count": m.delivered,
    },
    "visits": lambda v: {
        "date": v.day.isoformat(),
        "mail_address": v.mail_address,
        "count": v.count,
    },
    "responders": lambda r: {
        "type": r.type,
        "mail_id": r.mail_id,
        "mail_address": r.mail_address,
        "at": _moment_text(r.at),
        "date": r.day.isoformat(),
    },
}


def events(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Every event the account holds, by kind, in the order added (what `add_events` takes)."""
    del request
    with account.lock:
        data = account.data
        return {kind: [DUMPS[kind](row) for row in EVENTS[kind][1](data)] for kind in EVENTS}


def lists(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """The forms (with their questions and answers), the groups and the step mail plans."""
    del request
    with account.lock:
        data = account.data
        forms = [
            {
                "form_id": form.form_id,
                "name": form.name,
                "created_at": _moment_text(form.created_at),
                "questions": list(form.questions),
                "answers": [
                    {
                        "answer_id": answer.answer_id,
                        "mail_address": answer.mail_address,
                        "answered_at": _moment_text(answer.answered_at),
                        "values": list(answer.values),
                    }
                    for answer in data.answers
                    if answer.form_id == form.form_id
                ],
            }
            for form in data.forms.values()
        ]
        return {
            "forms": forms,
            "groups": [{"id": gid, "name": name} for gid, name in data.groups.items()],
            "step_plans": [{"id": spid, "name": name} for spid, name in data.step_plans.items()],
        }


def _items(payload: Mapping[str, t.Any], name: str) -> list[tuple[Mapping[str, t.Any], str]]:
    value = payload.get(name)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        msg = f"'{name}' must be a list of objects, got {value!r}"
        raise ControlError(msg)
    return [(item, f"{name}[{index}]") for index, item in enumerate(value)]


def add_events(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Add result rows: `{"opens": [...], "clicks": [...], "mails", "visits", "responders"}`."""
    payload = json_object(request)
    unknown = set(payload) - set(EVENTS)
    if unknown:
        msg = f"unknown event kind(s): {', '.join(sorted(unknown))} (have: {', '.join(EVENTS)})"
        raise ControlError(msg)
    parsed = {
        kind: [EVENTS[kind][0](item, where) for item, where in _items(payload, kind)]
        for kind in payload
    }
    with account.lock:
        for kind, rows in parsed.items():
            EVENTS[kind][1](account.data).extend(rows)
    return {"added": {kind: len(rows) for kind, rows in parsed.items()}}


def _customer(data: HaihaiData, item: Mapping[str, t.Any], where: str, now: datetime) -> Customer:
    values = _get(item, "fields", where, {})
    known = data.fields_by_name()
    if not isinstance(values, dict) or any(
        name not in known or name == EMAIL_FIELD or not isinstance(value, str)
        for name, value in values.items()
    ):
        names = ", ".join(name for name in known if name != EMAIL_FIELD)
        _fail(where, "fields", f"an object of {names} to strings", values)
    return Customer(
        mail_address=_address(item, where),
        fields={name: value for name, value in values.items() if value},
        status=_choice(item, "status", where, STATUSES, ACTIVE),
        groups=_ids(item, "groups", where, data.groups),
        step_plans=_ids(item, "step_plans", where, data.step_plans),
        updated_at=now,
    )


def put_customers(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Add customers, or replace those with the same address: `{"customers": [...]}`."""
    items = _items(json_object(request), "customers")
    now = account.clock.utc_now()
    with account.lock:
        data = account.data
        customers = [_customer(data, item, where, now) for item, where in items]
        replaced = sum(data.customer(customer.mail_address) is not None for customer in customers)
        for customer in customers:
            data.put(customer)
        return {"added": len(customers) - replaced, "replaced": replaced}


def customers(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Every customer in insertion order."""
    del request
    with account.lock:
        return {"customers": [c.as_dict() for c in account.data.customers.values()]}


def _field(item: Mapping[str, t.Any], where: str) -> Field:
    required = _get(item, "required", where, False)
    if not isinstance(required, bool):
        _fail(where, "required", "true or false", required)
    name = _text(item, "name", where)
    if not name:
        _fail(where, "name", "a non-empty string", name)
    kind = _choice(item, "type", where, FIELD_TYPES, _MISSING)
    return Field(_integer(item, "id", where), name, kind, required)


def set_fields(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Replace the database fields (`{"fields": [{id, name, type, required}]}`).

    Exactly one field must be メールアドレス of type email; customers lose the values of
    fields that no longer exist.
    """
    parsed = [_field(item, where) for item, where in _items(json_object(request), "fields")]
    if len({f.id for f in parsed}) != len(parsed) or len({f.name for f in parsed}) != len(parsed):
        msg = "'fields' must not repeat an id or a name"
        raise ControlError(msg)
    if not any(f.name == EMAIL_FIELD and f.type == EMAIL for f in parsed):
        msg = f"'fields' must include {EMAIL_FIELD} of type {EMAIL}"
        raise ControlError(msg)
    names = {f.name for f in parsed}
    with account.lock:
        account.data.fields = parsed
        for customer in account.data.customers.values():
            customer.fields = {k: v for k, v in customer.fields.items() if k in names}
    return fields(account, request)


def fields(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """The database fields, in the order they were defined."""
    del request
    with account.lock:
        return {"fields": [f.as_dict() for f in account.data.fields]}
