"""Every plugin as a scenario of the fault matrix: seed, break, run, resume, compare.

A scenario knows its vendor: how to seed it, how each fault looks on that vendor's wire, what
the plugin must do about it (absorb it by retrying, or stop with an exit code and be re-run),
what changes before a re-run (the next day after a spent quota), and what the run produced.
For a tap, what it produced is what a Singer target would hold: the records sent before the
run's last STATE, keyed by the stream's key properties, and a re-run starts from that STATE.
What it must produce is what the vendor holds, read through the sandbox's control client
(never a clean run of the same tap, which would share its bugs). For a target, what it
produced is what the vendor holds, and a re-run is the tap resuming from the last STATE the
target emitted. So a STATE ahead of the written data shows up as a lost record.

Duplicates are counted over every run of a scenario before anything is merged by key: every
RECORD a target would keep (a tap), every create in the vendor's write log (Keap's target),
every write of a row in the vendor's per-key write log (Marketo's, 配配メール's and SATORI's
upserts: a row may be written again only as a resend of the same content, after a lost
answer or by a re-run the last STATE did not cover; `TargetScenario.duplicates`).
"""

from __future__ import annotations

import json
import signal
import time
import typing as t
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from vendor_sandbox.testing.haihai import NOW, at, connection_config, next_day, seeded_at_now
from vendor_sandbox.testing.keap import TAP as KEAP_TAP
from vendor_sandbox.testing.keap import key_config, oauth_config
from vendor_sandbox.testing.marketo import connection_config as marketo_config
from vendor_sandbox.testing.marketo import external_ids
from vendor_sandbox.testing.runner import PluginRun, PluginRunner, selecting, singer_lines
from vendor_sandbox.testing.satori import target_config as satori_config

if t.TYPE_CHECKING:
    from pathlib import Path

    from vendor_sandbox import SandboxClient

HTTP_5XX = "http_5xx"
TIMEOUT = "timeout"
DROPPED = "dropped_connection"
RATE_LIMIT = "rate_limit_burst"
TOKEN_EXPIRY = "token_expiry"
QUOTA = "quota_exhausted"
KILL = "kill_9"
FAULTS = (HTTP_5XX, TIMEOUT, DROPPED, RATE_LIMIT, TOKEN_EXPIRY, QUOTA, KILL)
TRANSPORT = {
    HTTP_5XX: {"kind": "http_error", "status": 503, "count": 2},
    TIMEOUT: {"kind": "timeout", "seconds": 3, "count": 1},
    DROPPED: {"kind": "drop", "count": 2},
}
REQUEST_TIMEOUT = 1  # seconds; shorter than the injected stall, so the client gives up
# Seconds to let a stalled call complete at the vendor after the run that gave up on it
# ended, so its late writes are counted with that run (as `kill_at_call` waits for its own).
STALL_OVER = TRANSPORT[TIMEOUT]["seconds"] + 0.5
KILL_STALL = 1.5  # seconds a call hangs in the vendor while the plugin is killed
KEAP_XMLRPC_ZONE = ZoneInfo("America/New_York")  # the zone of Keap's XML-RPC dates
EXIT_TRY_LATER = 75
EXIT_FATAL = 1
EXIT_KILLED = -signal.SIGKILL
STATE_EVERY = 100  # records between the STATE messages a target is sent
SATORI_429_ATTEMPTS = 6  # the first call and the target's 5 retries of a 429
KEAP_TEST_QUOTA = 10_000  # a daily quota larger than any scenario's calls

Contents = dict[str, dict[str, t.Any]]


@dataclass(frozen=True)
class Stop:
    """How a run ends when the plugin cannot absorb a fault: exit code and log words."""

    code: int
    says: str


class Scenario:
    """One plugin against its vendor; subclasses fill in the vendor's side."""

    plugin: t.ClassVar[str]
    name: t.ClassVar[str]  # the test id: the plugin, and which part of it when it has two
    fault_path: t.ClassVar[str]  # the substring of the calls a fault may break
    calls: t.ClassVar[int]  # calls on that path a clean run makes at least
    stops: t.ClassVar[dict[str, Stop]] = {}  # faults the plugin stops at instead of absorbing
    # Faults made by the vendor's settings (a small daily quota), not by the fault queue.
    configured: t.ClassVar[frozenset[str]] = frozenset()

    def __init__(self, sandbox: SandboxClient, runner: PluginRunner, tmp_path: Path) -> None:
        self.sandbox = sandbox
        self.runner = runner
        self.tmp_path = tmp_path
        self.env: dict[str, str] = {}

    def prepare(self) -> None:
        """Seed the vendor."""
        raise NotImplementedError

    def fault(self, kind: str) -> dict[str, t.Any]:
        """The sandbox fault of a kind (without `after`); transport faults are everyone's."""
        return dict(TRANSPORT[kind])

    def inject(self, kind: str, after: int) -> None:
        """Queue the fault on the vendor, letting `after` matching calls through first."""
        self.queue(**self.fault(kind), after=after)

    def queue(self, **fault: t.Any) -> None:
        """Queue one sandbox fault on this scenario's path."""
        raise NotImplementedError

    def faults_injected(self) -> int:
        """How many calls the vendor has broken so far."""
        raise NotImplementedError

    def lift(self, kind: str) -> None:
        """What changes before the re-run after a stop (e.g. the next day); nothing by default."""

    def run(self, resume: t.Any) -> PluginRun:
        """Run the plugin to its end, from `resume` (None: from the start)."""
        raise NotImplementedError

    def start(self, resume: t.Any) -> t.Any:
        """Start the plugin without waiting (to kill it)."""
        raise NotImplementedError

    def absorb(self, run: PluginRun) -> None:
        """Take what a run produced (a tap's records up to its last STATE; nothing else)."""

    def contents(self) -> Contents:
        """What the destination holds now."""
        raise NotImplementedError

    def expected(self) -> Contents:
        """What the destination must hold after the plugin's work is done."""
        raise NotImplementedError

    def duplicates(self) -> dict[str, int]:
        """Keys delivered more than once over the scenario's runs, and how often."""
        raise NotImplementedError

    def check_not_ahead(self, run: PluginRun) -> None:
        """Everything before the run's last STATE is in the destination (targets check it)."""


class TapScenario(Scenario):
    """A tap: the destination is what a Singer target would have kept of its output."""

    def __init__(self, sandbox: SandboxClient, runner: PluginRunner, tmp_path: Path) -> None:
        super().__init__(sandbox, runner, tmp_path)
        self.received: Contents = {}
        # Every kept RECORD of every run, by stream and key: more than one is a duplicate.
        self.deliveries: Counter[tuple[str, str]] = Counter()
        self.catalog: dict[str, t.Any] | None = None
        self.resumed_from: dict[str, t.Any] | None = None

    def config(self, state_dir: str) -> dict[str, t.Any]:
        """The tap's settings."""
        raise NotImplementedError

    def run(self, resume: t.Any) -> PluginRun:
        self.resumed_from = resume
        return self.runner(
            self.plugin,
            self.config(str(self.tmp_path / "state")),
            state=resume,
            catalog=self.catalog,
            env=self.env,
        )

    def start(self, resume: t.Any) -> t.Any:
        self.resumed_from = resume
        return self.runner.start(
            self.plugin,
            self.config(str(self.tmp_path / "state")),
            state=resume,
            catalog=self.catalog,
            env=self.env,
        )

    def absorb(self, run: PluginRun) -> None:
        """Count the run's kept records; a stream the run re-read in full starts its count again.

        A full-table stream (no bookmark in the STATE the run resumed from) is read whole on
        every run, as Singer's full-table replication does: the re-read replaces what the
        earlier run delivered of it. An incremental stream starts again at its bookmark,
        inclusive (the SDK's rule, so records sharing the last value are not lost): a record
        whose replication key equals the bookmark may come again. Any other record must be
        delivered once.
        """
        bookmarks = (self.resumed_from or {}).get("bookmarks", {})
        for stream, key in list(self.deliveries):
            if not bookmarks.get(stream):
                del self.deliveries[stream, key]
        for stream, key, record in kept_records(run):
            if not (self.deliveries[stream, key] and at_bookmark(bookmarks.get(stream), record)):
                self.deliveries[stream, key] += 1
            self.received.setdefault(stream, {})[key] = self.shown(stream, record)

    def duplicates(self) -> dict[str, int]:
        return {f"{stream} {key}": n for (stream, key), n in self.deliveries.items() if n > 1}

    def contents(self) -> Contents:
        return self.received

    def shown(self, stream: str, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """The part of a record the comparison with the vendor's data covers (all of it)."""
        del stream
        return record

    def expected(self) -> Contents:
        """Every record of the selected streams as the vendor holds it (`held`), by key."""
        return {
            stream: {record_key(keys, record): record for record in records}
            for stream, (keys, records) in self.held().items()
        }

    def held(self) -> dict[str, tuple[list[str], list[dict[str, t.Any]]]]:
        """Per stream, its key properties and the vendor's records in the tap's terms."""
        raise NotImplementedError


def discovered(scenario: TapScenario, *streams: str) -> dict[str, t.Any]:
    """The tap's catalog (discovered before any fault is queued) with `streams` selected."""
    found = scenario.runner(
        scenario.plugin, scenario.config(str(scenario.tmp_path / "discover")), args=("--discover",)
    )
    assert found.returncode == 0, found.stderr
    return selecting(json.loads(found.stdout), *streams)


def at_bookmark(bookmark: dict[str, t.Any] | None, record: dict[str, t.Any]) -> bool:
    """Whether the record's replication key value is its stream's (or a partition's) bookmark."""
    marks = [bookmark or {}, *(bookmark or {}).get("partitions", [])]
    return any(
        mark.get("replication_key")
        and record.get(mark["replication_key"]) == mark.get("replication_key_value")
        for mark in marks
    )


def record_key(keys: list[str], record: dict[str, t.Any]) -> str:
    """A record's identity in its stream: its key properties, or the whole record."""
    return json.dumps([record.get(key) for key in keys] if keys else record, sort_keys=True)


def kept_records(run: PluginRun) -> t.Iterator[tuple[str, str, dict[str, t.Any]]]:
    """The run's records up to its last STATE (stream, key, record), as a target keeps them.

    Records after the last STATE are dropped: a target may not have written them, and the
    re-run starts from that STATE, so a tap that relies on them loses data here. A record
    sent twice within the run (before or after that STATE) fails here.
    """
    states = [i for i, message in enumerate(run.messages) if message["type"] == "STATE"]
    last_state = states[-1] if states else -1
    keys: dict[str, list[str]] = {}
    sent: Counter[tuple[str, str]] = Counter()
    for position, message in enumerate(run.messages):
        if message["type"] == "SCHEMA":
            keys[message["stream"]] = message.get("key_properties") or []
        elif message["type"] == "RECORD":
            stream, key = message["stream"], record_key(keys[message["stream"]], message["record"])
            sent[stream, key] += 1
            if position < last_state:
                yield stream, key, message["record"]
    twice = {f"{stream} {key}": n for (stream, key), n in sent.items() if n > 1}
    assert not twice, f"sent more than once in one run: {twice}"


class TargetScenario(Scenario):
    """A target fed by a tap that emits a STATE every `STATE_EVERY` records."""

    records_count: t.ClassVar[int] = 600

    def rows(self) -> list[dict[str, t.Any]]:
        """The tap's records, in order."""
        raise NotImplementedError

    schema: t.ClassVar[dict[str, t.Any]]

    def config(self) -> dict[str, t.Any]:
        """The target's settings."""
        raise NotImplementedError

    def input_from(self, resume: t.Any) -> str:
        """The tap's output when it resumes from the target's last STATE (None: all of it)."""
        start = 0 if resume is None else resume["bookmarks"]["source"]["position"]
        rows = self.rows()
        self.fed = {self.identity(row) for row in rows[start:]}
        lines: list[dict[str, t.Any]] = [self.schema]
        for position in range(start, len(rows)):
            lines.append(
                {"type": "RECORD", "stream": self.schema["stream"], "record": rows[position]}
            )
            if (position + 1) % STATE_EVERY == 0 or position + 1 == len(rows):
                lines.append(position_state(position + 1))
        return singer_lines(*lines)

    def run(self, resume: t.Any) -> PluginRun:
        return self.runner(self.plugin, self.config(), stdin=self.input_from(resume), env=self.env)

    def start(self, resume: t.Any) -> t.Any:
        return self.runner.start(
            self.plugin, self.config(), stdin=self.input_from(resume), env=self.env
        )

    def held_records(self) -> list[tuple[str, dict[str, t.Any]]]:
        """Every record the vendor holds: its identity and values in the terms of the rows."""
        raise NotImplementedError

    def projection(self) -> Contents:
        """What the vendor holds, by identity."""
        return dict(self.held_records())

    def absorb(self, run: PluginRun) -> None:
        """Take the writes the vendor logged during the run (a killed call's late one too)."""
        del run
        writes = self.writes()
        self.runs.append((self.fed, writes[sum(len(done) for _, done in self.runs) :]))

    def held_twice(self) -> dict[str, int]:
        """Identities the vendor holds more than once."""
        held = Counter(identity for identity, _ in self.held_records())
        return {identity: n for identity, n in held.items() if n > 1}

    def writes(self) -> list[Write]:
        """Every write of a row over the scenario's runs, from the vendor's write log."""
        raise NotImplementedError

    def duplicates(self) -> dict[str, int]:
        """Identities held twice, and rows written again without a resend to excuse it.

        An upsert written twice holds one record, but the second write is a resend, not a
        duplicate, only when the plugin had to send the row again with the same content:
        within a run, after a write of it whose answer was lost (a stall the target gave up
        on, or a kill while the call hung); in a re-run, because the earlier run's last STATE
        did not cover it (the re-run is fed only the rows after that STATE). So per run, each
        row is written at most once plus once per lost answer, only rows the run was fed are
        written, and every write of a row carries the same content.
        """
        twice = self.held_twice()
        first: dict[str, dict[str, t.Any]] = {}
        for number, (fed, writes) in enumerate(self.runs, start=1):
            count = Counter(write.identity for write in writes)
            lost = Counter(write.identity for write in writes if write.answer_lost is not None)
            for write in writes:
                identity = write.identity
                if write.record != first.setdefault(identity, write.record):
                    twice[f"{identity} written with other content in run {number}"] = 2
                elif identity not in fed:
                    twice[f"{identity} written by run {number}, which was not sent it"] = 1
                elif count[identity] > 1 + lost[identity]:
                    reason = f"{identity} written in run {number}, {lost[identity]} answers lost"
                    twice[reason] = count[identity]
        return twice

    def prepare(self) -> None:
        self.held_before = self.projection()
        self.fed: set[str] = set()  # the identities of the rows the current run is sent
        self.runs: list[tuple[set[str], list[Write]]] = []  # per run: fed, and what it wrote

    def contents(self) -> Contents:
        return self.projection()

    def expected(self) -> Contents:
        return {**self.held_before, **{self.identity(row): self.values(row) for row in self.rows()}}

    def identity(self, row: dict[str, t.Any]) -> str:
        """The row's identity at the vendor."""
        raise NotImplementedError

    def values(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """The row's values as the projection shows them."""
        raise NotImplementedError

    def check_not_ahead(self, run: PluginRun) -> None:
        states = run.states()
        if not states:
            return
        written = self.projection()
        upto = states[-1]["bookmarks"]["source"]["position"]
        for row in self.rows()[:upto]:
            assert written.get(self.identity(row)) == self.values(row), (
                f"STATE at {upto} but {self.identity(row)} is not written"
            )


@dataclass(frozen=True)
class Write:
    """One write of a row in the vendor's write log: its identity, content and lost answer."""

    identity: str
    record: dict[str, t.Any]
    answer_lost: str | None


def logged(entries: list[dict[str, t.Any]], key_field: str) -> list[Write]:
    """The write log's entries (Marketo's, 配配メール's, SATORI's) as writes of rows."""
    return [
        Write(str(entry["key"][key_field]), entry["record"], entry["answer_lost"])
        for entry in entries
    ]


def position_state(position: int) -> dict[str, t.Any]:
    """The STATE a tap emits after `position` records."""
    return {"type": "STATE", "value": {"bookmarks": {"source": {"position": position}}}}


class MarketoVendor(Scenario):
    """How faults look at Marketo, for its tap and its target."""

    def fault(self, kind: str) -> dict[str, t.Any]:
        return marketo_fault(kind)

    def queue(self, **fault: t.Any) -> None:
        self.sandbox.marketo.fault(path=self.fault_path, **fault)

    def faults_injected(self) -> int:
        return int(self.sandbox.marketo.counters()["faults_injected"])


class HaihaiVendor(Scenario):
    """How faults look at 配配メール, for its tap and its target.

    A spent quota is the vendor's own per-API daily limit (the plugins' ledgers do not know
    it), lifted by the next day in both clocks.
    """

    configured = frozenset({QUOTA})

    def quota_per_api(self, after: int) -> int:
        """The daily calls per API that let the run reach its call `after` + 1."""
        raise NotImplementedError

    def inject(self, kind: str, after: int) -> None:
        if kind == QUOTA:
            self.sandbox.haihai.configure(daily_quota=self.quota_per_api(after))
        else:
            super().inject(kind, after)

    def fault(self, kind: str) -> dict[str, t.Any]:
        return haihai_fault(kind)

    def lift(self, kind: str) -> None:
        if kind in {QUOTA, RATE_LIMIT}:
            self.sandbox.haihai.configure(daily_quota=None)
            self.env = at(self.sandbox.haihai, next_day(NOW))

    def queue(self, **fault: t.Any) -> None:
        self.sandbox.haihai.fault(path=self.fault_path, **fault)

    def faults_injected(self) -> int:
        return int(self.sandbox.haihai.counters()["faults_injected"])


class MarketoTap(MarketoVendor, TapScenario):
    plugin = "tap-marketo-opportunities"
    name = plugin
    fault_path = "/rest/v1/opportunities"
    calls = 7  # 700 opportunities, 100 a page
    stops: t.ClassVar[dict[str, Stop]] = {
        QUOTA: Stop(EXIT_TRY_LATER, "Marketo's daily API quota is spent")
    }

    streams = ("opportunities", "opportunity_roles")  # the data; not the field list

    def prepare(self) -> None:
        self.sandbox.marketo.seed(opportunities=700, roles_per_opportunity=1)
        ids = self.tmp_path / "ids.txt"
        ids.write_text("\n".join(external_ids(700)) + "\n", encoding="utf-8")
        self.ids_file = str(ids)
        self.catalog = discovered(self, *self.streams)

    def held(self) -> dict[str, tuple[list[str], list[dict[str, t.Any]]]]:
        """Marketo's opportunities and roles of the filter's ids, as the tap emits them."""
        wanted = set(external_ids(700))
        return {
            stream: (
                ["marketoGUID"],
                [
                    r
                    for r in self.sandbox.marketo.records(held)
                    if r["externalOpportunityId"] in wanted
                ],
            )
            for stream, held in zip(self.streams, ("opportunities", "roles"), strict=True)
        }

    def config(self, state_dir: str) -> dict[str, t.Any]:
        return marketo_config(
            self.sandbox.marketo,
            state_dir,
            filter_values_file=self.ids_file,
            batch_size=100,
            request_timeout=REQUEST_TIMEOUT,
        )


def marketo_fault(kind: str) -> dict[str, t.Any]:
    """Marketo's own codes: 606 over the rate, 601 token expired, 607 daily quota spent."""
    codes = {RATE_LIMIT: ("606", 3), TOKEN_EXPIRY: ("601", 1), QUOTA: ("607", 1)}
    if kind in codes:
        code, count = codes[kind]
        return {"kind": "error_code", "code": code, "count": count}
    return dict(TRANSPORT[kind])


class MarketoTarget(MarketoVendor, TargetScenario):
    plugin = "target-marketo-opportunities"
    name = plugin
    fault_path = "/rest/v1/opportunities.json"
    calls = 2  # 600 records, 300 a call
    stops: t.ClassVar[dict[str, Stop]] = {
        QUOTA: Stop(EXIT_TRY_LATER, "Marketo's daily API quota is spent")
    }
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "SCHEMA",
        "stream": "opportunities",
        "key_properties": ["externalOpportunityId"],
        "schema": {
            "properties": {
                "externalOpportunityId": {"type": ["string"]},
                "name": {"type": ["string", "null"]},
                "amount": {"type": ["number", "null"]},
            }
        },
    }

    def rows(self) -> list[dict[str, t.Any]]:
        return [
            {"externalOpportunityId": f"REL-{n:05d}", "name": f"Deal {n}", "amount": 100 + n}
            for n in range(self.records_count)
        ]

    def config(self) -> dict[str, t.Any]:
        return marketo_config(
            self.sandbox.marketo,
            str(self.tmp_path / "state"),
            reject_file=str(self.tmp_path / "rejects.jsonl"),
            request_timeout=REQUEST_TIMEOUT,
        )

    def held_records(self) -> list[tuple[str, dict[str, t.Any]]]:
        return [
            (
                record["externalOpportunityId"],
                {"name": record.get("name"), "amount": record.get("amount")},
            )
            for record in self.sandbox.marketo.records("opportunities")
        ]

    def writes(self) -> list[Write]:
        return logged(self.sandbox.marketo.written("opportunities"), "externalOpportunityId")

    def identity(self, row: dict[str, t.Any]) -> str:
        return row["externalOpportunityId"]

    def values(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        return {"name": row["name"], "amount": row["amount"]}


class KeapVendor(Scenario):
    """How faults look at Keap, for its tap and its target.

    An expired token is Keap's 401 (the runs authenticate with OAuth then, and renew it); a
    rate limit, three 429s with `Retry-After`; a spent quota, the account's daily quota set to
    run out at the chosen call (the plugins' ledgers do not know it), lifted before the re-run.
    """

    stops: t.ClassVar[dict[str, Stop]] = {QUOTA: Stop(EXIT_TRY_LATER, "quota")}
    configured = frozenset({QUOTA})
    calls_before: t.ClassVar[int] = 0  # calls a run makes before its first on `fault_path`

    def __init__(self, sandbox: SandboxClient, runner: PluginRunner, tmp_path: Path) -> None:
        super().__init__(sandbox, runner, tmp_path)
        self.oauth = False

    def connection(self, state_dir: str, **settings: t.Any) -> dict[str, t.Any]:
        """The plugin's settings: the API key, or the OAuth client once a token must expire."""
        connect = oauth_config if self.oauth else key_config
        return connect(self.sandbox.keap, state_dir, **settings)

    def inject(self, kind: str, after: int) -> None:
        if kind == TOKEN_EXPIRY:
            self.oauth = True
            self.queue(kind="error_code", code="401", after=after)
        elif kind == RATE_LIMIT:
            self.queue(kind="error_code", code="429", count=3, seconds=1, after=after)
        elif kind == QUOTA:
            # Today's calls so far are forgotten and the credential has exactly the calls
            # before the path and `after` on it left: call `after` + 1 on it is refused
            # (also the first call, which a limit of `after` = 0 would not do: 0 disables).
            left = self.calls_before + after
            self.sandbox.keap.configure(
                quota_limit=KEAP_TEST_QUOTA, quota_used=KEAP_TEST_QUOTA - left
            )
        else:
            super().inject(kind, after)

    def lift(self, kind: str) -> None:
        if kind == QUOTA:
            self.sandbox.keap.configure(quota_used=0)  # the next day (UTC)

    def queue(self, **fault: t.Any) -> None:
        self.sandbox.keap.fault(path=self.fault_path, **fault)

    def faults_injected(self) -> int:
        return int(self.sandbox.keap.counters()["faults_injected"])


class KeapTap(KeapVendor, TapScenario):
    plugin = KEAP_TAP
    name = "tap-infusionsoft-rest"
    fault_path = "/contacts"
    calls = 5  # 1,200 contacts, 250 a page
    calls_before = 3  # the custom-field models

    def prepare(self) -> None:
        self.sandbox.keap.seed(contacts=1200, default=1)
        self.catalog = discovered(self, "contacts")

    def config(self, state_dir: str) -> dict[str, t.Any]:
        return self.connection(state_dir, page_size=250, request_timeout=REQUEST_TIMEOUT)

    def held(self) -> dict[str, tuple[list[str], list[dict[str, t.Any]]]]:
        """Keap's contacts; their custom fields are left out (see `shown`)."""
        contacts = [
            {name: value for name, value in record.items() if name != "custom_fields"}
            for record in self.sandbox.keap.records("contacts")
        ]
        return {"contacts": (["id"], contacts)}

    def shown(self, stream: str, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """A contact without its custom fields, which the tap names by their labels."""
        del stream
        return {name: value for name, value in record.items() if not name.startswith("custom_")}


class KeapReports(KeapTap):
    """The XML-RPC side: a Data Query report of changed contacts, 1,000 rows a call."""

    name = "tap-infusionsoft-reports"
    fault_path = "xmlrpc"
    calls = 3  # 2,500 rows, 1,000 a page
    report: t.ClassVar[dict[str, t.Any]] = {
        "name": "changed_contacts",
        "report": "data_query",
        "params": {
            "table": "Contact",
            "query": {"LastUpdated": "~>=~LastSuccessfulRun"},
            "fields": ["Id", "FirstName", "LastUpdated"],
        },
    }

    def prepare(self) -> None:
        self.sandbox.keap.xmlrpc.seed(Contact=2500)
        self.catalog = discovered(self, "changed_contacts")

    def config(self, state_dir: str) -> dict[str, t.Any]:
        return {
            **super().config(state_dir),
            "xmlrpc_url": self.sandbox.keap.xmlrpc.url,
            "reports": [self.report],
        }

    def held(self) -> dict[str, tuple[list[str], list[dict[str, t.Any]]]]:
        """Every Contact row (the first run has no last successful run): the report's fields.

        Keap's XML-RPC dates are Eastern time without an offset; the report gives them one.
        """
        rows = [
            {
                "Id": row["Id"],
                "FirstName": row["FirstName"],
                "LastUpdated": datetime.fromisoformat(row["LastUpdated"])
                .replace(tzinfo=KEAP_XMLRPC_ZONE)
                .isoformat(),
            }
            for row in self.sandbox.keap.xmlrpc.rows("Contact")
        ]
        return {"changed_contacts": ([], rows)}


class KeapTarget(KeapVendor, TargetScenario):
    """target-infusionsoft creating notes, one call each.

    A 5xx or a dropped connection breaks the call before Keap runs it, so the note must be
    sent again; a timeout is Keap running the call and answering after the target gave up
    (`KeapControl.lose_answer`), so it must not. Keap has no idempotency key: a create whose
    answer was lost is looked up before it is sent again, and a killed run's unanswered
    create is looked up by the re-run (the write journal in `state_dir`). The rows are told
    apart by their titles: the account must end up with each row once, counted over every run
    of the scenario in Keap's write log, besides the notes it held before.

    Not here: a call held up inside Keap past the timeout and run only after the target's
    look-up found nothing; the target then sends the note again (its README, "No duplicates
    after a failure").
    """

    plugin = "target-infusionsoft"
    name = plugin
    stream = "notes"
    fault_path = "/notes"
    # Calls start 40 ms apart (Keap's spike policy), so a run lasts 6 s: past one STATE.
    records_count = 150
    calls = 150  # one create per note
    prefix = "REL-"
    # Faults that break Keap's answer to a create it has run, not the call.
    lost_after_apply: t.ClassVar[frozenset[str]] = frozenset({TIMEOUT})
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "SCHEMA",
        "stream": "notes",
        "key_properties": [],
        "schema": {
            "properties": {
                "contact_id": {"type": ["integer"]},
                "title": {"type": ["string"]},
                "body": {"type": ["string", "null"]},
            }
        },
    }

    def prepare(self) -> None:
        # 150 calls in 6 s outrun the API key's 240 a minute: pacing by Keap's throttle is
        # the target's own tests' (and the bench's); here a 429 is the injected one.
        self.sandbox.keap.configure(throttle_limit=0)
        super().prepare()

    def inject(self, kind: str, after: int) -> None:
        if kind in self.lost_after_apply:
            fault = self.fault(kind)
            self.sandbox.keap.lose_answer(
                "POST",
                self.fault_path,
                after=after,
                count=fault["count"],
                how=fault["kind"],
                seconds=fault.get("seconds"),
                status=fault.get("status"),
            )
        else:
            super().inject(kind, after)

    def rows(self) -> list[dict[str, t.Any]]:
        return [
            {"contact_id": 3, "title": f"{self.prefix}{n:04d}", "body": f"Called ({n})"}
            for n in range(self.records_count)
        ]

    def config(self) -> dict[str, t.Any]:
        return self.connection(
            str(self.tmp_path / "state"),
            reject_file=str(self.tmp_path / "rejects.jsonl"),
            request_timeout=REQUEST_TIMEOUT,
        )

    def held_records(self) -> list[tuple[str, dict[str, t.Any]]]:
        """Keap's records by identity (their id for what it held before)."""
        held = []
        for record in self.sandbox.keap.records(self.stream):
            identity = self.identity(record)
            key = identity if identity.startswith(self.prefix) else f"held before: {record['id']}"
            held.append((key, self.values(record)))
        return held

    def writes(self) -> list[Write]:
        """The creates in Keap's write log (one entry per call, with its request)."""
        return [
            Write(self.identity(entry["request"]), entry["request"], entry["answer_lost"])
            for entry in self.sandbox.keap.written(self.stream)
            if entry["operation"] == "create"
        ]

    def duplicates(self) -> dict[str, int]:
        """Rows created more than once over the scenario's runs: Keap has no upsert here."""
        created = Counter(write.identity for write in self.writes())
        return {
            **self.held_twice(),
            **{identity: count for identity, count in created.items() if count > 1},
        }

    def identity(self, row: dict[str, t.Any]) -> str:
        """A note's title, in a row, in Keap's write log and in Keap's records alike."""
        return str(row.get("title"))

    def values(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        return {"contact_id": row.get("contact_id"), "body": row.get("body")}


class KeapTargetLostAnswers(KeapTarget):
    """target-infusionsoft creating contacts: Keap applies the create, then its answer is lost.

    A 5xx, a dropped connection or a timeout breaks the answer, not the call
    (`KeapControl.lose_answer`): the contact exists, and only the look-up by email (given and
    family name compared) keeps the target from creating it again.
    """

    lost_after_apply = frozenset({HTTP_5XX, TIMEOUT, DROPPED})

    name = "target-infusionsoft-lost-answers"
    stream = "contacts"
    fault_path = "/contacts"
    calls = 150  # one create per contact
    prefix = "rel"
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "SCHEMA",
        "stream": "contacts",
        "key_properties": [],
        "schema": {
            "properties": {
                "email_addresses": {"type": ["array"]},
                "given_name": {"type": ["string", "null"]},
                "family_name": {"type": ["string", "null"]},
            }
        },
    }

    def rows(self) -> list[dict[str, t.Any]]:
        return [
            {
                "email_addresses": [
                    {"email": f"{self.prefix}{n:04d}@shop.example", "field": "EMAIL1"}
                ],
                "given_name": f"名{n}",
                "family_name": "Reliable",
            }
            for n in range(self.records_count)
        ]

    def config(self) -> dict[str, t.Any]:
        return {**super().config(), "stream_operations": {"contacts": "create"}}

    def identity(self, row: dict[str, t.Any]) -> str:
        """A contact's first address, in a row, in Keap's write log and records alike."""
        addresses = row.get("email_addresses") or [{}]
        return str(addresses[0].get("email"))

    def values(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        return {"given_name": row.get("given_name"), "family_name": row.get("family_name")}


# The English values tap-haihai-mail emits for 配配メール's Japanese ones (its README).
HAIHAI_ENGLISH = {
    "一斉配信": "broadcast",
    "ステップメール": "step_mail",
    "配信停止": "stopped",
    "配信禁止": "forbidden",
}
HAIHAI_ACTIVE = "配信中"  # delivery on: not in the list of unsubscribed customers
JST = ZoneInfo("Asia/Tokyo")  # 配配メール's days, and the tap's default time zone
START_DATE = "2026-11-16"  # the first day of the seed (7 days before NOW)


class HaihaiTap(HaihaiVendor, TapScenario):
    plugin = "tap-haihai-mail"
    name = plugin
    fault_path = "Get"  # every retrieval API (the sandbox matches 配配メール's action)
    calls = 30  # 7 days of 4 date APIs, 3 measurement types, lists and forms: 55 calls
    stops: t.ClassVar[dict[str, Stop]] = {
        RATE_LIMIT: Stop(EXIT_TRY_LATER, "resets at"),
        TOKEN_EXPIRY: Stop(EXIT_FATAL, "token"),
        QUOTA: Stop(EXIT_TRY_LATER, "resets at"),
    }

    def prepare(self) -> None:
        self.env = seeded_at_now(self.sandbox.haihai)

    def config(self, state_dir: str) -> dict[str, t.Any]:
        return connection_config(
            self.sandbox.haihai, state_dir, start_date=START_DATE, request_timeout=REQUEST_TIMEOUT
        )

    def quota_per_api(self, after: int) -> int:
        return max(1, after // 10)  # calls spread over many APIs: a few of each

    def held(self) -> dict[str, tuple[list[str], list[dict[str, t.Any]]]]:
        """The account's events, lists and customers as the tap's streams, day by day.

        Derived from the emulator's control reads (`events`, `lists`, `customers`,
        `fields`), not from the tap: an event belongs to its JST day (a responder to its
        `date`), from `start_date` to the last complete day on the emulator's clock; the
        plugin README gives the columns, the keys and the English values.
        """
        haihai = self.sandbox.haihai
        first = date.fromisoformat(START_DATE)
        last = date.fromisoformat(haihai.clock()["day"]) - timedelta(days=1)

        def day_of(moment: str) -> str | None:
            day = datetime.fromisoformat(moment).astimezone(JST).date()
            return day.isoformat() if first <= day <= last else None

        events, lists = haihai.events(), haihai.lists()
        none = {"additional_columns": {}}
        opens = [
            {
                "date": d,
                "mail_id": str(o["mail_id"]),
                "subject": o["subject"] or None,
                "email": o["mail_address"],
                "opened_at": o["at"],
                **none,
            }
            for o in events["opens"]
            if (d := day_of(o["at"]))
        ]
        clicks = [
            {
                "date": d,
                "mail_id": str(c["mail_id"]),
                "subject": c["subject"] or None,
                "email": c["mail_address"],
                "url": c["url"],
                "clicked_at": c["at"],
                **none,
            }
            for c in events["clicks"]
            if (d := day_of(c["at"]))
        ]
        mails = [
            {
                "date": d,
                "mail_id": str(m["mail_id"]),
                "subject": m["subject"] or None,
                "delivered_at": m["at"],
                "delivery_type": HAIHAI_ENGLISH[m["kind"]],
                "delivered_count": m["count"],
                **none,
            }
            for m in events["mails"]
            if (d := day_of(m["at"]))
        ]
        visits = [
            {"date": v["date"], "email": v["mail_address"], "visit_count": v["count"], **none}
            for v in events["visits"]
            if first <= date.fromisoformat(v["date"]) <= last
        ]
        responders = [
            {
                "measurement_type": r["type"],
                "date": r["date"],
                "mail_id": str(r["mail_id"]),
                "email": r["mail_address"],
                "reacted_at": r["at"],
                **none,
            }
            for r in events["responders"]
            if first <= date.fromisoformat(r["date"]) <= last
        ]
        since = datetime.combine(first, datetime.min.time(), JST)
        unsubscribed = [
            {
                "email": c["mail_address"],
                "status": HAIHAI_ENGLISH[c["status"]],
                "updated_at": c["updated_at"],
                **none,
            }
            for c in haihai.customers()
            if c["status"] != HAIHAI_ACTIVE and datetime.fromisoformat(c["updated_at"]) >= since
        ]
        fields = [
            {
                "field_id": str(f["id"]),
                "field_name": f["name"],
                "field_type": f["type"],
                "required": f["required"],
                **none,
            }
            for f in haihai.fields()
        ]
        kinds = (("group", lists["groups"]), ("step_plan", lists["step_plans"]))
        groups = [
            {"kind": kind, "id": str(item["id"]), "name": item["name"], **none}
            for kind, items in kinds
            for item in items
        ]
        forms = [
            {
                "form_id": str(f["form_id"]),
                "form_name": f["name"],
                "created_at": f["created_at"],
                **none,
            }
            for f in lists["forms"]
        ]
        answers = [
            {
                "form_id": str(f["form_id"]),
                "answer_id": str(a["answer_id"]),
                "email": a["mail_address"],
                "answered_at": a["answered_at"],
                "answers": dict(zip(f["questions"], a["values"], strict=True)),
            }
            for f in lists["forms"]
            for a in f["answers"]
        ]
        return {
            "opens": (["date", "mail_id", "email", "opened_at"], opens),
            "clicks": (["date", "mail_id", "email", "url", "clicked_at"], clicks),
            "mails": (["date", "mail_id"], mails),
            "visits": (["date", "email"], visits),
            "responders": (
                ["measurement_type", "date", "mail_id", "email", "reacted_at"],
                responders,
            ),
            "unsubscribed_customers": (["email"], unsubscribed),
            "database_fields": (["field_id"], fields),
            "groups_and_step_plans": (["kind", "id"], groups),
            "forms": (["form_id"], forms),
            "form_answers": (["form_id", "answer_id"], answers),
            # customer_view_urls: no address is configured, so the stream has no record.
        }


def haihai_fault(kind: str) -> dict[str, t.Any]:
    """配配メール's codes: a 429 means the API's day is spent; a bad token is the user's to fix."""
    codes = {RATE_LIMIT: "RATE_LIMIT_EXCEEDED", TOKEN_EXPIRY: "INVALID_TOKEN"}
    if kind in codes:
        return {"kind": "error_code", "code": codes[kind]}
    return dict(TRANSPORT[kind])


class HaihaiTarget(HaihaiVendor, TargetScenario):
    plugin = "target-haihai-mail"
    name = plugin
    fault_path = "CsvImport"  # the upload and its status polls
    calls = 6  # 6 uploads of 100 rows and their polls
    stops: t.ClassVar[dict[str, Stop]] = {
        RATE_LIMIT: Stop(EXIT_TRY_LATER, "resets at"),
        TOKEN_EXPIRY: Stop(EXIT_FATAL, "token"),
        QUOTA: Stop(EXIT_TRY_LATER, "resets at"),
    }
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "SCHEMA",
        "stream": "contacts",
        "key_properties": ["email"],
        "schema": {
            "properties": {
                "email": {"type": ["string", "null"]},
                "full_name": {"type": ["string", "null"]},
            }
        },
    }

    def prepare(self) -> None:
        self.env = seeded_at_now(self.sandbox.haihai)
        self.sandbox.haihai.configure(pending_polls=1, processing_polls=0)
        super().prepare()

    def rows(self) -> list[dict[str, t.Any]]:
        return [
            {"email": f"rel{n:04d}@example.jp", "full_name": f"顧客 {n}"}
            for n in range(self.records_count)
        ]

    def config(self) -> dict[str, t.Any]:
        return connection_config(
            self.sandbox.haihai,
            str(self.tmp_path / "state"),
            field_map={"email": "メールアドレス", "full_name": "氏名"},
            reject_file=str(self.tmp_path / "rejects.jsonl"),
            poll_interval_seconds=0.01,
            max_rows_per_upload=100,
            request_timeout=REQUEST_TIMEOUT,
        )

    def quota_per_api(self, after: int) -> int:
        return max(1, after)  # an upload and its polls: two APIs

    def held_records(self) -> list[tuple[str, dict[str, t.Any]]]:
        return [
            (customer["mail_address"], {"氏名": customer["fields"].get("氏名")})
            for customer in self.sandbox.haihai.customers()
        ]

    def writes(self) -> list[Write]:
        return logged(self.sandbox.haihai.written(), "mail_address")

    def identity(self, row: dict[str, t.Any]) -> str:
        return row["email"]

    def values(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        return {"氏名": row["full_name"]}


class SatoriTarget(TargetScenario):
    plugin = "target-satori-bridge"
    name = plugin
    fault_path = "bulk_customers"
    calls = 4  # 3 bulk uploads of 200 rows and their status polls
    stops: t.ClassVar[dict[str, Stop]] = {
        TOKEN_EXPIRY: Stop(EXIT_FATAL, "keys"),
        QUOTA: Stop(EXIT_TRY_LATER, "429"),
    }
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "SCHEMA",
        "stream": "contacts",
        "key_properties": ["email"],
        "schema": {
            "properties": {
                "email": {"type": ["string", "null"]},
                "company": {"type": ["string", "null"]},
            }
        },
    }

    def rows(self) -> list[dict[str, t.Any]]:
        return [
            {"email": f"rel{n:04d}@example.jp", "company": f"株式会社{n}"}
            for n in range(self.records_count)
        ]

    def config(self) -> dict[str, t.Any]:
        return satori_config(
            self.sandbox.satori,
            self.tmp_path,
            bulk_threshold=0,
            batch_size_rows=200,
            request_timeout=REQUEST_TIMEOUT,
        )

    def fault(self, kind: str) -> dict[str, t.Any]:
        if kind == RATE_LIMIT:
            return {"kind": "error_code", "code": 429, "count": 3}
        if kind == TOKEN_EXPIRY:
            return {"kind": "error_code", "code": 401}
        if kind == QUOTA:  # SATORI publishes no quota: a 429 that outlasts every retry
            return {"kind": "error_code", "code": 429, "count": SATORI_429_ATTEMPTS}
        return dict(TRANSPORT[kind])

    def queue(self, **fault: t.Any) -> None:
        self.sandbox.satori.fault(path=self.fault_path, **fault)

    def faults_injected(self) -> int:
        return int(self.sandbox.satori.counters()["faults_injected"])

    def held_records(self) -> list[tuple[str, dict[str, t.Any]]]:
        return [
            (customer.get("email"), {"lead_company_name": customer.get("lead_company_name")})
            for customer in self.sandbox.satori.customers()
        ]

    def writes(self) -> list[Write]:
        return logged(self.sandbox.satori.written(), "email")

    def identity(self, row: dict[str, t.Any]) -> str:
        return row["email"]

    def values(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        return {"lead_company_name": row["company"]}


SCENARIOS: dict[str, type[Scenario]] = {
    scenario.name: scenario
    for scenario in (
        MarketoTap,
        MarketoTarget,
        KeapTap,
        KeapReports,
        KeapTarget,
        KeapTargetLostAnswers,
        HaihaiTap,
        HaihaiTarget,
        SatoriTarget,
    )
}


def kill_at_call(scenario: Scenario, after: int, resume: t.Any) -> PluginRun:
    """Start the plugin, hang its call number `after` + 1 in the vendor, kill -9 it there.

    The hung call is answered (and applied) after the kill: the vendor did the work, the
    plugin never heard. The re-run must neither lose nor duplicate anything.
    """
    scenario.queue(kind="timeout", seconds=KILL_STALL, after=after)
    process = scenario.start(resume)
    while scenario.faults_injected() == 0 and process.poll() is None:
        time.sleep(0.01)
    assert scenario.faults_injected() >= 1, "the plugin ended before the call to kill it at"
    process.send_signal(signal.SIGKILL)
    run = scenario.runner.collect(scenario.plugin, process)
    time.sleep(KILL_STALL + 0.5)  # the hung call completes at the vendor
    return run
