"""`make demo` works: real `meltano install` and `meltano run` of both pipelines."""

import json
import subprocess
import sys

import pytest
from about_sections import ROOT


@pytest.mark.meltano
def test_demo_moves_csvs_into_every_vendor_and_every_vendor_out_to_jsonl():
    completed = subprocess.run(
        [sys.executable, str(ROOT / "demo" / "run_demo.py")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    table = completed.stdout[completed.stdout.index("pipeline") :]
    assert "CSV -> Marketo         5        4         1" in table
    assert "Marketo -> JSONL       7        7         0" in table
    (rejected,) = (
        (ROOT / "output" / "rejects-marketo.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert "'name'" in json.loads(rejected)["reason"]
    exported = (
        (ROOT / "output" / "jsonl" / "opportunities.jsonl").read_text(encoding="utf-8").splitlines()
    )
    names = {json.loads(line)["name"] for line in exported}
    assert {"Chairs", "Tokyo HQ renewal", "Opportunity 0"} <= names
    assert "Keap -> JSONL" in table
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
    assert "CSV -> Haihai Mail     6        5         1" in table
    (haihai_reject,) = (
        (ROOT / "output" / "rejects-haihai.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert "not-an-email" in json.loads(haihai_reject)["reason"]
    haihai = ROOT / "output" / "jsonl" / "haihai"
    for stream in ("opens", "clicks", "mails", "responders", "database_fields", "form_answers"):
        assert (haihai / f"{stream}.jsonl").read_text(encoding="utf-8").strip(), stream
    assert "Haihai -> JSONL" in table
    # SATORI: the same CSV upserted (the bad address rejected) and the summary mail received.
    assert "CSV -> SATORI          6        5         1              5" in table
    (satori_reject,) = (
        (ROOT / "output" / "rejects-satori.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert "not-an-email" in json.loads(satori_reject)["reason"]
    assert (
        "notification mail to marketing-ops@example.jp: "
        "[target-satori-bridge] 1 record(s) rejected" in completed.stdout
    )
