"""Every job of meltano.yml that reads a vendor, with real `meltano install` and `meltano run`.

(The other CSV jobs read one file whole; the demo test runs them. csv-contacts-to-keap is here:
tap-spreadsheets passes over a file older than its bookmark, so a new file is what moves.)

The first run moves the vendor's data; between runs the source changes a little; the second
run must move only the change (the bookmarks Meltano kept from the first run). Assertions
read what each vendor's emulator ended up holding and counted, never the plugins' own logs.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from meltano_project import MELTANO_GROUP, MeltanoProject, new_state_suffix

pytestmark = [pytest.mark.meltano, pytest.mark.xdist_group(MELTANO_GROUP)]

STOPPED = "配信停止"
FORBIDDEN = "配信禁止"
STOP_TAG = "配配メール配信停止"
FORBID_TAG = "配配メール配信禁止"
# The Keap sandbox's contact custom fields by id (vendor-sandbox README, "Custom fields").
FAVOURITE_COLOUR, VISITS, LIFETIME_VALUE, RENEWAL_DATE, NEWSLETTER = 10, 11, 12, 13, 14
CSV_FIELDS = (FAVOURITE_COLOUR, VISITS, LIFETIME_VALUE, RENEWAL_DATE, NEWSLETTER)
CSV_HEADER = (
    "email,given_name,family_name,job_title,phone,favourite_colour,visits,lifetime_value,"
    "renewal_date,newsletter\n"
)
# 10:00 in Tokyo: 配配メール's "yesterday" is 2026-11-22 for the tap and the emulator alike.
HAIHAI_NOW = datetime.fromisoformat("2026-11-23T10:00:00+09:00")


@pytest.fixture(scope="module")
def installed(sandbox):
    """`meltano install` once for the module (uv makes a re-install a no-op)."""
    project = MeltanoProject(sandbox, {})
    project("install", timeout=900)
    return sandbox


@pytest.fixture
def project(installed, tmp_path):
    """The project pointed at a clean sandbox, with this test's own output paths."""
    installed.reset()
    installed.mail.clear()
    return MeltanoProject(
        installed,
        {
            "TARGET_JSONL_DESTINATION_PATH": str(tmp_path / "jsonl"),
            "TARGET_HAIHAI_MAIL_CONTACTS_REJECT_FILE": str(tmp_path / "rejects-haihai.jsonl"),
            "TARGET_SATORI_BRIDGE_REACTIONS_REJECT_FILE": str(tmp_path / "rejects-satori.jsonl"),
        },
    )


def test_keap_contacts_to_haihai_registers_stops_and_deletes_then_moves_only_changes(project):
    sandbox = project.sandbox
    state = new_state_suffix()
    project.run_job("keap-contacts-to-haihai", state)

    keap_contacts = sandbox.keap.records("contacts")
    customers = {c["mail_address"]: c for c in sandbox.haihai.customers()}
    with_email = [c for c in keap_contacts if c["email_addresses"]]
    # Three names hold a character cp932 cannot write: rejected, everyone else registered.
    registered = {c["email_addresses"][0]["email"] for c in with_email} & set(customers)
    assert len(registered) == len(with_email) - 3
    opted_out = {c["email_addresses"][0]["email"] for c in with_email if not c["email_opted_in"]}
    stopped = {address for address in registered if customers[address]["status"] == STOPPED}
    assert stopped == opted_out & registered
    first_imports = sandbox.haihai.imports()
    assert Counter(upload["import_type"] for upload in first_imports) == {0: 1, 2: 1}
    stamped = {address: c["updated_at"] for address, c in customers.items()}

    # Between runs: one contact is added, one edited, one deleted in Keap.
    sandbox.keap.create(
        "contacts", 1, {"email_addresses": [{"email": "new@example.jp", "field": "EMAIL1"}]}
    )
    (edited,) = sandbox.keap.touch("contacts", [with_email[1]["id"]])
    gone = next(c for c in with_email if c["email_addresses"][0]["email"] in registered)
    sandbox.keap.delete("contacts", [gone["id"]])

    project.run_job("keap-contacts-to-haihai", state)

    customers = {c["mail_address"]: c for c in sandbox.haihai.customers()}
    changed = {a for a, c in customers.items() if stamped.get(a) != c["updated_at"]}
    # Keap's `since` is inclusive: contacts stamped in the bookmark's own second come again.
    bookmark = max(c["last_updated"] for c in keap_contacts)
    boundary = {
        c["email_addresses"][0]["email"] for c in with_email if c["last_updated"] == bookmark
    }
    assert changed == {"new@example.jp", edited["email_addresses"][0]["email"]} | (
        boundary & registered
    )
    assert gone["email_addresses"][0]["email"] not in customers
    later = sandbox.haihai.imports()[len(first_imports) :]
    deletes = [upload for upload in later if upload["import_type"] == 1]
    assert [upload["counts"]["success"] for upload in deletes] == [1]


def test_haihai_reactions_to_satori_tag_customers_then_move_only_the_new_day(project):
    sandbox = project.sandbox
    sandbox.haihai.set_clock(HAIHAI_NOW.isoformat())
    sandbox.haihai.seed(days=3)
    state = new_state_suffix()
    project.run_job(
        "haihai-reactions-to-satori", state, SINGER_CONNECTORS_NOW=HAIHAI_NOW.isoformat()
    )

    customers = {c["email"]: c for c in sandbox.satori.customers()}
    tags = {email: set(c["tags"]) for email, c in customers.items()}
    assert any("配配メール開封" in t for t in tags.values())
    assert any("配配メールクリック" in t for t in tags.values())
    refused = {email for email, c in customers.items() if c["delivery_permission"] == "拒否"}
    assert len(refused) == 2  # the seed's stopped and forbidden customers
    calls_before = sandbox.satori.counters()["calls"]

    # The next day: one new open, one customer stops delivery.
    tomorrow = HAIHAI_NOW + timedelta(days=1)
    sandbox.haihai.set_clock(tomorrow.isoformat())
    sandbox.haihai.add_events(
        opens=[
            {
                "mail_id": 900,
                "subject": "新着",
                "mail_address": "fresh@example.jp",
                "at": "2026-11-23T20:00:00+09:00",
            }
        ]
    )
    sandbox.haihai.put_customers([{"mail_address": "customer003@example.jp", "status": STOPPED}])
    project.run_job("haihai-reactions-to-satori", state, SINGER_CONNECTORS_NOW=tomorrow.isoformat())

    customers = {c["email"]: c for c in sandbox.satori.customers()}
    assert customers["fresh@example.jp"]["tags"] == ["配配メール開封"]
    assert customers["customer003@example.jp"]["delivery_permission"] == "拒否"
    # The new open, the new stop, and the two rows of the bookmark's own second (Singer
    # bookmarks are inclusive); none of the first day's opens and clicks again.
    assert sandbox.satori.counters()["calls"] - calls_before == 1 + 1 + 2


def test_keap_opportunities_to_marketo_upserts_then_moves_only_changes(project):
    sandbox = project.sandbox
    state = new_state_suffix()
    project.run_job("keap-opportunities-to-marketo", state)

    held = {r["externalOpportunityId"]: r for r in sandbox.marketo.records("opportunities")}
    keap = sandbox.keap.records("opportunities")
    assert set(held) == {f"KEAP-{o['id']}" for o in keap}
    first = keap[0]
    assert held[f"KEAP-{first['id']}"]["name"] == first["opportunity_title"]
    assert held[f"KEAP-{first['id']}"]["stage"] == first["stage"]["name"]
    assert held[f"KEAP-{first['id']}"]["closeDate"] == first["estimated_close_date"][:10]
    syncs_before = sync_calls(sandbox)

    (edited,) = sandbox.keap.touch("opportunities", [keap[2]["id"]])
    (added,) = sandbox.keap.create("opportunities", 1)
    project.run_job("keap-opportunities-to-marketo", state)

    held = {r["externalOpportunityId"]: r for r in sandbox.marketo.records("opportunities")}
    assert len(held) == len(keap) + 1
    assert held[f"KEAP-{edited['id']}"]["name"] == edited["opportunity_title"]
    assert f"KEAP-{added['id']}" in held
    assert sync_calls(sandbox) - syncs_before == 1  # both changes in one call, nothing else


def sync_calls(sandbox) -> int:
    """Marketo opportunity upsert calls so far."""
    by_endpoint = sandbox.marketo.counters()["by_endpoint"]
    return by_endpoint.get("POST /rest/v1/opportunities.json", 0)


def test_marketo_opportunities_to_jsonl_exports_then_only_updates(project, tmp_path):
    sandbox = project.sandbox
    sandbox.marketo.seed(3)
    state = new_state_suffix()
    project.run_job("marketo-opportunities-to-jsonl", state)

    export = tmp_path / "jsonl" / "opportunities.jsonl"
    first = read_jsonl(export)
    assert len(first) == 3
    export.unlink()

    project.run_job("marketo-opportunities-to-jsonl", state)
    latest = max(record["updatedAt"] for record in first)
    # Only the bookmark's own second repeats (Marketo stamps whole seconds; a change later
    # in that second must not be lost); older records are not exported again.
    assert {r["marketoGUID"] for r in read_jsonl(export)} == {
        r["marketoGUID"] for r in first if r["updatedAt"] == latest
    }


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSON-lines file; none when the file was not written."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_keap_to_jsonl_second_run_exports_only_changed_contacts(project, tmp_path):
    sandbox = project.sandbox
    # Two full runs (~140 calls each) within a minute outrun an API key's 240 a minute;
    # the subject here is the bookmark, so the key gets OAuth's allowance instead.
    sandbox.keap.configure(throttle_limit=1_500)
    state = new_state_suffix()
    env = {"TARGET_JSONL_KEAP_DESTINATION_PATH": str(tmp_path / "keap")}
    project.run_job("keap-to-jsonl", state, **env)
    contacts = tmp_path / "keap" / "contacts.jsonl"
    first = read_jsonl(contacts)
    assert len(first) == len(sandbox.keap.records("contacts"))
    contacts.unlink()

    (edited,) = sandbox.keap.touch("contacts", [5])
    project.run_job("keap-to-jsonl", state, **env)
    bookmark = max(c["last_updated"] for c in first)
    # Keap's `since` is inclusive: the bookmark's own second comes again with the edit.
    assert {c["id"] for c in read_jsonl(contacts)} == {edited["id"]} | {
        c["id"] for c in first if c["last_updated"] == bookmark
    }


def test_haihai_to_jsonl_second_run_reads_only_the_new_day(project, tmp_path):
    sandbox = project.sandbox
    sandbox.haihai.set_clock(HAIHAI_NOW.isoformat())
    sandbox.haihai.seed(days=3)
    state = new_state_suffix()
    env = {"TARGET_JSONL_HAIHAI_DESTINATION_PATH": str(tmp_path / "haihai")}
    project.run_job("haihai-to-jsonl", state, SINGER_CONNECTORS_NOW=HAIHAI_NOW.isoformat(), **env)
    opens = tmp_path / "haihai" / "opens.jsonl"
    assert {r["date"] for r in read_jsonl(opens)} == {"2026-11-22"}
    opens.unlink()

    tomorrow = HAIHAI_NOW + timedelta(days=1)
    sandbox.haihai.set_clock(tomorrow.isoformat())
    sandbox.haihai.add_events(
        opens=[
            {
                "mail_id": 901,
                "subject": "新着",
                "mail_address": "customer007@example.jp",
                "at": "2026-11-23T21:00:00+09:00",
            }
        ]
    )
    project.run_job("haihai-to-jsonl", state, SINGER_CONNECTORS_NOW=tomorrow.isoformat(), **env)
    assert [(r["date"], r["mail_id"]) for r in read_jsonl(opens)] == [("2026-11-23", "901")]
    calls = sandbox.haihai.counters()["by_day"]["2026-11-24"]
    assert calls["opens"] == 1  # one call for the one new day


def keap_target_env(tmp_path: Path, loader: str) -> dict[str, str]:
    """A Keap loader's reject file and state_dir of this test's own.

    The write journal in `state_dir` is kept per credential, and each test's sandbox is a new
    Keap account behind the same API key: a journal of another run would name ids this
    account never had.
    """
    prefix = loader.upper().replace("-", "_")
    return {
        f"{prefix}_REJECT_FILE": str(tmp_path / f"rejects-{loader}.jsonl"),
        "TARGET_INFUSIONSOFT_STATE_DIR": str(tmp_path / "keap-state"),
    }


def test_haihai_unsubscribes_to_keap_tag_contacts_then_move_only_new_stops(project, tmp_path):
    sandbox = project.sandbox
    sandbox.haihai.set_clock(HAIHAI_NOW.isoformat())
    sandbox.haihai.seed()
    # Two Keap contacts stop 配配メール, a minute apart; the seed's own stopped and forbidden
    # customers (customer019@ and customer020@example.jp) are no Keap contacts.
    sandbox.haihai.put_customers([{"mail_address": "contact2@example.com", "status": STOPPED}])
    sandbox.haihai.advance_clock(60)
    sandbox.haihai.put_customers([{"mail_address": "contact3@example.com", "status": FORBIDDEN}])
    env = keap_target_env(tmp_path, "target-infusionsoft-unsubscribes")
    state = new_state_suffix()
    project.run_job("haihai-unsubscribes-to-keap", state, **env)

    tags = {tag["name"]: tag["id"] for tag in sandbox.keap.records("tags")}
    applied = {(w["id"], *w["request"]["tagIds"]) for w in sandbox.keap.written("contact_tags")}
    assert applied == {(2, tags[STOP_TAG]), (3, tags[FORBID_TAG])}
    contacts = {c["id"]: c for c in sandbox.keap.records("contacts")}
    assert tags[STOP_TAG] in contacts[2]["tag_ids"]
    assert tags[FORBID_TAG] in contacts[3]["tag_ids"]
    # The addresses Keap lacks are rejected, each named, and the run still succeeded (the
    # job's loader sets fail_on_reject: false).
    rejects = Path(env["TARGET_INFUSIONSOFT_UNSUBSCRIBES_REJECT_FILE"])
    reasons = sorted(
        json.loads(line)["reason"] for line in rejects.read_text(encoding="utf-8").splitlines()
    )
    assert len(reasons) == 2
    assert "Keap has no contact with the email address 'customer019@example.jp'" in reasons[0]
    assert "Keap has no contact with the email address 'customer020@example.jp'" in reasons[1]
    writes_before = len(sandbox.keap.written())

    # An hour later one more Keap contact stops 配配メール.
    sandbox.haihai.advance_clock(3600)
    sandbox.haihai.put_customers([{"mail_address": "contact4@example.com", "status": STOPPED}])
    project.run_job("haihai-unsubscribes-to-keap", state, **env)

    later = sandbox.keap.written()[writes_before:]
    # The new stop, and contact3 again: it changed in the bookmark's own second (Singer
    # bookmarks are inclusive) and Keap answers DUPLICATE. No tag created twice, none of the
    # first run's other rows again, no reject repeated.
    assert [(w["resource"], w["id"], w["tag_statuses"]) for w in later] == [
        ("contact_tags", 3, {str(tags[FORBID_TAG]): "DUPLICATE"}),
        ("contact_tags", 4, {str(tags[STOP_TAG]): "SUCCESS"}),
    ]
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 2


def test_csv_contacts_to_keap_upserts_custom_fields_then_moves_only_a_new_file(project, tmp_path):
    sandbox = project.sandbox
    folder = tmp_path / "contacts"
    folder.mkdir()
    first = folder / "2026-03-01.csv"
    first.write_text(
        CSV_HEADER
        + "contact2@example.com,,,Head of IT,,blue,14,120000,2027-03-31,true\n"
        + "sato.yui@example.jp,結衣,佐藤,,03-1111-2222,green,3,45800.5,2026-12-15,false\n"
        + "kato.ren@example.jp,蓮,加藤,,,,many,,,\n",
        encoding="utf-8",
    )
    # tap-spreadsheets keeps one bookmark, the newest file time it read (whole seconds):
    # the first file is an hour old, so the one written after the first run is newer.
    an_hour_ago = time.time() - 3600
    os.utime(first, (an_hour_ago, an_hour_ago))
    files = [
        {
            "path": str(folder / "*.csv"),
            "format": "csv",
            "table_name": "contacts",
            "primary_keys": ["email"],
        }
    ]
    env = {
        "TAP_SPREADSHEETS_KEAP_CONTACTS_FILES": json.dumps(files),
        "TARGET_INFUSIONSOFT_FAIL_ON_REJECT": "false",
        **keap_target_env(tmp_path, "target-infusionsoft"),
    }
    (seeded,) = (c for c in sandbox.keap.records("contacts") if c["id"] == 2)
    state = new_state_suffix()
    project.run_job("csv-contacts-to-keap", state, **env)

    upserts = {
        w["request"]["email_addresses"][0]["email"]: w for w in sandbox.keap.written("contacts")
    }
    assert {email: w["outcome"] for email, w in upserts.items()} == {
        "contact2@example.com": "updated",
        "sato.yui@example.jp": "created",
    }
    contacts = {c["id"]: c for c in sandbox.keap.records("contacts")}
    updated = contacts[2]
    # Blank cells send nothing: the contact keeps its names and phone.
    assert (updated["given_name"], updated["family_name"]) == (
        seeded["given_name"],
        seeded["family_name"],
    )
    assert updated["phone_numbers"] == seeded["phone_numbers"]
    assert updated["job_title"] == "Head of IT"
    assert custom_values(updated) == {
        FAVOURITE_COLOUR: "blue",
        VISITS: 14,
        LIFETIME_VALUE: 120000.0,
        RENEWAL_DATE: "2027-03-31",
        NEWSLETTER: True,
    }
    created = contacts[upserts["sato.yui@example.jp"]["id"]]
    assert (created["family_name"], created["given_name"]) == ("佐藤", "結衣")
    assert created["phone_numbers"][0]["number"] == "03-1111-2222"
    assert custom_values(created)[LIFETIME_VALUE] == 45800.5
    assert custom_values(created)[NEWSLETTER] is False
    (rejected,) = (
        Path(env["TARGET_INFUSIONSOFT_REJECT_FILE"]).read_text(encoding="utf-8").splitlines()
    )
    assert "'custom_visits'" in json.loads(rejected)["reason"]
    assert "'many'" in json.loads(rejected)["reason"]
    writes_before = len(sandbox.keap.written("contacts"))

    (folder / "2026-03-02.csv").write_text(
        CSV_HEADER
        + "sato.yui@example.jp,,,Sales,,,4,,,\n"
        + "kimura.sota@example.jp,颯太,木村,,,,,,,true\n",
        encoding="utf-8",
    )
    project.run_job("csv-contacts-to-keap", state, **env)

    later = sandbox.keap.written("contacts")[writes_before:]
    assert [(w["request"]["email_addresses"][0]["email"], w["outcome"]) for w in later] == [
        ("sato.yui@example.jp", "updated"),
        ("kimura.sota@example.jp", "created"),
    ]
    changed = sandbox.keap.records("contacts")
    sato = next(c for c in changed if c["id"] == created["id"])
    assert sato["job_title"] == "Sales"
    assert custom_values(sato)[VISITS] == 4
    assert custom_values(sato)[FAVOURITE_COLOUR] == "green"  # a blank cell erases nothing


def custom_values(contact: dict) -> dict[int, object]:
    """A Keap contact's values of the custom fields the CSV carries, by field id."""
    return {
        field["id"]: field["content"]
        for field in contact["custom_fields"]
        if field["id"] in CSV_FIELDS and field["content"] is not None
    }
