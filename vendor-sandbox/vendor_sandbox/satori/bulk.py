"""Bulk customer jobs: checked at upload, applied row by row when a status call finishes them.

An upload is checked whole (identity_type, file, encoding, header, row count): a refusal
is a 400 and nothing is queued. An accepted file becomes a job `waiting` for its first
status call; status call k answers `processing` while k is below the company's
`status_polls_until_finished` and `finished` from then on, and the rows are applied, in
file order, on the first `finished` answer, so a test sees nothing change before it.
With `processing_seconds_max` set, a job is processed instead for a random time drawn at
upload (seeded by `processing_seed` and the process code, so a reset company repeats it)
and answers `processing` until that time has passed on the company's clock.
Jobs are kept 7 days by the company's clock. What was uploaded (size, sha256) is kept for
tests to inspect, and each row a job wrote goes to the write log under its process code,
with its answer lost when an injected stall held back the upload's answer (the plugin never
learnt the process code) or the status call that applied the job.
"""

from __future__ import annotations

import csv
import hashlib
import random
import typing as t
from dataclasses import dataclass, field
from datetime import timedelta

from vendor_sandbox.processing import random_processing_seconds
from vendor_sandbox.satori import csvio
from vendor_sandbox.satori.changes import REGISTRATION, Change, apply, key
from vendor_sandbox.satori.clock import iso_jst
from vendor_sandbox.satori.errors import SatoriError, bad_request, not_found
from vendor_sandbox.satori.fields import (
    CUSTOM_PREFIX,
    EMAIL,
    HASHCODE,
    IDENTITY_TYPES,
    READ_ONLY,
    checked_permission,
    tag_names,
)
from vendor_sandbox.satori.settings import FILE_LINE

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from vendor_sandbox.multipart import Part
    from vendor_sandbox.satori.settings import SatoriSettings
    from vendor_sandbox.satori.store import SatoriData
    from vendor_sandbox.writelog import WriteLog

WAITING, PROCESSING, FINISHED = "waiting", "processing", "finished"
CSV_FILE = "customer_csv_file"
MAX_ROWS = 10_000
RETENTION = timedelta(days=7)
# Columns every upload may carry besides `hashcode`, standard fields and `custom:<key>`.
DELIVERY_PERMISSION = "delivery_permission"
TAG_COLUMNS = ("append_tags", "delete_tags")
UNKNOWN_PROCESS = "処理コードが見つかりません"


@dataclass
class BulkJob:
    """One uploaded file; `text` is dropped once its rows are applied."""

    process_code: str
    kind: str
    identity_type: str
    header: list[str]
    total_rows: int
    filename: str | None
    received_bytes: int
    sha256: str
    uploaded_at: datetime
    text: str | None
    started: float = 0.0  # the clock's monotonic reading at upload
    processing_seconds: float | None = None  # None: finished by status call count
    status_calls: int = 0
    status: str = WAITING
    success_rows: int = 0
    failed: list[tuple[int, int, str]] = field(default_factory=list)
    upload_held: str | None = None  # the fault that held the upload's answer back

    def failed_rows(self, numbering: str) -> list[dict[str, t.Any]]:
        """The failed rows, numbered by data row or by file line."""
        return [
            {"row_number": line if numbering == FILE_LINE else row, "message": message}
            for row, line, message in self.failed
        ]

    def payload(self, numbering: str) -> dict[str, t.Any]:
        """What the status API answers about the job."""
        return {
            "process_code": self.process_code,
            "process_status": self.status,
            "total_rows": self.total_rows,
            "success_rows": self.success_rows,
            "failed_rows": self.failed_rows(numbering),
        }

    def describe(self, numbering: str, now: datetime) -> dict[str, t.Any]:
        """The job as the control dump shows it."""
        return {
            "process_code": self.process_code,
            "kind": self.kind,
            "identity_type": self.identity_type,
            "header": self.header,
            "total_rows": self.total_rows,
            "status": self.status,
            "status_calls": self.status_calls,
            "processing_seconds": self.processing_seconds,
            "success_rows": self.success_rows,
            "failed_rows": self.failed_rows(numbering),
            "filename": self.filename,
            "received_bytes": self.received_bytes,
            "sha256": self.sha256,
            "uploaded_at": iso_jst(self.uploaded_at),
            "expired": now - self.uploaded_at > RETENTION,
        }


def _processing(job: BulkJob, settings: SatoriSettings, seconds: float) -> bool:
    """Whether a job still answers `processing` at this status call (already counted)."""
    if job.processing_seconds is None:
        return job.status_calls < settings.status_polls_until_finished
    return seconds - job.started < job.processing_seconds


def identity_type_of(fields: Mapping[str, str], kind: str) -> str:
    """The upload's `identity_type`, checked against what the API can do with it.

    Raises:
        SatoriError: 400 when absent or unknown, or `hashcode` for a registration.
    """
    value = fields.get("identity_type", "")
    if not value:
        raise bad_request("identity_typeを指定してください")
    if value not in IDENTITY_TYPES:
        raise bad_request("identity_typeはemailまたはhashcodeで指定してください")
    if kind == REGISTRATION and value == HASHCODE:
        raise bad_request("identity_typeがhashcodeの場合は登録できません")
    return value


def _header_problem(name: str, identity_type: str, data: SatoriData) -> str | None:
    if name in (EMAIL, DELIVERY_PERMISSION, *TAG_COLUMNS) or data.is_standard(name):
        return None
    if name == HASHCODE:
        if identity_type == EMAIL:
            return "identity_typeがemailの場合、CSVにhashcode列は指定できません"
        return None
    if name in READ_ONLY:
        return f"CSVのヘッダー '{name}' は更新できません"
    if name.startswith(CUSTOM_PREFIX):
        key = name.removeprefix(CUSTOM_PREFIX)
        return None if key in data.definitions else f"カスタム項目 '{key}' は存在しません"
    return f"CSVのヘッダー '{name}' は存在しない項目です"


def checked_header(text: str, identity_type: str, data: SatoriData) -> list[str]:
    """The header row of a decoded CSV, checked against the fields and the identity type.

    Raises:
        SatoriError: 400 for no header, unknown, read-only or repeated names (each named
            in `errors`), or no column for the identity.
    """
    header = csvio.header(text)
    if not header:
        raise bad_request("CSVファイルにヘッダー行がありません")
    problems = [
        problem
        for problem in (_header_problem(name, identity_type, data) for name in header)
        if problem is not None
    ]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems += [f"CSVのヘッダー '{name}' が重複しています" for name in repeated]
    if problems:
        raise bad_request(problems[0], tuple(problems))
    if identity_type not in header:
        msg = f"identity_typeが{identity_type}の場合、CSVに{identity_type}列が必要です"
        raise bad_request(msg)
    return header


def _row_count(text: str) -> int:
    try:
        return sum(1 for _ in csvio.data_rows(text))
    except csv.Error as exc:
        msg = f"CSVファイルを読み込めません({exc})"
        raise bad_request(msg) from None


def row_change(header: list[str], cells: list[str], identity_type: str) -> Change:
    """The change one CSV row asks for; blank cells are left out (they never overwrite).

    The header was checked at upload, so any other column is a standard field; `apply`
    refuses the row if the company no longer has it when the job finishes.

    Raises:
        SatoriError: 400 for a cell count unlike the header's, a bad delivery_permission
            or tag name.
    """
    if len(cells) != len(header):
        msg = f"列数がヘッダーと一致しません(ヘッダー{len(header)}列、この行{len(cells)}列)"
        raise bad_request(msg)
    values = {name: cell for name, cell in zip(header, cells, strict=True) if cell}
    change = Change(identity_type, values.pop(identity_type, ""))
    for name, value in values.items():
        if name == EMAIL:
            change.email = value
        elif name.startswith(CUSTOM_PREFIX):
            change.custom[name.removeprefix(CUSTOM_PREFIX)] = value
        elif name == DELIVERY_PERMISSION:
            change.delivery_permission = checked_permission(value)
        elif name == "append_tags":
            change.append_tags = tag_names(value, name)
        elif name == "delete_tags":
            change.delete_tags = tag_names(value, name)
        else:
            change.fields[name] = value
    return change


class BulkJobs:
    """Every bulk job of the company, by process code (32 hex from a seeded generator)."""

    def __init__(self, codes: random.Random, written: WriteLog) -> None:
        self._jobs: dict[str, BulkJob] = {}
        self._codes = codes
        self._written = written

    def schedule(
        self,
        kind: str,
        fields: Mapping[str, str],
        upload: Part | None,
        data: SatoriData,
        *,
        settings: SatoriSettings,
        now: datetime,
        seconds: float,
        held: str | None = None,
    ) -> BulkJob:
        """Check an upload whole and queue it (`held`: the fault holding its answer back).

        Raises:
            SatoriError: 400 for a bad identity_type, no file, a file that is not UTF-8,
                a bad header, no data row or more than 10,000.
        """
        identity_type = identity_type_of(fields, kind)
        if upload is None:
            msg = f"{CSV_FILE}を指定してください"
            raise bad_request(msg)
        text = csvio.decode(upload.data)
        header = checked_header(text, identity_type, data)
        rows = _row_count(text)
        if rows == 0:
            raise bad_request("CSVファイルにデータ行がありません")
        if rows > MAX_ROWS:
            raise bad_request(f"1リクエストあたりの行数は{MAX_ROWS:,}行までです")
        code = f"{self._codes.getrandbits(128):032x}"
        job = BulkJob(
            process_code=code,
            kind=kind,
            identity_type=identity_type,
            header=header,
            total_rows=rows,
            filename=upload.filename,
            received_bytes=len(upload.data),
            sha256=hashlib.sha256(upload.data).hexdigest(),
            uploaded_at=now,
            text=text,
            upload_held=held,
            started=seconds,
            processing_seconds=random_processing_seconds(
                settings.processing_seconds_max, settings.processing_seed, code
            ),
        )
        self._jobs[code] = job
        return job

    def status(
        self,
        process_code: str,
        data: SatoriData,
        settings: SatoriSettings,
        *,
        now: datetime,
        seconds: float,
        held: str | None = None,
    ) -> dict[str, t.Any]:
        """Move a job on by one status call and answer where it stands.

        `held` is the kind of injected fault that held this call's answer back, if any.

        Raises:
            SatoriError: 400 without a process code, 404 for an unknown or expired one.
        """
        if not process_code:
            raise bad_request("process_codeを指定してください")
        job = self._jobs.get(process_code)
        if job is None or now - job.uploaded_at > RETENTION:
            raise not_found(UNKNOWN_PROCESS)
        job.status_calls += 1
        if _processing(job, settings, seconds):
            job.status = PROCESSING
        elif job.text is not None:
            self._apply(job, job.text, data, now, job.upload_held or held)
        return job.payload(settings.row_numbering)

    def _apply(
        self, job: BulkJob, text: str, data: SatoriData, now: datetime, lost: str | None
    ) -> None:
        for row, line, cells in csvio.data_rows(text):
            try:
                change = row_change(job.header, cells, job.identity_type)
                _, operation = apply(data, change, job.kind, now)
            except SatoriError as exc:
                job.failed.append((row, line, exc.message))
                continue
            job.success_rows += 1
            self._written.add(
                "customers",
                key(change),
                operation,
                call=job.process_code,
                record=dict(zip(job.header, cells, strict=True)),
                answer_lost=lost,
            )
        job.status, job.text = FINISHED, None

    def describe(self, numbering: str, now: datetime) -> list[dict[str, t.Any]]:
        """Every job, oldest first, as the control dump shows it."""
        return [job.describe(numbering, now) for job in self._jobs.values()]
