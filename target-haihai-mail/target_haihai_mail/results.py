"""Waiting for an upload to reach 完了, and turning its per-row results into rejects.

Seed 001 (https://support.haihaimail.jp/manual/setting/api/, 処理状況 and 処理結果): an upload
goes 処理待ち → 処理中 → 完了; each row ends 成功, 失敗 (refused: a reject with the vendor's
reason) or その他 (already registered: counted and logged, not an error). The seed shows them
on the 配配メール screen; the status API and its JSON answer (`state`, `other`, `rows`) are
ASSUMED.
Every status call costs one call of the status API's daily quota, so the waits grow (5 s,
10 s, 20 s … 5 min) and the ledger is asked before each wait: a spent budget stops the run
(exit 75) with the import id journaled, and the next run resumes polling.
"""

from __future__ import annotations

import time
import typing as t
from dataclasses import dataclass

from haihai_mail_client.apis import IMPORT_STATUS
from haihai_mail_client.errors import HaihaiError
from singer_commons.errors import FatalConnectorError, TryAgainLater
from singer_commons.rejects import as_sent
from target_haihai_mail.operations import Operation

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Mapping

    from haihai_mail_client.connection import HaihaiConnection
    from singer_commons.polling import PollSchedule
    from singer_commons.rejects import RejectWriter
    from target_haihai_mail.spool import SpoolPart

WAITING = "処理待ち"
PROCESSING = "処理中"
DONE = "完了"
FAILED = "失敗"
OTHER = "その他"
# ASSUMED: the reason 配配メール gives for deleting an address it does not hold.
NOT_REGISTERED = "未登録"
# Our choice: waits double up to 5 minutes, so a long import costs few status calls.
MAX_POLL_WAIT = 300.0


def wait_until_done(
    connection: HaihaiConnection,
    import_id: str,
    *,
    label: str,
    poll: PollSchedule,
    sleep: Callable[[float], None],
    logger: logging.Logger,
    monotonic: Callable[[], float] = time.monotonic,
) -> dict[str, t.Any]:
    """Poll the import until 完了; its final answer.

    Raises:
        DailyBudgetExhausted: the status API's budget is spent (resume tomorrow).
        TryAgainLater: still not 完了 after `poll.timeout_seconds` (re-run to keep waiting).
        FatalConnectorError: an answer that names no known state.
    """
    deadline = monotonic() + poll.timeout_seconds
    waits = poll.waits()
    while True:
        try:
            answer = connection.import_result(import_id)
        except HaihaiError as exc:
            msg = (
                f"{label}: 配配メール answered {exc.detail} asking for import {import_id} "
                "(results are kept 10 days); check 一括登録・削除の処理結果 in 配配メール."
            )
            raise FatalConnectorError(msg) from exc
        state = answer.get("state")
        if state == DONE:
            return answer
        if state not in {WAITING, PROCESSING}:
            msg = f"{label}: 配配メール answered an unknown state {state!r} for import {import_id}"
            raise FatalConnectorError(msg)
        logger.info("%s: import %s is %s.", label, import_id, state)
        if monotonic() >= deadline:
            msg = (
                f"{label}: import {import_id} is still {state} after "
                f"{poll.timeout_seconds / 60:.0f} minutes. Re-run later: the batch is "
                "journaled and will be polled, not uploaded again."
            )
            raise TryAgainLater(msg)
        connection.ledger.ensure(IMPORT_STATUS.key, 1)
        sleep(next(waits))


@dataclass
class Outcome:
    """What one applied batch came to."""

    succeeded: int = 0
    rejected: int = 0
    already_registered: int = 0


def record_results(
    part: SpoolPart,
    answer: Mapping[str, t.Any],
    *,
    may_repeat: bool,
    rejects: RejectWriter,
) -> Outcome:
    """Send each 失敗 row to the reject file (with its record) and count the rest.

    Args:
        part: The uploaded part, to find each row's record by its line.
        answer: The 完了 answer.
        may_repeat: An earlier attempt of this batch may have been applied (a retried upload
            after a timeout): a delete refused as 未登録 then found its own earlier work.
        rejects: The run's reject file.
    """
    by_line: dict[int, dict[str, t.Any]] = {}
    for row in answer.get("rows") or []:
        if row.get("result") == FAILED and not _repeated_delete(part.operation, row, may_repeat):
            by_line[int(row["line"])] = dict(row)
    outcome = Outcome(already_registered=int(answer.get("other") or 0))
    unmatched = dict(by_line)
    if by_line:
        for line, entry in part.entries():
            if row := unmatched.pop(line, None):
                reason = f"{entry.label}: {_reason(part, row)}"
                rejects.write(entry.stream, as_sent(entry.record), reason, row)
    for row in unmatched.values():  # a line the part does not have: keep the vendor's row
        address = row.get("mail_address") or "no address"
        rejects.write(part.label, {}, f"{address}: {_reason(part, row)}", row)
    outcome.rejected = len(by_line)
    outcome.succeeded = part.rows - outcome.rejected - outcome.already_registered
    return outcome


def _reason(part: SpoolPart, row: Mapping[str, t.Any]) -> str:
    return (
        f"配配メール refused row {row.get('line')} of {part.label} "
        f"({part.operation.japanese_name}): {row.get('reason') or FAILED}"
    )


def _repeated_delete(operation: Operation, row: Mapping[str, t.Any], may_repeat: bool) -> bool:
    return (
        may_repeat
        and operation is Operation.DELETE
        and NOT_REGISTERED in str(row.get("reason") or "")
    )
