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
from pathlib import Path

from singer_commons.rejects import as_sent
from target_satori_bridge.bulk import (
    MAX_ROWS_PER_BULK,
    BulkRefused,
    failed_row_indexes,
    wait_until_finished,
    write_bulk_csv,
)
from target_satori_bridge.connection import (
    HTTP_NOT_FOUND,
    SINGLE_DELETE,
    SINGLE_UPSERT,
    SatoriError,
)
from target_satori_bridge.customers import APPEND_TAGS, DELIVERY_PERMISSION

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from singer_commons.rejects import RejectWriter
    from target_satori_bridge.bulk import PollSettings, RowNumbering
    from target_satori_bridge.connection import SatoriConnection
    from target_satori_bridge.customers import CustomerChange, CustomerShape


@dataclass(frozen=True)
class Pending:
    """One accepted record: an upsert (`change`) or a delete (`change` None) of `identity`."""

    record: Mapping[str, t.Any]
    identity: str
    change: CustomerChange | None = None


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
class CustomerWriter:
    """Sends one stream's batches; shares the run's connection, rejects and counts."""

    connection: SatoriConnection
    shape: CustomerShape
    rejects: RejectWriter
    stream: str
    bulk_threshold: int
    poll: PollSettings
    numbering: RowNumbering
    sleep: Callable[[float], None]
    logger: logging.Logger
    counts: WriteCounts = field(default_factory=WriteCounts)

    def write(self, batch: Sequence[Pending]) -> None:
        """Apply a batch in input order: runs of upserts, runs of deletes."""
        for is_delete, run in itertools.groupby(batch, key=lambda item: item.change is None):
            items = list(run)
            if is_delete:
                self._delete(items)
            else:
                self._upsert(items)

    def _upsert(self, items: list[Pending]) -> None:
        needs_bulk = any(t.cast("CustomerChange", item.change).delete_tags for item in items)
        if len(items) > self.bulk_threshold or needs_bulk:
            for start in range(0, len(items), MAX_ROWS_PER_BULK):
                self._bulk(items[start : start + MAX_ROWS_PER_BULK])
        else:
            for item in items:
                self._single_upsert(item, t.cast("CustomerChange", item.change))

    def _single_upsert(self, item: Pending, change: CustomerChange) -> bool:
        fields = self._identity_fields(change.identity)
        fields.update({f"customer[{key}]": text for key, text in change.cells.items()})
        fields.update({f"customer[{key}]": "" for key in change.clears})
        if change.delivery_permission:
            fields[DELIVERY_PERMISSION] = change.delivery_permission
        if change.append_tags:
            fields[APPEND_TAGS] = ",".join(change.append_tags)
        if self._post(item, SINGLE_UPSERT, fields):
            self.counts.upserted += 1
            return True
        return False

    def _bulk(self, items: list[Pending]) -> None:
        changes = [t.cast("CustomerChange", item.change) for item in items]
        header = self.shape.header
        with tempfile.TemporaryDirectory(prefix="target-satori-bridge-") as folder:
            path = Path(folder) / "customers.csv"
            write_bulk_csv(path, header, self.shape.identity_type, changes)
            self.counts.bulk_jobs += 1
            try:
                accepted = self.connection.upload_csv(path, self.shape.identity_type)
            except SatoriError as exc:
                self._reject_all(
                    items, f"SATORI refused the bulk upload: {exc.vendor_message}", exc.answer
                )
                return
        process_code = str(accepted.get("process_code") or "")
        if not process_code:
            self._reject_all(
                items, "SATORI accepted the bulk upload without a process_code", accepted
            )
            return
        self.logger.info(
            "SATORI accepted a bulk upsert of %d customers (process_code %s)",
            len(items),
            process_code,
        )
        try:
            answer = wait_until_finished(
                self.connection, process_code, poll=self.poll, sleep=self.sleep, logger=self.logger
            )
        except BulkRefused as exc:
            self._reject_all(items, str(exc), None)
            return
        failed = failed_row_indexes(
            answer.get("failed_rows"), [c.identity for c in changes], self.numbering, self.logger
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
                self.counts.upserted += 1
                self._clear_blanks(item, changes[index])

    def _clear_blanks(self, item: Pending, change: CustomerChange) -> None:
        """Blank cells never clear in a bulk CSV; clearing asked for goes one call per record."""
        if change.clears:
            fields = self._identity_fields(change.identity)
            fields.update({f"customer[{key}]": "" for key in change.clears})
            self._post(item, SINGLE_UPSERT, fields)

    def _delete(self, items: Iterable[Pending]) -> None:
        for item in items:
            fields = self._identity_fields(item.identity)
            try:
                self.connection.post_form(SINGLE_DELETE, fields)
            except SatoriError as exc:
                if exc.status != HTTP_NOT_FOUND:
                    self._reject(
                        item, f"SATORI refused the delete: {exc.vendor_message}", exc.answer
                    )
                    continue
                self.logger.info("Customer %s was not in SATORI; nothing to delete", item.identity)
            finally:
                self.counts.single_calls += 1
            self.counts.deleted += 1

    def _post(self, item: Pending, path: str, fields: dict[str, str]) -> bool:
        self.counts.single_calls += 1
        try:
            self.connection.post_form(path, fields)
        except SatoriError as exc:
            self._reject(item, f"SATORI refused the customer: {exc.vendor_message}", exc.answer)
            return False
        return True

    def _identity_fields(self, identity: str) -> dict[str, str]:
        kind = self.shape.identity_type
        return {"customer[identity_type]": kind, f"customer[{kind}]": identity}

    def _reject_all(self, items: Iterable[Pending], reason: str, answer: t.Any) -> None:
        for item in items:
            self._reject(item, reason, answer)

    def _reject(self, item: Pending, reason: str, answer: t.Any) -> None:
        self.counts.refused += 1
        self.rejects.write(self.stream, as_sent(item.record), reason, answer)
