"""The base of every 配配メール stream: one retrieval API, its CSV columns, plan and budget.

A stream whose API is not on the account's plan (Bridge-only APIs) is skipped with a log
line. A spent daily budget ends the stream where it is (its state already covers every
complete unit) and lets streams of other APIs run: 配配メール's quota is per API.
"""

from __future__ import annotations

import typing as t

from singer_sdk.streams import Stream

from haihai_mail_client.errors import HaihaiError
from singer_commons.errors import DailyBudgetExhausted, FatalConnectorError, VendorQuotaExhausted
from tap_haihai_mail.columns import (
    ADDITIONAL_COLUMNS,
    EXTRAS_DESCRIPTION,
    convert_row,
    schema_properties,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from singer_sdk import typing as th
    from singer_sdk.helpers.types import Context

    from haihai_mail_client.apis import HaihaiApi
    from haihai_mail_client.connection import HaihaiConnection
    from tap_haihai_mail.columns import CellFormatError, Column
    from tap_haihai_mail.tap import TapHaihaiMail


class HaihaiStream(Stream):
    """Reads one retrieval API; subclasses say how its calls are made (`read`)."""

    api: t.ClassVar[HaihaiApi]
    columns: t.ClassVar[tuple[Column, ...]]
    summary: t.ClassVar[str]
    extra_properties: t.ClassVar[tuple[th.Property, ...]] = ()
    extras_name: t.ClassVar[str] = ADDITIONAL_COLUMNS
    extras_description: t.ClassVar[str] = EXTRAS_DESCRIPTION

    def __init__(self, tap: TapHaihaiMail) -> None:
        self.owner = tap
        super().__init__(tap, schema=self.build_schema())
        self._reported_columns: set[str] = set()

    @classmethod
    def build_schema(cls) -> dict[str, t.Any]:
        """The stream's JSON schema, described with the API's Japanese name."""
        schema = schema_properties(
            cls.columns,
            *cls.extra_properties,
            extras_name=cls.extras_name,
            extras_description=cls.extras_description,
        ).to_dict()
        bridge = " Bridge plan only." if cls.api.bridge_only else ""
        schema["description"] = f"{cls.api.japanese_name}: {cls.summary}{bridge}"
        return schema

    @property
    def connection(self) -> HaihaiConnection:
        """The tap's single connection."""
        return self.owner.connection

    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        """Read the API unless the plan lacks it; stop early, not fail, at a spent budget."""
        if not self.connection.available(self.api):
            self.logger.info(
                "Skipping stream '%s': %s is only available on the Bridge plan (plan is %s).",
                self.name,
                self.api.japanese_name,
                self.owner.settings.connection.plan,
            )
            return
        try:
            yield from self.read(context)
        except (DailyBudgetExhausted, VendorQuotaExhausted) as stop:
            self.owner.defer_budget_stop(self.name, stop)
        except HaihaiError as exc:
            msg = (
                f"stream '{self.name}': 配配メール answered {exc.detail} ({self.api.japanese_name})"
            )
            raise FatalConnectorError(msg) from exc

    def read(self, context: Context | None) -> Iterator[dict[str, t.Any]]:
        """The stream's records (one or more API calls)."""
        raise NotImplementedError

    def records_of(self, rows: Iterable[Mapping[str, str]]) -> Iterator[dict[str, t.Any]]:
        """Records from CSV rows; a cell that does not convert is reported once per column."""
        zone = self.owner.settings.connection.time_zone
        for row in rows:
            yield convert_row(
                row, self.columns, zone, self._report_problem, extras_name=self.extras_name
            )

    def _report_problem(self, problem: CellFormatError) -> None:
        if problem.column not in self._reported_columns:
            self._reported_columns.add(problem.column)
            self.logger.warning(
                "Stream '%s': %s; kept as text under %s (reported once per column).",
                self.name,
                problem,
                self.extras_name,
            )
