"""CSV imports (CSV一括登録・削除・状態変更): queued at upload, applied when polled to 完了.

An upload is checked at once (parameters, encoding, header: a 400 imports nothing and
is not counted) and queued as 処理待ち. Each status call then moves it on: the first
`pending_polls` answer 処理待ち, the next `processing_polls` 処理中, then 完了, and the
rows are applied on that first 完了 answer. With `processing_seconds_max` set, an import is
processed instead for a random time drawn at upload (seeded by `processing_seed` and the
import id, so a reset account repeats it) and answers 処理中 until that time has passed.
Results are kept 10 days (emulator clock). What was uploaded (hash, size, first bytes,
encoding) is kept for tests to inspect, and each row an import wrote goes to the write log
(`written`), under the import's id, with its answer lost when an injected stall held back the
upload's answer (the plugin never learnt the import id) or the status call that applied it.
"""

from __future__ import annotations

import hashlib
import typing as t
from dataclasses import dataclass, field
from datetime import timedelta

from vendor_sandbox.haihai import csvio
from vendor_sandbox.haihai.apply import FAILURE, RULES, Order, Outcome, apply
from vendor_sandbox.haihai.clock import JST
from vendor_sandbox.haihai.errors import invalid_parameter, not_found
from vendor_sandbox.haihai.store import EMAIL_FIELD
from vendor_sandbox.processing import random_processing_seconds
from vendor_sandbox.writelog import WriteLog

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from vendor_sandbox.haihai.settings import HaihaiSettings
    from vendor_sandbox.haihai.store import HaihaiData
    from vendor_sandbox.multipart import Part

PENDING, PROCESSING, DONE = "処理待ち", "処理中", "完了"
# API連携 spec (seed 001): "処理結果を確認できるのは、過去10日間の一括処理です".
RETENTION = timedelta(days=10)
FIRST_BYTES = 200


@dataclass(frozen=True)
class Received:
    """The uploaded file as it arrived, for tests asserting how a plugin encoded it."""

    filename: str | None
    size: int
    sha256: str
    first_bytes_hex: str
    had_bom: bool
    line_ending: str
    encoding: str

    @classmethod
    def of(cls, raw: bytes, filename: str | None, encoding: str) -> Received:
        """Describe raw upload bytes decoded with `encoding`."""
        return cls(
            filename=filename,
            size=len(raw),
            sha256=hashlib.sha256(raw).hexdigest(),
            first_bytes_hex=raw[:FIRST_BYTES].hex(),
            had_bom=raw.startswith(csvio.UTF8_BOM),
            line_ending=csvio.line_ending(raw),
            encoding=encoding,
        )


@dataclass
class ImportJob:
    """One queued import; `text` is dropped once its rows are applied."""

    import_id: str
    order: Order
    header: list[str]
    received: Received
    uploaded_at: datetime
    text: str | None
    polls: int = 0
    state: str = PENDING
    outcome: Outcome = field(default_factory=Outcome)
    rows: int | None = None
    processing_seconds: float | None = None
    upload_held: str | None = None  # the fault that held the upload's answer back

    def row_count(self) -> int:
        """Data rows of the upload (blank lines excluded).

        Counted on the first request of the control dump, not at upload: a million-row
        upload should not pay for a pass nobody asked for.
        """
        if self.rows is None:
            if self.text is None:
                self.rows = self.outcome.total
            else:
                self.rows = sum(1 for cells in csvio.reader(self.text) if cells) - 1
        return self.rows

    def describe(self, now: datetime) -> dict[str, t.Any]:
        """The import as the control dump shows it."""
        outcome = self.outcome
        return {
            "import_id": self.import_id,
            "import_type": self.order.import_type,
            "is_overwrite": int(self.order.overwrite),
            "gid": self.order.gid,
            "spid": self.order.spid,
            "state": self.state,
            "polls": self.polls,
            "processing_seconds": self.processing_seconds,
            "expired": now - self.uploaded_at > RETENTION,
            "header": self.header,
            "rows": self.row_count(),
            "counts": _counts(outcome),
            "failed_rows": [row for row in outcome.rows if row["result"] == FAILURE],
            "other_rows": [row for row in outcome.rows if row["result"] != FAILURE],
            "uploaded_at": self.uploaded_at.astimezone(JST).isoformat(),
            **vars(self.received),
        }


def _processing(job: ImportJob, settings: HaihaiSettings, now: datetime) -> bool:
    """Whether an import past its 処理待ち answers is still 処理中 at `now`."""
    if job.processing_seconds is None:
        return job.polls <= settings.pending_polls + settings.processing_polls
    return (now - job.uploaded_at).total_seconds() < job.processing_seconds


def _counts(outcome: Outcome) -> dict[str, int]:
    return {
        "total": outcome.total,
        "success": outcome.success,
        "failure": outcome.failure,
        "other": outcome.other,
    }


def _flag(fields: Mapping[str, str], name: str) -> bool:
    value = fields.get(name) or "0"
    if value not in ("0", "1"):
        msg = f"{name} は 0 または 1 で指定してください({value!r})"
        raise invalid_parameter(msg)
    return value == "1"


def _known_id(fields: Mapping[str, str], name: str, known: Mapping[int, str]) -> int | None:
    value = fields.get(name) or ""
    if not value:
        return None
    if not value.isdigit() or int(value) not in known:
        msg = f"{name} に指定されたID({value})は存在しません"
        raise invalid_parameter(msg)
    return int(value)


def order_of(fields: Mapping[str, str], data: HaihaiData) -> Order:
    """The upload's parameters, checked.

    Raises:
        HaihaiError: INVALID_PARAMETER naming the parameter.
    """
    import_type = fields.get("import_type", "")
    if not import_type.isdigit() or int(import_type) not in RULES:
        allowed = ", ".join(map(str, RULES))
        msg = f"import_type は {allowed} のいずれかで指定してください({import_type!r})"
        raise invalid_parameter(msg)
    return Order(
        import_type=int(import_type),
        overwrite=_flag(fields, "is_overwrite"),
        gid=_known_id(fields, "gid", data.groups),
        spid=_known_id(fields, "spid", data.step_plans),
    )


def checked_header(text: str, data: HaihaiData) -> list[str]:
    """The header row of a decoded CSV, checked against the database fields.

    Raises:
        HaihaiError: INVALID_PARAMETER: no header, an unknown or repeated name, or no
            メールアドレス column.
    """
    header = next(csvio.reader(text), [])
    if not header:
        raise invalid_parameter("CSVファイルの1行目にデータベース項目名がありません")
    known = data.fields_by_name()
    unknown = [name for name in header if name not in known]
    if unknown:
        msg = f"データベースに存在しない項目名です: {', '.join(unknown)}"
        raise invalid_parameter(msg)
    if len(set(header)) != len(header):
        raise invalid_parameter("CSVファイルの1行目に同じ項目名が複数あります")
    if EMAIL_FIELD not in header:
        msg = f"CSVファイルの1行目に {EMAIL_FIELD} がありません"
        raise invalid_parameter(msg)
    return header


class Imports:
    """Every import of the account, by id (ids are `1`, `2`, ... as strings)."""

    def __init__(self) -> None:
        self._jobs: dict[str, ImportJob] = {}
        self.written = WriteLog()

    def schedule(
        self,
        order: Order,
        upload: Part,
        *,
        data: HaihaiData,
        settings: HaihaiSettings,
        now: datetime,
        held: str | None = None,
    ) -> ImportJob:
        """Queue an upload whose parameters are checked; the CSV is checked here.

        `held` is the kind of injected fault that held the upload's answer back, if any.

        Raises:
            HaihaiError: INVALID_PARAMETER for an undecodable file or a bad header.
        """
        text = csvio.decode(upload.data, settings.csv_encoding)
        header = checked_header(text, data)
        job = ImportJob(
            import_id=str(len(self._jobs) + 1),
            order=order,
            header=header,
            received=Received.of(upload.data, upload.filename, settings.csv_encoding),
            uploaded_at=now,
            text=text,
            processing_seconds=random_processing_seconds(
                settings.processing_seconds_max,
                settings.processing_seed,
                str(len(self._jobs) + 1),
            ),
            upload_held=held,
        )
        self._jobs[job.import_id] = job
        return job

    def poll(
        self,
        import_id: str,
        data: HaihaiData,
        settings: HaihaiSettings,
        now: datetime,
        held: str | None = None,
    ) -> dict[str, t.Any]:
        """Move an import on by one status call and answer where it stands.

        `held` is the kind of injected fault that held this call's answer back, if any.

        Raises:
            HaihaiError: NOT_FOUND for an unknown import or one older than 10 days.
        """
        job = self._jobs.get(import_id)
        if job is None or now - job.uploaded_at > RETENTION:
            msg = f"import_id {import_id} の処理結果はありません(保存期間は10日間です)"
            raise not_found(msg)
        job.polls += 1
        if job.polls <= settings.pending_polls:
            job.state = PENDING
        elif _processing(job, settings, now):
            job.state = PROCESSING
        elif job.text is not None:
            job.outcome = apply(job.text, job.order, data, now, self._log(job, held))
            job.state, job.text = DONE, None
        done = job.state == DONE
        return {
            "status": "success",
            "import_id": job.import_id,
            "import_type": job.order.import_type,
            "state": job.state,
            **_counts(job.outcome),
            "rows": job.outcome.rows if done else [],
        }

    def _log(self, job: ImportJob, held: str | None) -> Callable[[str, str, list[str]], None]:
        """What logs each row `job` writes: keyed by its lower-cased address (配配メール's key)."""
        header, lost = job.header, job.upload_held or held

        def written(address: str, operation: str, cells: list[str]) -> None:
            record = dict(zip(header, cells, strict=True))
            self.written.add(
                "customers",
                {"mail_address": address.lower()},
                operation,
                call=job.import_id,
                record=record,
                answer_lost=lost,
            )

        return written

    def describe(self, now: datetime) -> list[dict[str, t.Any]]:
        """Every import, oldest first, as the control dump shows it."""
        return [job.describe(now) for job in self._jobs.values()]
