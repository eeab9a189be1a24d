"""`make demo` works: real `meltano install` and `meltano run` of every job."""

import json
import subprocess
import sys

import pytest
from about_sections import ROOT
from meltano_project import MELTANO_GROUP


@pytest.mark.meltano
@pytest.mark.xdist_group(MELTANO_GROUP)
def test_demo_runs_every_job_and_sums_each_up():
    completed = subprocess.run(
        [sys.executable, str(ROOT / "demo" / "run_demo.py")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    table = completed.stdout[completed.stdout.index("\njob ") :]
    rows = {line.split()[0]: line.split(maxsplit=4)[1:] for line in table.splitlines()[2:13]}
    assert rows["csv-opportunities-to-marketo"][:3] == ["5", "4", "1"]
    assert rows["csv-opportunities-to-marketo"][3] == "Marketo 2 of 50,000"
    # Keap opportunities become Marketo opportunities through the job's stream map.
    assert rows["keap-opportunities-to-marketo"][:3] == ["10", "10", "0"]
    (rejected,) = (
        (ROOT / "output" / "rejects-marketo.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert "'name'" in json.loads(rejected)["reason"]
    exported = (
        (ROOT / "output" / "jsonl" / "opportunities.jsonl").read_text(encoding="utf-8").splitlines()
    )
    names = {json.loads(line)["name"] for line in exported}
    assert {"Chairs", "Tokyo HQ renewal", "Opportunity 0", "Opportunity 10"} <= names
    keap_origin = [json.loads(line) for line in exported if "KEAP-" in line]
    assert len(keap_origin) == 10
    assert {row["stage"] for row in keap_origin} >= {"New Opportunity", "Qualified"}
    keap = ROOT / "output" / "jsonl" / "keap"
    contacts = (keap / "contacts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(contacts) == 25  # the sandbox's default account
    assert any(key.startswith("custom_") for key in json.loads(contacts[0]))
    assert (keap / "orders.jsonl").exists()
    assert (keap / "order_items.jsonl").exists()
    # Domo's reports over XML-RPC: the Ogden contacts (Data Query) and affiliate commissions.
    ogden = [json.loads(line) for line in (keap / "ogden_contacts.jsonl").read_text().splitlines()]
    assert {row["City"] for row in ogden} == {"Ogden"}
    assert len(ogden) == 5
    assert (keap / "commission_report.jsonl").read_text(encoding="utf-8").strip()
    # 配配メール: the contacts CSV registered (one bad address rejected), then every retrieval API.
    assert rows["csv-contacts-to-haihai"][:3] == ["6", "5", "1"]
    # Keap contacts: 25 read; 22 registered, 6 of the 7 opted-out stopped (one of them was
    # refused at registration: a name cp932 cannot write), 3 names rejected plus that stop.
    assert rows["keap-contacts-to-haihai"][:3] == ["25", "28", "4"]
    assert "Keap " in rows["keap-contacts-to-haihai"][3]
    assert "Haihai Mail csv_import 2 of 240" in rows["keap-contacts-to-haihai"][3]
    (haihai_reject,) = (
        (ROOT / "output" / "rejects-haihai.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert "not-an-email" in json.loads(haihai_reject)["reason"]
    haihai = ROOT / "output" / "jsonl" / "haihai"
    for stream in ("opens", "clicks", "mails", "responders", "database_fields", "form_answers"):
        assert (haihai / f"{stream}.jsonl").read_text(encoding="utf-8").strip(), stream
    assert "unsubscribed_customers 1 of 240" in rows["haihai-to-jsonl"][3]
    # 配配メール reactions: opens and clicks become SATORI tags, unsubscribes refuse delivery.
    assert rows["haihai-reactions-to-satori"][:3] == ["18", "18", "0"]
    assert rows["haihai-reactions-to-satori"][3].endswith("SATORI 18 (no daily quota)")
    # SATORI: the same CSV upserted (the bad address rejected) and the summary mail received.
    assert rows["csv-contacts-to-satori"] == ["6", "5", "1", "SATORI 5 (no daily quota)"]
    (satori_reject,) = (
        (ROOT / "output" / "rejects-satori.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert "not-an-email" in json.loads(satori_reject)["reason"]
    assert (
        "notification mail to marketing-ops@example.jp: "
        "[target-satori-bridge] 1 record(s) rejected" in completed.stdout
    )
    # Keap writes: the contacts CSV upserted with its custom fields (one impossible date
    # rejected), then each stopped or forbidden 配配メール customer tagged on the Keap contact
    # holding the address: the 6 opted-out contacts keap-contacts-to-haihai stopped and the
    # 2 customers the CSV brought in. Keap calls: the contacts model once and 5 upserts; 2 tag
    # look-ups, 2 tags created, 8 contact look-ups and 8 tags applied.
    assert rows["csv-contacts-to-keap"] == ["6", "5", "1", "Keap 6 of 30,000"]
    (keap_reject,) = (
        (ROOT / "output" / "rejects-keap.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert "'custom_renewal_date'" in json.loads(keap_reject)["reason"]
    assert rows["haihai-unsubscribes-to-keap"] == [
        "8",
        "8",
        "0",
        "Keap 20 of 30,000; Haihai Mail unsubscribed_customers 1 of 240",
    ]
