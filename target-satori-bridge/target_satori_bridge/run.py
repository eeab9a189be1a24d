"""What every sink of one run shares, which the target owns: no rule, only the run's state.

The rules records are checked and written by are a frozen value from the settings
(`rules.CustomerRules`). What is here is made once per run and changes as the run goes: the
connection, the reject file, the emails claimed so far (SATORI keeps each email unique per
company, across every stream), SATORI's row numbering once learnt, and the counts of what
SATORI confirmed, for the log and the summary mail.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

if t.TYPE_CHECKING:
    from satori_client.connection import SatoriConnection
    from singer_commons.rejects import RejectWriter
    from target_satori_bridge.conflicts import EmailOwners
    from target_satori_bridge.rows import FailedRowMapper


@dataclass
class WriteCounts:
    """What SATORI confirmed during the run, for the log and the summary mail."""

    upserted: int = 0
    deleted: int = 0
    refused: int = 0
    single_calls: int = 0
    bulk_jobs: int = 0

    def lines(self) -> list[str]:
        """The counts as summary lines."""
        return [
            f"Customers upserted: {self.upserted}",
            f"Customers deleted: {self.deleted}",
            f"Records SATORI refused: {self.refused}",
            f"API calls: {self.single_calls} single, {self.bulk_jobs} bulk upload(s)",
        ]


@dataclass
class SatoriRun:
    """The state one run's sinks share (see module doc).

    Attributes:
        connection: The run's one SATORI connection.
        rejects: The reject file of the run.
        email_owners: Emails claimed so far, over every stream.
        row_mapper: Maps failed bulk rows to records; learns SATORI's numbering once.
        counts: What SATORI confirmed so far.
    """

    connection: SatoriConnection
    rejects: RejectWriter
    email_owners: EmailOwners
    row_mapper: FailedRowMapper
    counts: WriteCounts = field(default_factory=WriteCounts)
