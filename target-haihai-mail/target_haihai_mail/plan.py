"""One run's record flow: records checked, spooled per operation, uploaded at the end.

The plan is the one owner of what happens to a record. The sinks of every stream hand it
their records with their stream's rules (`checks.StreamRules`, a frozen value built from the
settings when the SCHEMA arrives); the plan judges them a thousand at a time, claims their
addresses, spools the accepted rows to disk and writes the refused ones to the reject file in
input order, across streams. So an operation gets ONE file per run (split only at
`max_rows_per_upload`), whichever streams its records came from. That is also why the SDK's
batches are not used: they are per sink and drained one sink at a time, while an upload
gathers every stream's rows of an operation and must wait for the end of the input.

`apply` runs when the SDK drains the sinks, i.e. before it writes STATE: it returns only
once every part is 完了 and its results recorded, so the state never moves past data
配配メール has not applied.
"""

from __future__ import annotations

import shutil
import tempfile
import typing as t
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from haihai_mail_client.apis import DATABASE_FIELDS, FIELD_NAME_COLUMN
from haihai_mail_client.connection import account_name
from haihai_mail_client.errors import HTTP_SERVER_ERROR, HaihaiError
from singer_commons.claims import FirstClaims
from singer_commons.clock import utc_now
from singer_commons.errors import FatalConnectorError
from singer_commons.rejects import Refusal
from target_haihai_mail.checks import CheckedRow, CleanRows, StreamRules
from target_haihai_mail.csvfile import batch_digest, write_part_csv
from target_haihai_mail.journal import APPLIED, QUEUED, SENDING, JournalEntry, UploadJournal
from target_haihai_mail.labels import claim_owner, claim_owners, owner_label, row_label
from target_haihai_mail.operations import APPLY_ORDER
from target_haihai_mail.results import record_results, wait_until_done
from target_haihai_mail.spool import OperationSpool, SpoolRows

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from haihai_mail_client.connection import HaihaiConnection
    from singer_commons.rejects import RejectWriter
    from singer_commons.sdk.record_schema import RecordSchema
    from target_haihai_mail.settings import HaihaiTargetSettings
    from target_haihai_mail.spool import SpoolPart


# Records held in memory before they are judged, their addresses claimed and they are spooled.
ADMIT_BATCH = 1000


class UploadPlan:
    """Checks, spools and uploads the records of every stream of one run (see module doc)."""

    def __init__(
        self,
        connection: HaihaiConnection,
        settings: HaihaiTargetSettings,
        *,
        rejects: RejectWriter,
        sleep: Callable[[float], None],
        logger: logging.Logger,
    ) -> None:
        """Create an empty plan; spool files go to a fresh temporary directory.

        `settings` are the run's: the record rules, the upload settings, and the
        connection's CSV format and state backend (where the upload journal lives).
        """
        self.connection = connection
        self.settings = settings
        self.rejects = rejects
        self.sleep = sleep
        self.logger = logger
        self.journal = UploadJournal(
            settings.connection.state, account_name(settings.connection.base_url)
        )
        self.directory = Path(tempfile.mkdtemp(prefix="target-haihai-mail-"))
        self._spools = {
            operation: OperationSpool(
                self.directory,
                operation,
                max_rows=settings.uploads.max_rows_per_upload,
                email_field=settings.records.email_field,
                csv_format=settings.connection.csv_format,
            )
            for operation in APPLY_ORDER
        }
        self._first_rows = FirstClaims(self.directory / "first-rows.sqlite")
        self._waiting: list[tuple[StreamRules, int, dict[str, t.Any]]] = []
        self._neutralised: set[tuple[str, str]] = set()
        self._applied_digests: list[str] = []

    @cached_property
    def account_fields(self) -> frozenset[str]:
        """The account's database field names: one call (顧客データベース項目一覧) per run."""
        rows = self.connection.fetch_rows(DATABASE_FIELDS)
        names = frozenset(row.get(FIELD_NAME_COLUMN, "").strip() for row in rows) - {""}
        self.logger.info("配配メール database fields: %s", ", ".join(sorted(names)))
        return names

    def stream_rules(
        self, stream: str, properties: Iterable[str], schema: RecordSchema, *, check_types: bool
    ) -> StreamRules:
        """The rules records of a stream are judged by, from its SCHEMA and the settings.

        Raises:
            FieldMappingError: the stream cannot be mapped to the account's fields.
        """
        return StreamRules.of(
            stream,
            properties,
            schema,
            check_types=check_types,
            rules=self.settings.records,
            account_fields=self.account_fields,
            csv_format=self.settings.connection.csv_format,
        )

    def add(self, rules: StreamRules, line: int, record: dict[str, t.Any]) -> None:
        """Take one record of input line `line`, to be judged by its stream's `rules`.

        Records wait in memory in groups of `ADMIT_BATCH`, judged a stream's run at a time
        and their addresses claimed in one go (see `_admit`), so rejects keep the input's
        order.
        """
        self._waiting.append((rules, line, record))
        if len(self._waiting) >= ADMIT_BATCH:
            self._admit()

    def _admit(self) -> None:
        """Judge the waiting records, then claim their addresses and spool their rows.

        A run of one stream's records that is clean as a whole, and whose addresses are all
        new, is spooled at once; any other is admitted row by row (`_admit_rows`).
        """
        for rules, group in groupby(self._waiting, key=itemgetter(0)):
            verdict = rules.judged([(line, record) for _, line, record in group])
            if isinstance(verdict, CleanRows):
                rows = verdict.rows
                keys = list(map(str.lower, rows.addresses))
                owners = claim_owners(rows.stream, rows.lines, rows.addresses)
                if self._first_rows.claim_all(verdict.operation.setting, keys, owners):
                    self._spools[verdict.operation].add(rows)
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
            owner = claim_owner(row.stream, row.line, row.address)
            earlier = claims.claim(row.operation.setting, row.address.lower(), owner)
            if earlier is None:
                self._report_neutralised(row)
                spooled = SpoolRows(
                    row.stream,
                    list(row.cells),
                    [list(row.cells.values())],
                    [row.line],
                    [row.address],
                    [row.record],
                )
                self._spools[row.operation].add(spooled)
                continue
            self.rejects.write(row.stream, row.record, self._second_row_reason(row, earlier))
        claims.flush()

    def _second_row_reason(self, row: CheckedRow, earlier: str) -> str:
        """Why a row whose address the row that recorded `earlier` claimed is not sent."""
        operation = row.operation
        return (
            f"{row_label(row.stream, row.line, row.address)}: field '{row.email_property}' "
            f"({self.settings.records.email_field}): this run's {operation.japanese_name} "
            f"({operation.setting}) upload already has a row for this address "
            f"({owner_label(earlier)}); two rows for one address in one import are "
            "ambiguous, so the first is kept and this one is not sent"
        )

    def _report_neutralised(self, row: CheckedRow) -> None:
        """Log, once per stream and field, that formula-like cells are sent neutralised."""
        for field in row.neutralised:
            if (row.stream, field) not in self._neutralised:
                self._neutralised.add((row.stream, field))
                self.logger.warning(
                    "Stream '%s': a cell of %s starts with a formula character; sent with a "
                    "leading ' (formula_cells: neutralise). Reported once per field.",
                    row.stream,
                    field,
                )

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
        fields = self.settings.uploads.options.fields(part.operation)
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
            poll=self.settings.uploads.poll,
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
