"""The sink of every input stream: the one owner of its records' way to SATORI.

Each record is queued with its input line as it arrives (`process_record`). A full batch
(up to 10,000) is then checked as a whole and written (`process_batch`): a record SATORI would
refuse, or that does not match its stream's SCHEMA, is rejected before anything is sent, with
a reason naming the record (its input line and, when it has one, its email or hashcode) and
the property; a later record claiming an email an earlier customer of the run holds is
rejected as a conflict (judged per batch, in input order); the rest goes to the writer
(writer.py). A batch is written while the next is read, and the SDK emits STATE only once
SATORI has confirmed (or refused) every record before it, so the state never runs ahead of
SATORI. A reason's label is built only for a record that is refused or reported.

The sink is handed the run's rules when it is built (`rules.CustomerRules`, a frozen value
from the settings) and the state every sink of the run shares (`run.SatoriRun`); it asks its
target for nothing else but where a record sits in the input and the writer thread
(`VendorTarget.write_behind`).

Values of properties linked to Readable or NG fields are never sent: the linkage says SATORI
owns those fields. They are not rejected (a feed naturally carries them), but the first one of
each property is logged as a warning, so a field meant to be written shows up as a
configuration matter.
"""

from __future__ import annotations

import json
import typing as t
from functools import cached_property

from satori_client.api import MAX_ROWS_PER_BULK
from singer_commons.errors import RecordRejected
from singer_commons.rejects import Refusal, as_sent
from singer_commons.sdk.sinks import CheckingSink
from target_satori_bridge.batch_check import plain_changes
from target_satori_bridge.customers import DELETED_AT
from target_satori_bridge.fields import EMAIL
from target_satori_bridge.mappings import is_blank
from target_satori_bridge.writer import CustomerWriter, Pending

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from target_satori_bridge.customers import CustomerChange
    from target_satori_bridge.target import TargetSatoriBridge


class SatoriCustomerSink(CheckingSink):
    """Upserts (and, for records with `_sdc_deleted_at`, deletes) SATORI customers."""

    owner: TargetSatoriBridge

    def __init__(
        self,
        target: TargetSatoriBridge,
        stream_name: str,
        schema: dict,
        key_properties: t.Sequence[str] | None,
    ) -> None:
        super().__init__(target, stream_name, schema, key_properties)
        self.rules = target.settings.rules
        self.run = target.run
        self.writer = CustomerWriter(
            rules=self.rules,
            run=self.run,
            stream=stream_name,
            logger=self.logger,
            label=self.label,
        )
        shape = self.rules.shape
        keys = list(self.key_properties or [])
        # Source keys tell two contacts sharing an email apart (conflicts.py).
        self.source_keys = (
            keys if shape.identity_type == EMAIL and shape.identity_property not in keys else []
        )
        # Properties linked to fields SATORI owns (never sent) and not yet seen with a
        # value: the first value of each is reported.
        self._unreported = {
            link.singer_property: link
            for link in shape.links
            if not link.linkage.writes and link.singer_property
        }
        self.logged: set[str] = set()

    @cached_property
    def max_size(self) -> int:
        """One bulk request's worth of rows (or the smaller `batch_size_rows`)."""
        return min(super().max_size, MAX_ROWS_PER_BULK)

    def label(self, line: int, record: Mapping[str, t.Any]) -> str:
        """How a reason names a record: its input line, and its email or hashcode if any."""
        return self.rules.shape.label(self.owner.record_position(self.stream_name, line), record)

    def process_record(self, record: dict, context: dict) -> None:
        """Queue the record, with its input line, to be judged with its batch."""
        context.setdefault("arrivals", []).append((self.owner.input_line, record))

    def _judged(self, arrivals: list[tuple[int, dict]]) -> list[Pending | Refusal]:
        """The batch's records as queued changes, deletes or refusals, in input order.

        A plain batch is judged at once (batch_check.py); any other record by record.
        """
        records = [record for _, record in arrivals]
        changes = plain_changes(
            records, self.rules.shape, schema=self.record_schema, check_types=self.validate_schema
        )
        if changes is None:
            return [self._judged_one(line, record) for line, record in arrivals]
        self._log_unsent_of(arrivals)
        return [
            Pending(record, change.identity, change, line)
            for (line, record), change in zip(arrivals, changes, strict=True)
        ]

    def _judged_one(self, line: int, record: dict) -> Pending | Refusal:
        """The record as a queued change or delete, or its refusal naming the property."""
        try:
            return self._checked(line, record)
        except RecordRejected as exc:
            return Refusal(self.stream_name, as_sent(record), f"{self.label(line, record)}: {exc}")

    def _checked(self, line: int, record: dict) -> Pending:
        """The record as a queued change or delete.

        Raises:
            RecordRejected: naming the property and why.
        """
        shape = self.rules.shape
        if self.validate_schema and (
            problem := self.record_schema.undeclared_problem(record)
            or self.record_schema.type_problem(record, shape.read_properties)
        ):
            raise RecordRejected(problem)
        if record.get(DELETED_AT):
            return Pending(record, shape.identity_of(record), line=line)
        change = shape.change(record)
        self._log_unsent(line, record)
        for prop in change.neutralised:
            if self._first_time(f"neutralised:{prop}"):
                self.logger.warning(
                    "Formula-like values of property '%s' are sent with a leading ' "
                    "(formula_cells: neutralise), first at %s",
                    prop,
                    self.label(line, record),
                )
        return Pending(record, change.identity, change, line)

    def _claimed(self, batch: list[Pending | Refusal]) -> list[Pending]:
        """The batch's records to write: refusals and email conflicts rejected, in input order.

        The batch's emails are looked up in one go, then its claims judged in input order.
        """
        emails = [
            item.change.email
            for item in batch
            if isinstance(item, Pending) and item.change and item.change.email
        ]
        self.run.email_owners.prefetch(emails, self.stream_name if self.source_keys else None)
        accepted = []
        for item in batch:
            if isinstance(item, Refusal):
                self.run.rejects.write_refusal(item)
                continue
            if item.change is not None:
                try:
                    self._claim(item.record, item.change)
                except RecordRejected as exc:
                    label = self.label(item.line, item.record)
                    self.run.rejects.write(
                        self.stream_name, as_sent(item.record), f"{label}: {exc}"
                    )
                    continue
            accepted.append(item)
        self.run.email_owners.flush()
        return accepted

    def _claim(self, record: t.Mapping[str, t.Any], change: CustomerChange) -> None:
        """Record the change's claim on its email; refuse a second customer claiming it.

        Raises:
            RecordRejected: an earlier customer (or source record) of the run holds the email.
        """
        shape = self.rules.shape
        owners = self.run.email_owners
        owner_key = change.identity.lower() if shape.identity_type == EMAIL else change.identity
        prop = shape.email_property
        if conflict := owners.conflict(owner_key, change.email):
            msg = f"property '{prop}': {conflict}"
            raise RecordRejected(msg)
        if self.source_keys and change.email is not None:
            values = [record.get(name) for name in self.source_keys]
            if all(value is not None for value in values):
                key = ", ".join(
                    f"{name}={json.dumps(value, ensure_ascii=False, default=str)}"
                    for name, value in zip(self.source_keys, values, strict=True)
                )
                if conflict := owners.key_conflict(self.stream_name, change.email, key):
                    msg = f"property '{prop}': {conflict}"
                    raise RecordRejected(msg)

    def _log_unsent_of(self, arrivals: list[tuple[int, dict]]) -> None:
        """`_log_unsent` of the first record with a value of each property not yet reported."""
        for prop in list(self._unreported):
            for line, record in arrivals:
                if prop in self._unreported and not is_blank(record.get(prop)):
                    self._log_unsent(line, record)
                    break

    def _log_unsent(self, line: int, record: dict) -> None:
        for prop in [prop for prop in self._unreported if not is_blank(record.get(prop))]:
            link = self._unreported.pop(prop)
            self.logger.warning(
                "Property '%s' of stream '%s' has values, but SATORI field '%s' (%s) is "
                "linked as %s: they are not sent (first at %s); make it Writable in "
                "field_linkage to write it",
                prop,
                self.stream_name,
                link.key,
                link.label,
                link.linkage.label,
                self.label(line, record),
            )

    def _first_time(self, key: str) -> bool:
        """Whether `key`'s warning is due: each is logged once per sink."""
        if key in self.logged:
            return False
        self.logged.add(key)
        return True

    def process_batch(self, context: dict) -> None:
        """Check the queued batch, reject what cannot be sent, write the rest.

        The checks are the rules' and the SCHEMA's (`_judged`), then the run's email claims
        (`_claimed`). The write goes out in the writer thread (`VendorTarget.write_behind`)
        while the next batch is read, one batch at a time and in order; the SDK writes STATE
        only after SATORI has answered for every record before it.
        """
        batch = self._claimed(self._judged(context.get("arrivals", [])))
        if batch:
            self.logger.info(
                "Writing %d record(s) of stream '%s' to SATORI", len(batch), self.stream_name
            )
            self.owner.write_later(self, lambda: self.writer.write(batch))
