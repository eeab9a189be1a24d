"""Japanese CSV columns of the retrieval APIs, mapped to typed English properties.

The retrieval APIs answer CSV with Japanese column names (seed 001). Each stream declares its
columns once; the schema (with the Japanese name in each property's description) and the
conversion of every row come from that declaration. Columns an account sends beyond the
declared ones are kept, unconverted, under `additional_columns`: nothing is dropped.
"""

from __future__ import annotations

import enum
import typing as t
from dataclasses import dataclass, field
from datetime import datetime

from singer_sdk import typing as th

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from zoneinfo import ZoneInfo

ADDITIONAL_COLUMNS = "additional_columns"
# ASSUMED formats: 配配メール's screens and CSV downloads write 2026/11/22 09:15:00.
_DATETIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%Y%m%d")
_TRUE_VALUES = frozenset({"1", "true", "yes", "はい", "必須"})


class Kind(enum.Enum):
    """How a cell is converted."""

    TEXT = "text"
    INTEGER = "integer"
    DATETIME = "datetime"
    DATE = "date"
    BOOLEAN = "boolean"


class CellFormatError(ValueError):
    """A cell that does not hold what its column promises (names column and value)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Column:
    """One CSV column of a retrieval API.

    Attributes:
        japanese: The column name in the CSV header.
        name: The English property name.
        kind: How the cell converts.
        description: What the property holds (the Japanese name is prepended).
        english_values: Translations of the vendor's Japanese values (e.g. 配信停止 →
            stopped); other values pass unchanged.
    """

    japanese: str
    name: str
    kind: Kind = Kind.TEXT
    description: str = ""
    english_values: Mapping[str, str] = field(default_factory=dict)

    def property(self) -> th.Property:
        """The schema property, described with the vendor's column name."""
        kinds: dict[Kind, t.Any] = {
            Kind.TEXT: th.StringType,
            Kind.INTEGER: th.IntegerType,
            Kind.DATETIME: th.DateTimeType,
            Kind.DATE: th.DateType,
            Kind.BOOLEAN: th.BooleanType,
        }
        text = f"{self.japanese}: {self.description}".rstrip(": ")
        if self.english_values:
            pairs = ", ".join(f"{ja} → {en}" for ja, en in self.english_values.items())
            text += f" ({pairs})"
        return th.Property(self.name, kinds[self.kind], description=text)

    def convert(self, cell: str, zone: ZoneInfo) -> t.Any:
        """The property value of a cell; an empty cell is null.

        Raises:
            CellFormatError: the cell is not a number / date / datetime as declared.
        """
        cell = cell.strip()
        if not cell:
            return None
        try:
            return self._convert(cell, zone)
        except ValueError:
            msg = f"column {self.japanese} ({self.name}): {cell!r} is not a {self.kind.value}"
            raise CellFormatError(self.japanese, msg) from None

    def _convert(self, cell: str, zone: ZoneInfo) -> t.Any:
        if self.kind is Kind.INTEGER:
            return int(cell.replace(",", ""))
        if self.kind is Kind.DATETIME:
            return _parse(cell, _DATETIME_FORMATS).replace(tzinfo=zone).isoformat()
        if self.kind is Kind.DATE:
            return _parse(cell, _DATE_FORMATS).date().isoformat()
        if self.kind is Kind.BOOLEAN:
            return cell.lower() in _TRUE_VALUES
        return self.english_values.get(cell, cell)


def _parse(cell: str, formats: Sequence[str]) -> datetime:
    for layout in formats:
        try:
            return datetime.strptime(cell, layout)
        except ValueError:
            continue
    raise ValueError(cell)


EXTRAS_DESCRIPTION = (
    "Columns the account sent beyond the documented ones, by their Japanese name, unconverted."
)


def schema_properties(
    columns: Sequence[Column],
    *extra: th.Property,
    extras_name: str = ADDITIONAL_COLUMNS,
    extras_description: str = EXTRAS_DESCRIPTION,
) -> th.PropertiesList:
    """The properties of a stream: its columns, `extra` ones, then the undeclared columns."""
    return th.PropertiesList(
        *(column.property() for column in columns),
        *extra,
        th.Property(
            extras_name,
            th.ObjectType(additional_properties=th.StringType),
            description=extras_description,
        ),
    )


def convert_row(
    row: Mapping[str, str],
    columns: Sequence[Column],
    zone: ZoneInfo,
    on_problem: Callable[[CellFormatError], None],
    *,
    extras_name: str = ADDITIONAL_COLUMNS,
) -> dict[str, t.Any]:
    """A record from a CSV row: declared columns converted, the rest under `extras_name`.

    A cell that does not convert is reported to `on_problem`, left null and kept verbatim
    under additional_columns, so a format change on the vendor's side loses nothing.
    """
    declared = {column.japanese for column in columns}
    extras = {name: cell for name, cell in row.items() if name not in declared}
    record: dict[str, t.Any] = {}
    for column in columns:
        cell = row.get(column.japanese, "")
        try:
            record[column.name] = column.convert(cell, zone)
        except CellFormatError as problem:
            on_problem(problem)
            record[column.name] = None
            extras[column.japanese] = cell
    record[extras_name] = extras
    return record
