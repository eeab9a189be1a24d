"""`make demo`: run the project's pipelines with Meltano against the local vendor sandbox.

Starts `vendor-sandbox serve` on a free loopback port, installs the Meltano plugins, runs
  1. meltano run tap-spreadsheets target-marketo-opportunities   (a CSV into Marketo)
  2. meltano run tap-marketo-opportunities target-jsonl          (Marketo out to JSON lines)
  3. meltano run tap-infusionsoft target-jsonl-keap              (every Keap resource and two
                                                                 XML-RPC reports out)
  4. meltano run tap-spreadsheets-contacts target-haihai-mail    (a CSV registered in 配配メール)
  5. meltano run tap-haihai-mail target-jsonl-haihai             (every 配配メール retrieval API)
  6. meltano run tap-spreadsheets-contacts target-satori-bridge  (the CSV upserted in SATORI; the
                                                                 run's summary mail goes to the
                                                                 sandbox's SMTP sink)
and prints what moved: records read, written, rejected and the API calls each run used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUTPUT = ROOT / "output"
KEAP_JSONL = OUTPUT / "jsonl" / "keap"
HAIHAI_JSONL = OUTPUT / "jsonl" / "haihai"
SEEDED_OPPORTUNITIES = 3


def start_sandbox() -> tuple[subprocess.Popen[str], str, str]:
    """Start the sandbox on free ports; return the process, its base URL and its SMTP port."""
    process = subprocess.Popen(
        [
            str(BIN / "vendor-sandbox"),
            "serve",
            "--port",
            "0",
            "--seed-opportunities",
            str(SEEDED_OPPORTUNITIES),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    smtp_port = ""
    for line in process.stdout:
        name, _, url = line.strip().partition(" ")
        if name == "smtp":
            smtp_port = url.rpartition(":")[2]
        if name == "control":
            return process, url.removesuffix("/_sandbox"), smtp_port
    raise SystemExit("vendor-sandbox did not start")


def counters(base_url: str, vendor: str = "marketo") -> dict:
    """A vendor emulator's call counters."""
    with urllib.request.urlopen(f"{base_url}/_sandbox/{vendor}/counters") as response:
        return json.load(response)


def meltano(*args: str, env: dict[str, str]) -> None:
    """Run a meltano command in the project, failing the demo if it fails."""
    print(f"\n$ meltano {' '.join(args)}", flush=True)
    subprocess.run([str(BIN / "meltano"), *args], cwd=ROOT, env=env, check=True)


def held_opportunities(base_url: str) -> int:
    """How many opportunities the Marketo emulator holds."""
    url = f"{base_url}/_sandbox/marketo/records/opportunities?limit=0"
    with urllib.request.urlopen(url) as response:
        return int(json.load(response)["total"])


def haihai_registered(base_url: str) -> int:
    """Rows 配配メール applied (成功) over every import of the emulator."""
    with urllib.request.urlopen(f"{base_url}/_sandbox/haihai/imports") as response:
        return sum(int(upload["counts"]["success"]) for upload in json.load(response)["imports"])


def control(base_url: str, path: str) -> dict:
    """A control endpoint's JSON answer."""
    with urllib.request.urlopen(f"{base_url}/_sandbox/{path}") as response:
        return json.load(response)


def count_lines(path: Path) -> int:
    """Lines in a file (0 when it does not exist)."""
    return sum(1 for _ in path.open(encoding="utf-8")) if path.exists() else 0


def main() -> None:
    """Run the demo pipelines and print the summary table."""
    OUTPUT.mkdir(exist_ok=True)
    rejects = OUTPUT / "rejects-marketo.jsonl"
    haihai_rejects = OUTPUT / "rejects-haihai.jsonl"
    satori_rejects = OUTPUT / "rejects-satori.jsonl"
    jsonl = OUTPUT / "jsonl" / "opportunities.jsonl"
    stale_files = (*KEAP_JSONL.glob("*.jsonl"), *HAIHAI_JSONL.glob("*.jsonl"))
    for stale in (rejects, haihai_rejects, satori_rejects, jsonl, *stale_files):
        stale.unlink(missing_ok=True)
    process, base_url, smtp_port = start_sandbox()
    env = {
        **os.environ,
        "SANDBOX_URL": base_url,
        "SANDBOX_SMTP_PORT": smtp_port,
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        # The demo CSV holds one bad row on purpose: show the reject, keep the demo green.
        "TARGET_MARKETO_OPPORTUNITIES_FAIL_ON_REJECT": "false",
    }
    try:
        print(f"vendor sandbox at {base_url} ({SEEDED_OPPORTUNITIES} opportunities seeded)")
        meltano("install", env=env)
        rows = []
        before, held_before = counters(base_url)["calls"], held_opportunities(base_url)
        meltano(
            "run", "--full-refresh", "tap-spreadsheets", "target-marketo-opportunities", env=env
        )
        after = counters(base_url)["calls"]
        csv_rows = count_lines(ROOT / "demo" / "opportunities.csv") - 1
        rejected = count_lines(rejects)
        written = held_opportunities(base_url) - held_before  # measured in the emulator
        rows.append(("CSV -> Marketo", csv_rows, written, rejected, after - before))
        meltano("run", "--full-refresh", "tap-marketo-opportunities", "target-jsonl", env=env)
        exported = count_lines(jsonl)
        rows.append(
            ("Marketo -> JSONL", exported, exported, 0, counters(base_url)["calls"] - after)
        )
        meltano("run", "--full-refresh", "tap-infusionsoft", "target-jsonl-keap", env=env)
        keap_records = sum(count_lines(path) for path in KEAP_JSONL.glob("*.jsonl"))
        rows.append(
            ("Keap -> JSONL", keap_records, keap_records, 0, counters(base_url, "keap")["calls"])
        )
        meltano("run", "--full-refresh", "tap-spreadsheets-contacts", "target-haihai-mail", env=env)
        haihai_calls = counters(base_url, "haihai")["succeeded"]
        contacts = count_lines(ROOT / "demo" / "haihai-contacts.csv") - 1
        rows.append(
            (
                "CSV -> Haihai Mail",
                contacts,
                haihai_registered(base_url),
                count_lines(haihai_rejects),
                haihai_calls,
            )
        )
        meltano("run", "--full-refresh", "tap-haihai-mail", "target-jsonl-haihai", env=env)
        haihai_records = sum(count_lines(path) for path in HAIHAI_JSONL.glob("*.jsonl"))
        haihai_read_calls = counters(base_url, "haihai")["succeeded"] - haihai_calls
        rows.append(("Haihai -> JSONL", haihai_records, haihai_records, 0, haihai_read_calls))
        meltano(
            "run", "--full-refresh", "tap-spreadsheets-contacts", "target-satori-bridge", env=env
        )
        upserted = len(control(base_url, "satori/customers")["customers"])
        satori_calls = counters(base_url, "satori")["calls"]
        rows.append(
            ("CSV -> SATORI", contacts, upserted, count_lines(satori_rejects), satori_calls)
        )
        mails = control(base_url, "mail/messages")["messages"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    print("\npipeline            read  written  rejected  vendor calls")
    for name, read, written, rejected_count, calls in rows:
        print(f"{name:<18} {read:>5} {written:>8} {rejected_count:>9} {calls:>14}")
    rejected_files = (rejects, haihai_rejects, satori_rejects)
    print(f"\nrejected records: {', '.join(str(f.relative_to(ROOT)) for f in rejected_files)}")
    for mail in mails:
        print(f"notification mail to {', '.join(mail['recipients'])}: {mail['subject']}")
    print(
        f"exported records: {jsonl.relative_to(ROOT)}, {KEAP_JSONL.relative_to(ROOT)}/, "
        f"{HAIHAI_JSONL.relative_to(ROOT)}/"
    )


if __name__ == "__main__":
    main()
