"""Applying an imported CSV, row by row, as 配配メール does when an import reaches 完了.

Rows are read lazily from the decoded text and looked up in the customer dict, so a
million rows take seconds. Each row gets 成功, 失敗 (with the reason) or その他 (already
registered, left unchanged); the status answer lists only the 失敗 and その他 rows.
Empty cells never erase a value. Each 成功 row is handed to `written` (the write log) with
what it did: `create`, `update` or `delete`.
"""

from __future__ import annotations

import contextlib
import gc
import re
import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.haihai import csvio
from vendor_sandbox.haihai.store import (
    ACTIVE,
    EMAIL_FIELD,
    FORBIDDEN,
    STOPPED,
    TEXT,
    Customer,
    HaihaiData,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

# Told of each row written: its address, the operation and the row's cells.
Written = t.Callable[[str, str, list[str]], None]

SUCCESS, FAILURE, OTHER = "成功", "失敗", "その他"
REGISTER, DELETE, STOP, FORBID, ALLOW = 0, 1, 2, 3, 5
MAX_ADDRESS_LENGTH = 254
MAX_TEXT_LENGTH = 255
ADDRESS = re.compile(r"[^@\s]+@(?:[^@\s.]+\.)+[^@\s.]+")
UNKNOWN_ADDRESS = "未登録のメールアドレスです"
BAD_ADDRESS = "メールアドレスの形式が不正です"
ALREADY_REGISTERED = "登録済み"


@dataclass(frozen=True)
class Order:
    """What an upload asked for: the import type, overwrite, and the group / step plan."""

    import_type: int
    overwrite: bool
    gid: int | None
    spid: int | None


@dataclass
class Outcome:
    """Counts per result, and the rows that did not simply succeed."""

    total: int = 0
    success: int = 0
    failure: int = 0
    other: int = 0
    rows: list[dict[str, t.Any]] = field(default_factory=list)

    def add(self, line: int, mail_address: str, result: str, reason: str) -> None:
        """Record one row's result."""
        self.total += 1
        if result == SUCCESS:
            self.success += 1
            return
        if result == FAILURE:
            self.failure += 1
        else:
            self.other += 1
        self.rows.append(
            {"line": line, "mail_address": mail_address, "result": result, "reason": reason}
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a million customers are created.

    Full collections traverse every live object, so with the collector on, creating the
    records of a big import costs several times the work itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def apply(text: str, order: Order, data: HaihaiData, now: datetime, written: Written) -> Outcome:
    """Apply every data row of an upload whose header was checked at upload time.

    Blank lines are skipped and not numbered: `line` is the 1-based data row number.
    """
    rows = csvio.reader(text)
    header = next(rows)
    width = len(header)
    at = header.index(EMAIL_FIELD)
    kinds = data.fields_by_name()
    columns = [(index, name) for index, name in enumerate(header) if index != at]
    texts = [(index, name) for index, name in columns if kinds[name].type == TEXT]
    rule = RULES[order.import_type]
    outcome = Outcome()
    with _collector_paused():
        for line, cells in enumerate(filter(None, rows), start=1):
            address = cells[at] if at < len(cells) else ""
            problem = _problem(cells, width, address, texts)
            if problem is not None:
                outcome.add(line, address, FAILURE, problem)
                continue
            values = {name: cells[index] for index, name in columns if cells[index]}
            result, detail = rule(data, address, values, order, now)
            if result == SUCCESS:
                written(address, detail, cells)
                detail = ""
            outcome.add(line, address, result, detail)
    return outcome


def _problem(
    cells: list[str], width: int, address: str, texts: list[tuple[int, str]]
) -> str | None:
    """Why a row fails before its import type's rule runs, or None."""
    if len(cells) != width:
        return f"列数がヘッダーと一致しません(ヘッダー{width}列、この行{len(cells)}列)"
    if len(address) > MAX_ADDRESS_LENGTH or not ADDRESS.fullmatch(address):
        return BAD_ADDRESS
    if max(map(len, cells)) > MAX_TEXT_LENGTH:  # the fast path skips the loop
        for index, name in texts:
            if len(cells[index]) > MAX_TEXT_LENGTH:
                return f"{name}が{MAX_TEXT_LENGTH}文字を超えています"
    return None


# The rules index `data.customers` by the lower-cased address themselves (not through
# `customer()`/`put()`), so a row lower-cases its address once. A rule answers its result
# and the reason, or for 成功 the operation it did (CREATE, UPDATE, DELETE).
CREATE, UPDATE, REMOVE = "create", "update", "delete"
Rule = t.Callable[[HaihaiData, str, dict[str, str], Order, "datetime"], tuple[str, str]]


def _register(
    data: HaihaiData, address: str, values: dict[str, str], order: Order, now: datetime
) -> tuple[str, str]:
    key = address.lower()
    customer = data.customers.get(key)
    operation = UPDATE
    if customer is None:
        customer = data.customers[key] = Customer(address, values, ACTIVE, [], [], now)
        operation = CREATE
    elif not order.overwrite:
        return OTHER, ALREADY_REGISTERED
    else:
        customer.fields.update(values)
        customer.updated_at = now
    if order.gid is not None and order.gid not in customer.groups:
        customer.groups.append(order.gid)
    if order.spid is not None and order.spid not in customer.step_plans:
        customer.step_plans.append(order.spid)
    return SUCCESS, operation


def _delete(
    data: HaihaiData, address: str, values: dict[str, str], order: Order, now: datetime
) -> tuple[str, str]:
    del values, order, now
    if data.customers.pop(address.lower(), None) is None:
        return FAILURE, UNKNOWN_ADDRESS
    return SUCCESS, REMOVE


def _set_status(status: str) -> Rule:
    def rule(
        data: HaihaiData, address: str, values: dict[str, str], order: Order, now: datetime
    ) -> tuple[str, str]:
        del values, order
        customer = data.customers.get(address.lower())
        if customer is None:
            return FAILURE, UNKNOWN_ADDRESS
        customer.status = status
        customer.updated_at = now
        return SUCCESS, UPDATE

    return rule


RULES: dict[int, Rule] = {
    REGISTER: _register,
    DELETE: _delete,
    STOP: _set_status(STOPPED),
    FORBID: _set_status(FORBIDDEN),
    ALLOW: _set_status(ACTIVE),
}
