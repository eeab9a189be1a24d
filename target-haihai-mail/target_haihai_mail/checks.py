"""Judging a stream's records: each becomes a CSV row to spool, or a refusal naming its field.

A stream's rules (`StreamRules`) are a frozen value built once, when its SCHEMA arrives, from
the target's settings (`RecordRules`), the account's fields and the SCHEMA: which property
is sent to which field, the stream's operation, the CSV encoding and what to do with formula
cells. The upload plan judges every record with them and asks nothing of the target or the
sink. A run of records that is clean as a whole is judged at once (batch_check.py); any
doubt has each record checked on its own (`_judged_one`), so a refused record is named with
its field.

A row carries its input line and address, not the words naming it: a label is built only for
a refused record (labels.py).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_commons.errors import RecordRejected
from singer_commons.rejects import Refusal, as_sent
from target_haihai_mail.batch_check import clean_columns
from target_haihai_mail.fields import stream_columns
from target_haihai_mail.labels import row_label, usable_address
from target_haihai_mail.operations import Operation
from target_haihai_mail.rows import record_cells
from target_haihai_mail.spool import SpoolRows

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from singer_commons.csvcodec import CsvFormat, FormulaCells
    from singer_commons.sdk.record_schema import RecordSchema
    from target_haihai_mail.fields import StreamColumns
    from target_haihai_mail.settings import RecordRules

DELETED_AT = "_sdc_deleted_at"


class CheckedRow(t.NamedTuple):
    """A record that passed every check, with its CSV cells, waiting to be spooled.

    Attributes:
        operation: The bulk operation the row is for.
        stream: The stream it came from.
        line: Its input line (0 when unknown).
        record: The record as sent (for a reject, or a vendor's per-row 失敗).
        cells: Its cells by database field.
        address: Its email address (the cell of the email field).
        email_property: The stream's property holding the address, to name it in a reject.
        neutralised: The fields whose formula-like cell is sent with a leading '.
    """

    operation: Operation
    stream: str
    line: int
    record: Mapping[str, t.Any]
    cells: Mapping[str, str]
    address: str
    email_property: str
    neutralised: Sequence[str]


class CleanRows(t.NamedTuple):
    """Consecutive records of one stream that passed the batch checks at once (batch_check.py).

    Attributes:
        operation: The bulk operation of every row.
        email_property: The stream's property holding the address, to name it in a reject.
        rows: The rows, ready to spool.
    """

    operation: Operation
    email_property: str
    rows: SpoolRows

    def checked_rows(self) -> list[CheckedRow]:
        """The rows one by one, for claims judged row by row."""
        rows = self.rows
        return [
            CheckedRow(
                self.operation,
                rows.stream,
                line,
                record,
                dict(zip(rows.fields, cells, strict=True)),
                address,
                self.email_property,
                (),
            )
            for line, address, record, cells in zip(
                rows.lines, rows.addresses, rows.records, rows.cells, strict=True
            )
        ]


# Compared by identity (eq=False): the plan groups consecutive records of one sink's rules.
@dataclass(frozen=True, eq=False)
class StreamRules:
    """How one stream's records are judged and become rows (see module doc).

    Attributes:
        stream: The stream's name.
        columns: Which property goes to which database field.
        operation: The operation of its records (`_sdc_deleted_at` makes one a delete).
        sent: Property → field of what the operation sends (every field, or the address).
        schema: The stream's SCHEMA, which records are checked against.
        check_types: Whether sent values must have their declared types (validate_records).
        csv_format: The encoding every cell must fit.
        formulas: Reject or neutralise formula-like cells.
    """

    stream: str
    columns: StreamColumns
    operation: Operation
    sent: Mapping[str, str]
    schema: RecordSchema
    check_types: bool
    csv_format: CsvFormat
    formulas: FormulaCells

    @classmethod
    def of(
        cls,
        stream: str,
        properties: Iterable[str],
        schema: RecordSchema,
        *,
        check_types: bool,
        rules: RecordRules,
        account_fields: frozenset[str],
        csv_format: CsvFormat,
    ) -> StreamRules:
        """The rules of a stream whose SCHEMA declares `properties`.

        Raises:
            FieldMappingError: the stream cannot be mapped to the account's fields.
        """
        columns = stream_columns(
            stream,
            properties,
            field_map=rules.field_map,
            account_fields=account_fields,
            email_field=rules.email_field,
        )
        operation = rules.operation_of(stream)
        return cls(
            stream=stream,
            columns=columns,
            operation=operation,
            sent=_fields_sent(columns, operation),
            schema=schema,
            check_types=check_types,
            csv_format=csv_format,
            formulas=rules.formula_cells,
        )

    def judged(
        self, arrivals: Sequence[tuple[int, dict[str, t.Any]]]
    ) -> CleanRows | list[CheckedRow | Refusal]:
        """A run of this stream's (input line, record): all clean at once, or one by one."""
        records = [record for _, record in arrivals]
        sent = list(self.sent)
        email_property = self.columns.email_property
        columns = clean_columns(
            records,
            sent,
            email_property=email_property,
            schema=self.schema,
            check_types=self.check_types,
            encoding=self.csv_format.encoding,
        )
        if columns is None:
            return [self._judged_one(line, record) for line, record in arrivals]
        return CleanRows(
            operation=self.operation,
            email_property=email_property,
            rows=SpoolRows(
                stream=self.stream,
                fields=list(self.sent.values()),
                cells=list(zip(*columns, strict=True)),
                lines=[line for line, _ in arrivals],
                addresses=columns[sent.index(email_property)],
                records=records,
            ),
        )

    def _judged_one(self, line: int, record: dict[str, t.Any]) -> CheckedRow | Refusal:
        """The record's row, or its refusal naming the field."""
        operation = Operation.DELETE if record.get(DELETED_AT) else self.operation
        columns = self.columns
        try:
            self._check_against_schema(record, operation)
            cells, neutralised = record_cells(
                record,
                columns,
                all_fields=operation.sends_fields,
                csv_format=self.csv_format,
                formulas=self.formulas,
            )
        except RecordRejected as exc:
            address = usable_address(record.get(columns.email_property))
            label = row_label(self.stream, line, address)
            return Refusal(self.stream, as_sent(record), f"{label}: {exc}")
        return CheckedRow(
            operation=operation,
            stream=self.stream,
            line=line,
            record=as_sent(record),
            cells=cells,
            address=cells[columns.fields[columns.email_property]],  # checked by record_cells
            email_property=columns.email_property,
            neutralised=neutralised,
        )

    def _check_against_schema(self, record: dict[str, t.Any], operation: Operation) -> None:
        """Refuse a value the SCHEMA does not declare, or a sent value of another type.

        A value under an undeclared property is refused whether or not `validate_records`
        is set: the mapping to 配配メール fields was made from the SCHEMA, so the value would
        vanish silently. Types are checked with `validate_records` (the default), and only
        for what is sent: for a delete or status change, the address alone.

        Raises:
            RecordRejected: naming the property (and the field it is sent to).
        """
        if operation.sends_fields and (problem := self.schema.undeclared_problem(record)):
            raise RecordRejected(problem)
        if not self.check_types:
            return
        sent = self.sent if operation is self.operation else _fields_sent(self.columns, operation)
        if problem := self.schema.type_problem(
            record, sent, name=lambda name: f"field '{name}' ({sent[name]})"
        ):
            raise RecordRejected(problem)


def _fields_sent(columns: StreamColumns, operation: Operation) -> Mapping[str, str]:
    """Property → field of what `operation` sends: every mapped one, or the address alone."""
    if operation.sends_fields:
        return columns.fields
    return {columns.email_property: columns.fields[columns.email_property]}
