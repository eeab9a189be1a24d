"""A Singer record as the cells of one CSV row, or the reason it cannot be sent.

Checked here, before anything is written (after the SCHEMA checks of sinks.py): the email
address (required, valid), every cell's characters against the CSV encoding (CP932 cannot
hold emoji or many rare kanji; no encoding holds a lone surrogate), and spreadsheet formula
injection (`=`, `+`, `-`, `@` …), rejected or neutralised as configured. A refused record
goes to the reject file with the field named; the rest of the load goes on.
"""

from __future__ import annotations

import json
import typing as t

from singer_commons.csvcodec import CellRejected, CsvFormat, FormulaCells, checked_cell, is_formula
from singer_commons.emails import email_problem
from singer_commons.errors import RecordRejected

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from target_haihai_mail.fields import StreamColumns


def cell_text(value: t.Any) -> str:
    """A property value as CSV text: null → empty, booleans 1/0, objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_cells(
    record: Mapping[str, t.Any],
    columns: StreamColumns,
    *,
    all_fields: bool,
    csv_format: CsvFormat,
    formulas: FormulaCells,
) -> tuple[dict[str, str], list[str]]:
    """The cells of a record by database field, and the fields whose cell was neutralised.

    Args:
        record: The Singer record.
        columns: The stream's mapping.
        all_fields: Send every mapped field (register) or only the email address.
        csv_format: The encoding every cell must fit.
        formulas: Reject or neutralise formula-like cells.

    Raises:
        RecordRejected: the email is missing or invalid, or a cell cannot be written.
    """
    email_field = columns.fields[columns.email_property]
    email = record.get(columns.email_property)
    if problem := email_problem(email):
        msg = f"field '{columns.email_property}' ({email_field}): {problem}"
        raise RecordRejected(msg)
    email = t.cast("str", email)
    if is_formula(email):
        msg = (
            f"field '{columns.email_property}' ({email_field}): {email!r} starts with a "
            "formula character and cannot be neutralised without changing the address"
        )
        raise RecordRejected(msg)
    cells: dict[str, str] = {}
    neutralised: list[str] = []
    selected = columns.fields if all_fields else {columns.email_property: email_field}
    for name, field in selected.items():
        text = cell_text(record.get(name))
        try:
            cell = checked_cell(field, text, csv_format, formulas)
        except CellRejected as exc:
            msg = f"field '{name}' ({field}): {exc.reason}"
            raise RecordRejected(msg) from None
        if cell != text:
            neutralised.append(field)
        cells[field] = cell
    return cells, neutralised
