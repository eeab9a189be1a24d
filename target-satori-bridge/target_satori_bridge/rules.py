"""The rules records are written by: one frozen value, built from the settings at start.

Why one value: a sink checks its records and writes them by these rules alone (how a record
becomes a customer change, the single API's form, when a batch goes by bulk upload and how
long its job is waited for), so each sink is handed them when it is built and never asks the
target. What a run shares and learns as it goes (the connection, the reject file, the counts,
the emails claimed) is not a rule: the target keeps it.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from singer_commons.polling import PollSchedule
    from target_satori_bridge.customers import CustomerShape
    from target_satori_bridge.single_form import SingleForm


@dataclass(frozen=True)
class CustomerRules:
    """How this run's records become SATORI writes (see module doc).

    Attributes:
        shape: The identity, the field linkage, the permission and tag mappings, formula
            and blank-value handling: a record's checks and the change it asks for.
        form: The single API's form, with the refusal word (`single_api_refusal_value`).
        bulk_threshold: Batches of more upserts than this go by bulk CSV upload.
        poll: How a bulk job is waited for (`poll_interval_seconds`, `bulk_timeout_minutes`).
    """

    shape: CustomerShape
    form: SingleForm
    bulk_threshold: int
    poll: PollSchedule
