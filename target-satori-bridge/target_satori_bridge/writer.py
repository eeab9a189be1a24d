"""Writing a batch of checked changes to SATORI, and saying only what SATORI confirmed.

Small loads use the single upsert endpoint, one call per customer; above `bulk_threshold`
customers (or when tags must be removed, which only the bulk CSV can do) one bulk upload per
10,000 rows. Deletes always go one by one (there is no bulk delete). The batch keeps the input
order between upserts and deletes of the same customer. Every record SATORI refuses goes to
the reject file with SATORI's message; the method returns only when SATORI has answered for
every record, so the STATE the SDK writes next never runs ahead of SATORI.
"""

from __future__ import annotations

import itertools
import tempfile
import typing as t
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from satori_client.api import MAX_ROWS_PER_BULK, SINGLE_DELETE, SINGLE_UPSERT
from satori_client.errors import HTTP_NOT_FOUND, SatoriError
from singer_commons.connection import retry_sleep
from singer_commons.rejects import as_sent
from target_satori_bridge.bulk import (
    BulkRefused,
    wait_until_finished,
    write_bulk_csv,
    write_probe_csv,
)

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from target_satori_bridge.customers import CustomerChange
    from target_satori_bridge.rules import CustomerRules
    from target_satori_bridge.run import SatoriRun


class Pending(t.NamedTuple):
    """One accepted record: an upsert (`change`) or a delete (`change` None) of `identity`.

    `record` is the record as the sink received it (a reject shows it `as_sent`); `line` is
    its input line (0 if unknown), from which a reason's label is built only when SATORI
    refuses the record.
    """

    record: Mapping[str, t.Any]
    identity: str
    change: CustomerChange | None = None
    line: int = 0


@dataclass
class CustomerWriter:
    """Sends one stream's batches by the run's rules, through what the run shares.

    Attributes:
        rules: The run's rules (the single form, the bulk threshold, the poll timing).
        run: The connection, reject file, row numbering and counts every sink shares.
        stream: The stream whose records are written, for the reject file.
        logger: The sink's logger.
        label: How a reason names a record, from its input line and the record.
        sleep: The wait between status checks of a bulk job.
    """

    rules: CustomerRules
    run: SatoriRun
    stream: str
    logger: logging.Logger
    label: Callable[[int, Mapping[str, t.Any]], str]
    sleep: Callable[[float], None] = field(default_factory=retry_sleep)

    def write(self, batch: Sequence[Pending]) -> None:
        """Apply a batch in input order: runs of upserts, runs of deletes."""
        if None not in map(attrgetter("change"), batch):  # no delete: one run (C-speed test)
            self._upsert(list(batch))
            return
        for is_delete, run in itertools.groupby(batch, key=lambda item: item.change is None):
            items = list(run)
            if is_delete:
                self._delete(items)
            else:
                self._upsert(items)

    def _upsert(self, items: list[Pending]) -> None:
        needs_bulk = any(t.cast("CustomerChange", item.change).delete_tags for item in items)
        if len(items) > self.rules.bulk_threshold or needs_bulk:
            for start in range(0, len(items), MAX_ROWS_PER_BULK):
                self._bulk(items[start : start + MAX_ROWS_PER_BULK])
        else:
            for item in items:
                self._single_upsert(item, t.cast("CustomerChange", item.change))

    def _single_upsert(self, item: Pending, change: CustomerChange) -> None:
        if self._post(item, SINGLE_UPSERT, self.rules.form.upsert(change)):
            self.run.counts.upserted += 1

    def _bulk(self, items: list[Pending]) -> None:
        changes = [t.cast("CustomerChange", item.change) for item in items]
        identity_type = self.rules.shape.identity_type
        try:
            process_code = self._run_job(
                lambda path: write_bulk_csv(path, self.rules.shape.header, identity_type, changes)
            )
            answer = wait_until_finished(
                self.run.connection,
                process_code,
                poll=self.rules.poll,
                sleep=self.sleep,
                logger=self.logger,
            )
        except SatoriError as exc:
            reason = f"SATORI refused the bulk upload: {exc.vendor_message}"
            self._reject_all(items, reason, exc.answer)
            return
        except BulkRefused as exc:
            self._reject_all(items, f"SATORI did not apply the bulk upload: {exc}", None)
            return
        failed = self.run.row_mapper.failed(
            answer.get("failed_rows"), [change.identity for change in changes], self._probe
        )
        for index, message in failed.items():
            vendor_row = {"process_code": process_code, "message": message}
            self._reject(items[index], f"SATORI refused the row: {message}", vendor_row)
        self.logger.info(
            "SATORI finished bulk job %s: %d applied, %d refused",
            process_code,
            len(items) - len(failed),
            len(failed),
        )
        for index, item in enumerate(items):
            if index not in failed:
                self.run.counts.upserted += 1
                self._clear_blanks(item, changes[index])

    def _run_job(self, write_csv: Callable[[Path], None]) -> str:
        """Write a CSV, upload it, and return the job's process code.

        Raises:
            BulkRefused: SATORI accepted the upload without a process code.
            SatoriError: SATORI refused the upload.
        """
        with tempfile.TemporaryDirectory(prefix="target-satori-bridge-") as folder:
            path = Path(folder) / "customers.csv"
            write_csv(path)
            self.run.counts.bulk_jobs += 1
            accepted = self.run.connection.upload_csv(path, self.rules.shape.identity_type)
        process_code = str(accepted.get("process_code") or "")
        if not process_code:
            msg = f"no process_code in SATORI's answer {accepted}"
            raise BulkRefused(msg)
        self.logger.info("SATORI accepted bulk upload %s", process_code)
        return process_code

    def _probe(self) -> t.Any:
        """Run the one-row probe job (rows.py) and return its failed rows."""
        self.logger.info("Asking SATORI how it numbers failed rows (one-row probe upload)")
        process_code = self._run_job(
            lambda path: write_probe_csv(path, self.rules.shape.identity_type)
        )
        answer = wait_until_finished(
            self.run.connection,
            process_code,
            poll=self.rules.poll,
            sleep=self.sleep,
            logger=self.logger,
        )
        return answer.get("failed_rows")

    def _clear_blanks(self, item: Pending, change: CustomerChange) -> None:
        """Blank cells never clear in a bulk CSV; clearing asked for goes one call per record."""
        if change.clears:
            self._post(item, SINGLE_UPSERT, self.rules.form.clears(change))

    def _delete(self, items: Iterable[Pending]) -> None:
        for item in items:
            try:
                self.run.connection.post_form(
                    SINGLE_DELETE, self.rules.form.identity(item.identity)
                )
            except SatoriError as exc:
                if exc.status != HTTP_NOT_FOUND:
                    self._reject(
                        item, f"SATORI refused the delete: {exc.vendor_message}", exc.answer
                    )
                    continue
                self.logger.info("Customer %s was not in SATORI; nothing to delete", item.identity)
            finally:
                self.run.counts.single_calls += 1
            self.run.counts.deleted += 1

    def _post(self, item: Pending, path: str, fields: dict[str, str]) -> bool:
        self.run.counts.single_calls += 1
        try:
            self.run.connection.post_form(path, fields)
        except SatoriError as exc:
            self._reject(item, f"SATORI refused the customer: {exc.vendor_message}", exc.answer)
            return False
        return True

    def _reject_all(self, items: Iterable[Pending], reason: str, answer: t.Any) -> None:
        for item in items:
            self._reject(item, reason, answer)

    def _reject(self, item: Pending, reason: str, answer: t.Any) -> None:
        self.run.counts.refused += 1
        named = f"{reason} ({self.label(item.line, item.record)})"
        self.run.rejects.write(self.stream, as_sent(item.record), named, answer)
