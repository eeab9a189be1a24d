"""Mapping a bulk job's `failed_rows` back to the records they came from.

SATORI's documents give `failed_rows: [{row_number, message}]` but do not say whether
`row_number` counts the header line. Reading it the wrong way rejects a good record and
loses a bad one. With `failed_row_numbering: auto` the answer decides when it can: a failed
row 1 can only be a data row (the header never fails), a failed row just after the last one
can only count the header, and a message quoting one candidate's email or hashcode names it.
When nothing decides, one probe job settles it for the rest of the run: a one-row CSV SATORI
is sure to refuse (an address without @, or a hashcode that cannot exist), which changes
nothing in SATORI; the number SATORI gives that row (1 or 2) is the numbering. So the probe
costs one call, and only in a run that has ambiguous failures. `data_row` or `file_line`
skip all of this.
"""

from __future__ import annotations

import enum
import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Sequence

# Values SATORI refuses in any company: not an email address (no @), not a hashcode shape.
PROBE_IDENTITIES = {"email": "row-numbering-probe.invalid", "hashcode": "row-numbering-probe"}
DATA_ROW_OFFSET = 1  # row_number 1 = the first row after the header
FILE_LINE_OFFSET = 2  # row_number 1 = the header line
_KINDS = {DATA_ROW_OFFSET: "data rows", FILE_LINE_OFFSET: "file lines (header = 1)"}


class RowNumbering(enum.Enum):
    """What `failed_rows[].row_number` counts."""

    AUTO = "auto"
    DATA_ROW = "data_row"
    FILE_LINE = "file_line"


@dataclass
class FailedRowMapper:
    """Turns failed row numbers into positions among a job's records; learns once per run.

    Attributes:
        numbering: The `failed_row_numbering` setting.
        logger: Where decisions are reported.
        offset: Row number of the first data row (1 or 2) once known.
    """

    numbering: RowNumbering
    logger: logging.Logger
    offset: int | None = None

    def __post_init__(self) -> None:
        if self.numbering is RowNumbering.DATA_ROW:
            self.offset = DATA_ROW_OFFSET
        elif self.numbering is RowNumbering.FILE_LINE:
            self.offset = FILE_LINE_OFFSET

    def failed(
        self,
        failed_rows: t.Any,
        identities: Sequence[str],
        probe: Callable[[], t.Any],
    ) -> dict[int, str]:
        """Position among `identities` (the job's rows, in file order) → SATORI's message.

        Args:
            failed_rows: The finished job's `failed_rows`.
            identities: The email or hashcode of each data row.
            probe: Runs the probe job and returns its `failed_rows` (called at most once per
                run, only when the numbering is unknown and this answer does not decide it).
        """
        reported = self._reported(failed_rows)
        if not reported:
            return {}
        if self.offset is None:
            self.offset = self._from_evidence(reported, identities) or self._from_probe(probe())
        indexes: dict[int, str] = {}
        for number, message in reported:
            index = number - self.offset
            if 0 <= index < len(identities):
                indexes[index] = message
            else:
                self.logger.error(
                    "SATORI reported failed row %d of a %d-row file", number, len(identities)
                )
        return indexes

    def _reported(self, failed_rows: t.Any) -> list[tuple[int, str]]:
        reported = []
        for row in failed_rows or []:
            try:
                number = int(row["row_number"])
            except (KeyError, TypeError, ValueError):
                self.logger.error("SATORI reported a failed row without a row number: %r", row)
                continue
            reported.append((number, str(row.get("message") or "refused by SATORI")))
        return reported

    def _from_evidence(
        self, reported: list[tuple[int, str]], identities: Sequence[str]
    ) -> int | None:
        numbers = {number for number, _ in reported}
        decided: int | None = None
        if DATA_ROW_OFFSET in numbers:
            decided = DATA_ROW_OFFSET
        elif len(identities) + DATA_ROW_OFFSET in numbers:
            decided = FILE_LINE_OFFSET
        else:
            votes = dict.fromkeys((DATA_ROW_OFFSET, FILE_LINE_OFFSET), 0)
            for number, message in reported:
                for offset in votes:
                    index = number - offset
                    if (
                        0 <= index < len(identities)
                        and identities[index].lower() in message.lower()
                    ):
                        votes[offset] += 1
            if votes[DATA_ROW_OFFSET] != votes[FILE_LINE_OFFSET]:
                decided = max(votes, key=votes.__getitem__)
        if decided is not None:
            self.logger.info("SATORI numbers failed bulk rows as %s", _KINDS[decided])
        return decided

    def _from_probe(self, probe_rows: t.Any) -> int:
        numbers = {number for number, _ in self._reported(probe_rows)}
        for offset in (DATA_ROW_OFFSET, FILE_LINE_OFFSET):
            if offset in numbers:
                self.logger.info(
                    "SATORI numbers failed bulk rows as %s (from a probe job)", _KINDS[offset]
                )
                return offset
        self.logger.warning(
            "SATORI did not refuse the probe row, so its failed row numbers stay ambiguous; "
            "reading them as data rows (set failed_row_numbering to be explicit)"
        )
        return DATA_ROW_OFFSET
