"""Our plugins piped with software nobody here wrote: Singer peers from PyPI, a real PostgreSQL.

Every pipe is a bash pipe of real processes (`set -o pipefail; tap | target`), as a person
would type it. Assertions read what the far end holds: the emulators' control dumps, the files
target-jsonl and target-csv wrote, the rows in PostgreSQL; never what a plugin says it did.
"""

from __future__ import annotations

import csv
import json
import os
import shlex
import subprocess
import typing as t
from dataclasses import dataclass

import openpyxl
import psycopg
import pytest
from peers import peer_executable
from psycopg import sql

from vendor_sandbox.testing.haihai import NOW, at, next_day, seeded_at_now
from vendor_sandbox.testing.haihai import connection_config as haihai_connection
from vendor_sandbox.testing.keap import key_config
from vendor_sandbox.testing.marketo import connection_config as marketo_connection
from vendor_sandbox.testing.marketo import external_ids
from vendor_sandbox.testing.runner import BIN, FAST_RETRIES, selecting
from vendor_sandbox.testing.satori import by_email
from vendor_sandbox.testing.satori import target_config as satori_target_config

if t.TYPE_CHECKING:
    from pathlib import Path

    from vendor_sandbox import SandboxClient
    from vendor_sandbox.testing.runner import PluginRunner

pytestmark = pytest.mark.peers

OPENED_TAG = "配配メール開封"
# tap-spreadsheets reads CSV in the locale's encoding; pin one that holds Japanese.
UTF8_LOCALE = {"LC_ALL": "C.UTF-8"}


def write_json(path: Path, value: t.Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def plugin(executable: Path, config: Path, *args: str) -> str:
    """A plugin's command line, quoted for the shell."""
    return shlex.join([str(executable), "--config", str(config), *args])


def shell_pipe(
    *commands: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`a | b | …` run by bash with pipefail, so a failing tap fails the pipe as well."""
    return subprocess.run(
        "set -o pipefail; " + " | ".join(commands),
        shell=True,
        executable="/bin/bash",
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, **FAST_RETRIES, **(env or {})},
    )


def catalog_of(
    run_plugin: PluginRunner, tap: str, config: dict[str, t.Any], path: Path, *streams: str
) -> Path:
    """The tap's discovered catalog with only `streams` selected, written to `path`."""
    discovered = run_plugin(tap, config, args=("--discover",))
    assert discovered.returncode == 0, discovered.stderr
    return write_json(path, selecting(json.loads(discovered.stdout), *streams))


# --- a. our plugins piped into each other, reshaped by SDK stream maps ---------------------


def test_haihai_opens_become_satori_tags_in_a_shell_pipe(haihai, satori, run_plugin, tmp_path):
    seeded_at_now(haihai)
    env = at(haihai, next_day(NOW, 3))  # yesterday is 2026-11-25, after the seeded week
    opens = [
        ("customer001@example.jp", "2026-11-24T09:00:00+09:00"),
        ("customer001@example.jp", "2026-11-25T18:30:00+09:00"),
        ("customer002@example.jp", "2026-11-24T12:00:00+09:00"),
        ("customer003@example.jp", "2026-11-25T08:15:00+09:00"),
    ]
    haihai.add_events(
        opens=[
            {"mail_id": 900, "subject": "新製品のご案内", "mail_address": address, "at": moment}
            for address, moment in opens
        ]
    )
    tap_config = haihai_connection(
        haihai,
        str(tmp_path / "state"),
        start_date="2026-11-24",
        stream_maps={
            "opens": {
                "email": "email",
                "reaction_tag": f"'{OPENED_TAG}'",
                "__key_properties__": ["email"],
                "__else__": None,
            }
        },
    )
    catalog = catalog_of(
        run_plugin, "tap-haihai-mail", tap_config, tmp_path / "opens.json", "opens"
    )
    target_config = satori_target_config(satori, tmp_path, append_tags={"property": "reaction_tag"})

    completed = shell_pipe(
        plugin(
            BIN / "tap-haihai-mail",
            write_json(tmp_path / "haihai.json", tap_config),
            "--catalog",
            str(catalog),
        ),
        plugin(BIN / "target-satori-bridge", write_json(tmp_path / "satori.json", target_config)),
        cwd=tmp_path,
        env=env,
    )

    assert completed.returncode == 0, completed.stderr
    held = by_email(satori)
    assert set(held) == {address for address, _ in opens}
    assert all(customer["tags"] == [OPENED_TAG] for customer in held.values())
    assert not (tmp_path / "rejects.jsonl").exists()


KEAP_TO_MARKETO = {
    "opportunities": {
        "externalOpportunityId": "str(id)",
        "name": "opportunity_title",
        "amount": "float(projected_revenue_high)",
        "stage": "stage['name']",
        "probability": "int(stage['details']['probability'])",
        "closeDate": "estimated_close_date[:10]",
        "isWon": "bool(stage['name'] == 'Won')",
        "__key_properties__": ["externalOpportunityId"],
        "__else__": None,
    }
}


def test_keap_opportunities_land_in_marketo_in_a_shell_pipe(keap, marketo, run_plugin, tmp_path):
    keap.seed(opportunities=12, default=1)
    state_dir = str(tmp_path / "state")
    tap_config = key_config(keap, state_dir, stream_maps=KEAP_TO_MARKETO)
    catalog = catalog_of(
        run_plugin, "tap-infusionsoft", tap_config, tmp_path / "catalog.json", "opportunities"
    )
    target_config = marketo_connection(
        marketo, state_dir, reject_file=str(tmp_path / "rejects.jsonl")
    )

    completed = shell_pipe(
        plugin(
            BIN / "tap-infusionsoft",
            write_json(tmp_path / "keap.json", tap_config),
            "--catalog",
            str(catalog),
        ),
        plugin(
            BIN / "target-marketo-opportunities",
            write_json(tmp_path / "marketo.json", target_config),
        ),
        cwd=tmp_path,
    )

    assert completed.returncode == 0, completed.stderr
    source = {str(opportunity["id"]): opportunity for opportunity in keap.records("opportunities")}
    held = {record["externalOpportunityId"]: record for record in marketo.records()}
    assert len(source) == 12
    assert set(held) == set(source)
    for key, opportunity in source.items():
        stage = opportunity["stage"]
        assert held[key]["name"] == opportunity["opportunity_title"]
        assert held[key]["amount"] == opportunity["projected_revenue_high"]
        assert held[key]["stage"] == stage["name"]
        assert held[key]["probability"] == stage["details"]["probability"]
        assert held[key]["closeDate"] == opportunity["estimated_close_date"][:10]
        assert held[key]["isWon"] is (stage["name"] == "Won")
    assert {record["isWon"] for record in held.values()} == {True, False}
    assert not (tmp_path / "rejects.jsonl").exists()


# --- b. our taps into the real target-jsonl, target-csv and target-postgres -----------------


@dataclass
class OurTap:
    """A tap of ours, ready to run against a prepared sandbox.

    Attributes:
        name: The tap's executable.
        command: Its command line (config and catalog written to the test's directory).
        env: What its process needs beyond the usual environment.
        expected: Records per stream that the vendor holds, so the tap must emit them.
    """

    name: str
    command: str
    env: dict[str, str]
    expected: dict[str, int]


def marketo_tap(sandbox: SandboxClient, run_plugin: PluginRunner, tmp_path: Path) -> OurTap:
    sandbox.marketo.seed(opportunities=20, roles_per_opportunity=2)
    config = marketo_connection(
        sandbox.marketo, str(tmp_path / "state"), filter_values=external_ids(20)
    )
    return our_tap_for(
        "tap-marketo-opportunities",
        config,
        run_plugin,
        tmp_path,
        {"opportunities": 20, "opportunity_roles": 40},
    )


def keap_tap(sandbox: SandboxClient, run_plugin: PluginRunner, tmp_path: Path) -> OurTap:
    sandbox.keap.seed(contacts=25, opportunities=10, default=1)
    return our_tap_for(
        "tap-infusionsoft",
        key_config(sandbox.keap, str(tmp_path / "state")),
        run_plugin,
        tmp_path,
        {
            "contacts": len(sandbox.keap.records("contacts")),
            "opportunities": len(sandbox.keap.records("opportunities")),
        },
    )


def haihai_tap(sandbox: SandboxClient, run_plugin: PluginRunner, tmp_path: Path) -> OurTap:
    env = seeded_at_now(sandbox.haihai)
    config = haihai_connection(sandbox.haihai, str(tmp_path / "state"), start_date="2026-11-20")
    # The seed: six opens and two mails a day (three days read), two unsubscribed customers.
    expected = {"opens": 18, "mails": 6, "unsubscribed_customers": 2}
    return our_tap_for("tap-haihai-mail", config, run_plugin, tmp_path, expected, env)


def our_tap_for(
    name: str,
    config: dict[str, t.Any],
    run_plugin: PluginRunner,
    tmp_path: Path,
    expected: dict[str, int],
    env: dict[str, str] | None = None,
) -> OurTap:
    """The tap with a catalog selecting exactly the streams of `expected`."""
    catalog = catalog_of(run_plugin, name, config, tmp_path / "catalog.json", *expected)
    command = plugin(
        BIN / name, write_json(tmp_path / "tap.json", config), "--catalog", str(catalog)
    )
    return OurTap(name, command, env or {}, expected)


OUR_TAPS = {"marketo": marketo_tap, "keap": keap_tap, "haihai": haihai_tap}


@pytest.fixture(params=sorted(OUR_TAPS))
def our_tap(request, sandbox, run_plugin, tmp_path) -> OurTap:
    sandbox.reset()
    return OUR_TAPS[request.param](sandbox, run_plugin, tmp_path)


@dataclass
class Emitted:
    """What a tap wrote to stdout: records and key properties per stream."""

    records: dict[str, list[dict[str, t.Any]]]
    keys: dict[str, list[str]]

    def counts(self) -> dict[str, int]:
        return {stream: len(records) for stream, records in self.records.items()}

    def key_values(self, stream: str) -> list[str]:
        """The first key property of every record, as text, sorted."""
        key = self.keys[stream][0]
        return sorted(str(record[key]) for record in self.records[stream])


def tee_into_target(our_tap: OurTap, target: str, tmp_path: Path) -> Emitted:
    """`tap | tee tap.singer | target`; what the tap emitted, read from the tee'd copy."""
    singer = tmp_path / "tap.singer"
    completed = shell_pipe(
        our_tap.command, shlex.join(["tee", str(singer)]), target, cwd=tmp_path, env=our_tap.env
    )
    assert completed.returncode == 0, completed.stderr
    records: dict[str, list[dict[str, t.Any]]] = {}
    keys: dict[str, list[str]] = {}
    for line in singer.read_text(encoding="utf-8").splitlines():
        message = json.loads(line)
        if message["type"] == "SCHEMA":
            keys[message["stream"]] = message["key_properties"]
        elif message["type"] == "RECORD":
            records.setdefault(message["stream"], []).append(message["record"])
    emitted = Emitted(records, keys)
    assert emitted.counts() == our_tap.expected
    return emitted


@pytest.mark.xdist_group("target-jsonl")
def test_our_taps_into_target_jsonl(our_tap, tmp_path):
    out = tmp_path / "jsonl"
    config = write_json(
        tmp_path / "target-jsonl.json", {"destination_path": str(out), "do_timestamp_file": False}
    )
    emitted = tee_into_target(our_tap, plugin(peer_executable("target-jsonl"), config), tmp_path)
    for stream, records in emitted.records.items():
        lines = (out / f"{stream}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == records, stream


@pytest.mark.xdist_group("target-csv")
def test_our_taps_into_target_csv(our_tap, tmp_path):
    out = tmp_path / "csv"
    config = write_json(tmp_path / "target-csv.json", {"output_path": str(out)})
    emitted = tee_into_target(our_tap, plugin(peer_executable("target-csv"), config), tmp_path)
    for stream, records in emitted.records.items():
        with (out / f"{stream}.csv").open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        assert len(rows) == len(records), stream
        key = emitted.keys[stream][0]
        assert sorted(row[key] for row in rows) == emitted.key_values(stream), stream


@pytest.mark.xdist_group("target-postgres")
def test_our_taps_into_target_postgres(our_tap, postgres_uri, tmp_path):
    schema = our_tap.name.replace("-", "_")
    # The target's docs recommend the psycopg 3 driver for SQLAlchemy.
    config = {
        "sqlalchemy_url": postgres_uri.replace("postgresql://", "postgresql+psycopg://", 1),
        "default_target_schema": schema,
    }
    target = plugin(
        peer_executable("target-postgres"), write_json(tmp_path / "target-postgres.json", config)
    )
    emitted = tee_into_target(our_tap, target, tmp_path)
    with psycopg.connect(postgres_uri) as connection:
        for stream in emitted.records:
            key = emitted.keys[stream][0]
            landed = connection.execute(
                sql.SQL("SELECT {} FROM {}").format(
                    sql.Identifier(key), sql.Identifier(schema, stream)
                )
            ).fetchall()
            assert sorted(str(value) for (value,) in landed) == emitted.key_values(stream), stream


# --- c. the real tap-spreadsheets and tap-jsonl feeding our targets -------------------------

DEALS = [
    {
        "deal_id": 101,
        "deal_name": "年間保守契約",
        "deal_amount": 1500,
        "close_on": "2026-12-01",
        "mail": "sato@example.jp",
        "surname": "佐藤",
        "organisation": "株式会社サンプル",
    },
    {
        "deal_id": 102,
        "deal_name": "導入支援",
        "deal_amount": 980,
        "close_on": "2027-01-15",
        "mail": "suzuki@example.jp",
        "surname": "鈴木",
        "organisation": "有限会社テスト",
    },
    {
        "deal_id": 103,
        "deal_name": "追加ライセンス",
        "deal_amount": 12000,
        "close_on": "2027-02-28",
        "mail": "takahashi@example.jp",
        "surname": "高橋",
        "organisation": "合同会社見本",
    },
]
# Every source names its stream `deals` and keys it by `deal_id`.
SOURCE_FILE = {"table_name": "deals", "primary_keys": ["deal_id"]}


def spreadsheet_csv(tmp_path: Path) -> str:
    path = tmp_path / "deals.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(DEALS[0]))
        writer.writeheader()
        writer.writerows(DEALS)
    config = {"files": [{"path": str(path), "format": "csv", **SOURCE_FILE}]}
    return plugin(peer_executable("tap-spreadsheets"), write_json(tmp_path / "sheets.json", config))


def spreadsheet_xlsx(tmp_path: Path) -> str:
    path = tmp_path / "deals.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Deals"
    sheet.append(list(DEALS[0]))
    for deal in DEALS:
        sheet.append(list(deal.values()))
    workbook.save(path)
    config = {
        "files": [{"path": str(path), "format": "excel", "worksheet": "Deals", **SOURCE_FILE}]
    }
    return plugin(peer_executable("tap-spreadsheets"), write_json(tmp_path / "sheets.json", config))


def jsonl_file(tmp_path: Path) -> str:
    path = tmp_path / "deals.jsonl"
    path.write_text(
        "".join(json.dumps(deal, ensure_ascii=False) + "\n" for deal in DEALS), encoding="utf-8"
    )
    config = {"path": str(path), "stream_name": "deals", "primary_keys": ["deal_id"]}
    return plugin(peer_executable("tap-jsonl"), write_json(tmp_path / "jsonl.json", config))


SOURCES = {
    "csv": spreadsheet_csv,
    "xlsx": spreadsheet_xlsx,
    "jsonl": jsonl_file,
}


def renamed(**properties: str) -> dict[str, t.Any]:
    """A stream map for `deals` keeping only `properties`, keyed by the first of them."""
    return {
        "deals": {**properties, "__key_properties__": [next(iter(properties))], "__else__": None}
    }


def marketo_settings(sandbox: SandboxClient, tmp_path: Path) -> tuple[dict, dict]:
    maps = renamed(
        externalOpportunityId="'DEAL-' + str(deal_id)",
        name="deal_name",
        amount="float(deal_amount)",
        closeDate="close_on",
    )
    maps["deals"]["__alias__"] = "opportunities"  # the target writes only its own stream names
    config = marketo_connection(
        sandbox.marketo,
        str(tmp_path / "state"),
        reject_file=str(tmp_path / "rejects.jsonl"),
        stream_maps=maps,
    )
    return config, {}


def assert_marketo_holds_deals(sandbox: SandboxClient) -> None:
    held = {record["externalOpportunityId"]: record for record in sandbox.marketo.records()}
    assert set(held) == {f"DEAL-{deal['deal_id']}" for deal in DEALS}
    for deal in DEALS:
        record = held[f"DEAL-{deal['deal_id']}"]
        assert record["name"] == deal["deal_name"]
        assert record["amount"] == deal["deal_amount"]
        assert record["closeDate"] == deal["close_on"]


def haihai_settings(sandbox: SandboxClient, tmp_path: Path) -> tuple[dict, dict]:
    env = seeded_at_now(sandbox.haihai)
    # Properties named like the account's fields need no field_map.
    maps = renamed(メールアドレス="mail", 氏名="surname", 会社名="organisation")
    config = haihai_connection(
        sandbox.haihai,
        str(tmp_path / "state"),
        reject_file=str(tmp_path / "rejects.jsonl"),
        poll_interval_seconds=0.05,
        stream_maps=maps,
    )
    return config, env


def assert_haihai_holds_deals(sandbox: SandboxClient) -> None:
    held = {customer["mail_address"]: customer for customer in sandbox.haihai.customers()}
    for deal in DEALS:
        assert held[deal["mail"]]["fields"]["氏名"] == deal["surname"]
        assert held[deal["mail"]]["fields"]["会社名"] == deal["organisation"]
    [upload] = sandbox.haihai.imports()
    assert upload["rows"] == len(DEALS)
    assert sorted(upload["header"]) == sorted(["メールアドレス", "氏名", "会社名"])


def satori_settings(sandbox: SandboxClient, tmp_path: Path) -> tuple[dict, dict]:
    maps = renamed(email="mail", family_name="surname", company="organisation")
    return satori_target_config(sandbox.satori, tmp_path, stream_maps=maps), {}


def assert_satori_holds_deals(sandbox: SandboxClient) -> None:
    held = by_email(sandbox.satori)
    assert set(held) == {deal["mail"] for deal in DEALS}
    for deal in DEALS:
        assert held[deal["mail"]]["last_name"] == deal["surname"]
        assert held[deal["mail"]]["lead_company_name"] == deal["organisation"]


OUR_TARGETS = {
    "target-marketo-opportunities": (marketo_settings, assert_marketo_holds_deals),
    "target-haihai-mail": (haihai_settings, assert_haihai_holds_deals),
    "target-satori-bridge": (satori_settings, assert_satori_holds_deals),
}


@pytest.mark.parametrize("target", sorted(OUR_TARGETS))
@pytest.mark.parametrize(
    "source",
    [
        pytest.param("csv", marks=pytest.mark.xdist_group("tap-spreadsheets")),
        pytest.param("xlsx", marks=pytest.mark.xdist_group("tap-spreadsheets")),
        pytest.param("jsonl", marks=pytest.mark.xdist_group("tap-jsonl")),
    ],
)
def test_peer_taps_feed_our_targets(source, target, sandbox, tmp_path):
    sandbox.reset()
    settings, assert_holds_deals = OUR_TARGETS[target]
    config, env = settings(sandbox, tmp_path)
    completed = shell_pipe(
        SOURCES[source](tmp_path),
        plugin(BIN / target, write_json(tmp_path / "target.json", config)),
        cwd=tmp_path,
        env={**UTF8_LOCALE, **env},
    )
    assert completed.returncode == 0, completed.stderr
    assert_holds_deals(sandbox)
    assert not (tmp_path / "rejects.jsonl").exists()
