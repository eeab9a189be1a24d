"""One run's uploads: a spool per operation, then one CSV per part, applied in order.

The sinks of every stream feed the same plan, so an operation gets ONE file per run (split
only at `max_rows_per_upload`), whichever streams its records came from. `apply` runs when
the SDK drains the sinks, i.e. before it writes STATE: it returns only once every part is
完了 and its results recorded, so the state never moves past data 配配メール has not applied.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import typing as t
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from haihai_mail_client.connection import account_name
from haihai_mail_client.errors import HTTP_SERVER_ERROR, HaihaiError
from singer_commons.claims import FirstClaims
from singer_commons.clock import utc_now
from singer_commons.errors import FatalConnectorError
from singer_commons.rejects import Refusal
from target_haihai_mail.csvfile import batch_digest, write_part_csv
from target_haihai_mail.journal import APPLIED, QUEUED, SENDING, JournalEntry, UploadJournal
from target_haihai_mail.operations import APPLY_ORDER
from target_haihai_mail.results import record_results, wait_until_done
from target_haihai_mail.spool import OperationSpool, SpoolRows

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from haihai_mail_client.connection import HaihaiConnection
    from singer_commons.rejects import RejectWriter
    from target_haihai_mail.operations import Operation
    from target_haihai_mail.settings import HaihaiTargetSettings
    from target_haihai_mail.spool import SpoolPart


# Records held in memory before they are judged, their addresses claimed and they are spooled.
ADMIT_BATCH = 1000


class CheckedRow(t.NamedTuple):
    """A record that passed every check, with its CSV cells, waiting to be spooled.

    Attributes:
        operation: The bulk operation the row is for.
        stream: The stream it came from.
        record: The record as sent (for a reject, or a vendor's per-row 失敗).
        cells: Its cells by database field.
        address: Its email address (the cell of the email field).
        email_property: The stream's property holding the address, to name it in a reject.
        label: How a reject names the record (input line, stream, address).
    """

    operation: Operation
    stream: str
    record: Mapping[str, t.Any]
    cells: Mapping[str, str]
    address: str
    email_property: str
    label: str


class CleanRows(t.NamedTuple):
    """Consecutive records of one stream that passed the batch checks at once (batch_check.py).

    Attributes:
        operation: The bulk operation of every row.
        email_property: The stream's property holding the address, to name it in a reject.
        addresses: Each row's email address.
        rows: The rows, ready to spool.
    """

    operation: Operation
    email_property: str
    addresses: Sequence[str]
    rows: SpoolRows

    def checked_rows(self) -> list[CheckedRow]:
        """The rows one by one, for claims judged row by row."""
        rows = self.rows
        return [
            CheckedRow(
                self.operation,
                rows.stream,
                record,
                dict(zip(rows.fields, cells, strict=True)),
                address,
                self.email_property,
                label,
            )
            for record, cells, address, label in zip(
                rows.records, rows.cells, self.addresses, rows.labels, strict=True
            )
        ]


class RowJudge(t.Protocol):
    """What judges records of one stream (its sink): all clean at once, or one by one."""

    def judged(
        self, arrivals: Sequence[tuple[int, dict[str, t.Any]]]
    ) -> CleanRows | list[CheckedRow | Refusal]:
        """The verdict on (input line, record) pairs, in order."""
        ...


class UploadPlan:
    """Collects checked rows per operation and applies them at the end of the run."""

    def __init__(
        self,
        connection: HaihaiConnection,
        settings: HaihaiTargetSettings,
        *,
        rejects: RejectWriter,
        sleep: Callable[[float], None],
        logger: logging.Logger,
    ) -> None:
        """Create an empty plan; spool files go to a fresh temporary directory."""
        self.connection = connection
        self.options = settings.uploads.options
        self.rejects = rejects
        self.poll = settings.uploads.poll
        self.sleep = sleep
        self.logger = logger
        self.journal = UploadJournal(
            settings.connection.state_dir, account_name(settings.connection.base_url)
        )
        self.directory = Path(tempfile.mkdtemp(prefix="target-haihai-mail-"))
        self.email_field = settings.records.email_field
        self._spools = {
            operation: OperationSpool(
                self.directory,
                operation,
                max_rows=settings.uploads.max_rows_per_upload,
                email_field=self.email_field,
                csv_format=settings.connection.csv_format,
            )
            for operation in APPLY_ORDER
        }
        self._first_rows = FirstClaims(self.directory / "first-rows.sqlite")
        self._waiting: list[tuple[RowJudge, int, dict[str, t.Any]]] = []
        self._applied_digests: list[str] = []

    def add(self, judge: RowJudge, line: int, record: dict[str, t.Any]) -> None:
        """Take one record of input line `line`, to be judged by its stream's `judge`.

        Records wait in memory in groups of `ADMIT_BATCH`, judged a stream's run at a time
        and their addresses claimed in one go (see `_admit`), so rejects keep the input's
        order.
        """
        self._waiting.append((judge, line, record))
        if len(self._waiting) >= ADMIT_BATCH:
            self._admit()

    def _admit(self) -> None:
        """Judge the waiting records, then claim their addresses and spool their rows.

        A run of one stream's records that is clean as a whole, and whose addresses are all
        new, is spooled at once; any other is admitted row by row (`_admit_rows`).
        """
        for judge, group in groupby(self._waiting, key=itemgetter(0)):
            verdict = judge.judged([(line, record) for _, line, record in group])
            if isinstance(verdict, CleanRows):
                keys = list(map(str.lower, verdict.addresses))
                if self._first_rows.claim_all(verdict.operation.setting, keys, verdict.rows.labels):
                    self._spools[verdict.operation].add(verdict.rows)
                    continue
                verdict = verdict.checked_rows()
            self._admit_rows(verdict)
        self._waiting.clear()

    def _admit_rows(self, waiting: Sequence[CheckedRow | Refusal]) -> None:
        """Spool checked rows, refusing each whose address an earlier row claimed.

        The first row of an address claims it, and later rows of it are refused, not sent:
        配配メール's spec does not say what one import does with two rows for one address
        (the first wins? the last? その他? the row fails?), and merging them would guess
        which value was meant. Keeping the first row is deterministic (a re-run builds the
        same file, so the upload journal still recognises it) and loses nothing: the later
        row waits in the reject file. Addresses are compared ignoring case, as 配配メール
        keys its customers.
        """
        claims = self._first_rows
        rows = [row for row in waiting if isinstance(row, CheckedRow)]
        claims.prefetch((row.operation.setting, row.address.lower()) for row in rows)
        for row in waiting:
            if isinstance(row, Refusal):
                self.rejects.write_refusal(row)
                continue
            earlier = claims.claim(row.operation.setting, row.address.lower(), row.label)
            if earlier is None:
                cells = list(row.cells.values())
                spooled = SpoolRows(row.stream, list(row.cells), [cells], [row.label], [row.record])
                self._spools[row.operation].add(spooled)
                continue
            operation = row.operation
            reason = (
                f"{row.label}: field '{row.email_property}' ({self.email_field}): this run's "
                f"{operation.japanese_name} ({operation.setting}) upload already has a row for "
                f"this address ({earlier}); two rows for one address in one import are "
                "ambiguous, so the first is kept and this one is not sent"
            )
            self.rejects.write(row.stream, row.record, reason)
        claims.flush()

    def apply(self) -> None:
        """Upload every spooled part and wait for each to be 完了, in operation order.

        Every sink's drain calls this; the first applies the whole plan, the others find
        nothing spooled and return at once.
        """
        self._admit()
        if not any(spool.parts for spool in self._spools.values()):
            return
        for stale in self.journal.expired():
            self.logger.warning(
                "Dropped the journal entry of %s (%d rows, import %s): older than the 10 days "
                "配配メール keeps results.",
                stale.label,
                stale.rows,
                stale.import_id,
            )
        for operation in APPLY_ORDER:
            spool = self._spools[operation]
            for part in spool.close():
                self._apply_part(part)
            spool.parts.clear()
        if self._applied_digests:
            self.journal.forget(self._applied_digests)
            self._applied_digests.clear()

    def close(self) -> None:
        """Delete the spool directory."""
        self._first_rows.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _apply_part(self, part: SpoolPart) -> None:
        fields = self.options.fields(part.operation)
        csv_path = part.path.with_suffix(".csv")
        write_part_csv(part, csv_path, self.connection.settings.csv_format)
        digest = batch_digest(csv_path, fields)
        entry = self.journal.entry(digest)
        if entry is not None and entry.state == APPLIED:
            self.logger.info(
                "%s (%d rows): applied by an earlier run (import %s); not sent again.",
                part.label,
                part.rows,
                entry.import_id,
            )
            self._applied_digests.append(digest)
            return
        may_repeat = entry is not None and entry.state == SENDING
        if entry is not None and entry.state == QUEUED and entry.import_id:
            import_id = entry.import_id
            self.logger.info(
                "%s (%d rows): uploaded by an earlier run as import %s; waiting for it.",
                part.label,
                part.rows,
                import_id,
            )
        else:
            import_id, ambiguous = self._upload(part, csv_path, fields, digest)
            may_repeat = may_repeat or ambiguous
        answer = wait_until_done(
            self.connection,
            import_id,
            label=part.label,
            poll=self.poll,
            sleep=self.sleep,
            logger=self.logger,
        )
        outcome = record_results(part, answer, may_repeat=may_repeat, rejects=self.rejects)
        self.journal.record(digest, self._entry(part, APPLIED, import_id))
        self._applied_digests.append(digest)
        self.logger.info(
            "%s: 完了 — %d 成功, %d 失敗 (rejected), %d その他 (already registered).",
            part.label,
            outcome.succeeded,
            outcome.rejected,
            outcome.already_registered,
        )

    def _upload(
        self, part: SpoolPart, csv_path: Path, fields: Mapping[str, str], digest: str
    ) -> tuple[str, bool]:
        self.journal.record(digest, self._entry(part, SENDING, None))
        self.logger.info("%s: uploading %d rows.", part.label, part.rows)
        try:
            answer, ambiguous = self.connection.upload_csv(
                csv_path, fields, filename=f"{part.operation.setting}-{part.number:04d}.csv"
            )
        except HaihaiError as exc:
            if exc.status < HTTP_SERVER_ERROR:  # refused outright: nothing was queued
                self.journal.forget([digest])
            msg = (
                f"{part.label}: 配配メール refused the upload ({exc.detail}); nothing of it was "
                "imported. Check group_id, step_plan_id, csv_encoding and the field names; "
                "the state did not move, so a re-run sends the same rows."
            )
            raise FatalConnectorError(msg) from exc
        import_id = answer.get("import_id") if isinstance(answer, dict) else None
        if not import_id:
            msg = f"{part.label}: 配配メール accepted the upload but sent no import_id: {answer!r}"
            raise FatalConnectorError(msg)
        self.journal.record(digest, self._entry(part, QUEUED, str(import_id)))
        return str(import_id), ambiguous

    @staticmethod
    def _entry(part: SpoolPart, state: str, import_id: str | None) -> JournalEntry:
        return JournalEntry(
            label=part.label,
            rows=part.rows,
            state=state,
            recorded_at=utc_now().isoformat(),
            import_id=import_id,
        )
