"""`make demo`: run every job of meltano.yml with Meltano against the local vendor sandbox.

Starts `vendor-sandbox serve` on free loopback ports, runs `meltano install`, then
`meltano run --full-refresh <job>` for each job (the sandbox starts empty, so every run is a
first run), and ends with one row per job: records read by the extractor, written by the
loader, rejected (the loader's reject file), and the API calls each vendor counted against
its daily quota. SATORI's summary mail goes to the sandbox's SMTP sink and is listed too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from vendor_sandbox import SandboxClient

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUTPUT = ROOT / "output"
SEEDED_OPPORTUNITIES = 3
# `... [info     ] <plugin> METRIC: {...}`: the SDK's record counters in Meltano's log.
METRIC_LINE = re.compile(r"\]\s+(?P<plugin>\S+) METRIC: (?P<metric>\{.*\})\s*$")


@dataclass(frozen=True)
class Quota:
    """A vendor's daily call quota (vendor-notes.md) and how its emulator counts calls."""

    vendor: str
    label: str
    per_day: int | None

    def used(self, counters: dict) -> Counter[str]:
        """Calls charged so far, per API where the vendor counts per API."""
        if self.vendor == "haihai":  # 240 a day for EACH API
            charged: Counter[str] = Counter()
            for per_api in counters["by_day"].values():
                charged.update(per_api)
            return charged
        if self.vendor == "marketo":
            return Counter({"": counters["quota_used"]})
        return Counter({"": counters["calls"]})


QUOTAS = (
    Quota("marketo", "Marketo", 50_000),
    Quota("keap", "Keap", 30_000),  # an API key: 30,000 a day
    Quota("haihai", "Haihai Mail", 240),
    Quota("satori", "SATORI", None),  # no published daily quota
)


@dataclass(frozen=True)
class Job:
    """A job of meltano.yml: its plugins and where it leaves what it wrote or rejected."""

    name: str
    extractor: str
    loader: str
    reject_file: str | None = None
    jsonl_dir: str | None = None  # target-jsonl writes files and no record counters


JOBS = (
    Job(
        "csv-opportunities-to-marketo",
        "tap-spreadsheets",
        "target-marketo-opportunities",
        reject_file="output/rejects-marketo.jsonl",
    ),
    Job(
        "keap-opportunities-to-marketo",
        "tap-infusionsoft-opportunities",
        "target-marketo-opportunities",
        reject_file="output/rejects-marketo.jsonl",
    ),
    Job(
        "marketo-opportunities-to-jsonl",
        "tap-marketo-opportunities",
        "target-jsonl",
        jsonl_dir="output/jsonl",
    ),
    Job("keap-to-jsonl", "tap-infusionsoft", "target-jsonl-keap", jsonl_dir="output/jsonl/keap"),
    Job(
        "csv-contacts-to-haihai",
        "tap-spreadsheets-contacts",
        "target-haihai-mail",
        reject_file="output/rejects-haihai.jsonl",
    ),
    Job(
        "keap-contacts-to-haihai",
        "tap-infusionsoft-contacts",
        "target-haihai-mail-contacts",
        reject_file="output/rejects-haihai-contacts.jsonl",
    ),
    Job(
        "haihai-to-jsonl",
        "tap-haihai-mail",
        "target-jsonl-haihai",
        jsonl_dir="output/jsonl/haihai",
    ),
    Job(
        "haihai-reactions-to-satori",
        "tap-haihai-mail-reactions",
        "target-satori-bridge-reactions",
        reject_file="output/rejects-satori-reactions.jsonl",
    ),
    Job(
        "csv-contacts-to-satori",
        "tap-spreadsheets-contacts",
        "target-satori-bridge",
        reject_file="output/rejects-satori.jsonl",
    ),
    # After the jobs above: the contacts CSV brings two customers 配配メール has stopped into
    # Keap, and keap-contacts-to-haihai has stopped Keap's opted-out contacts in 配配メール, so
    # every stopped or forbidden address is a Keap contact that gets its tag.
    Job(
        "csv-contacts-to-keap",
        "tap-spreadsheets-keap-contacts",
        "target-infusionsoft",
        reject_file="output/rejects-keap.jsonl",
    ),
    Job(
        "haihai-unsubscribes-to-keap",
        "tap-haihai-mail-unsubscribes",
        "target-infusionsoft-unsubscribes",
        reject_file="output/rejects-keap-unsubscribes.jsonl",
    ),
)


@dataclass(frozen=True)
class JobResult:
    """What one job moved and what it cost."""

    job: str
    read: int
    written: int
    rejected: int
    calls: str


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


def charged(sandbox: SandboxClient) -> dict[str, Counter[str]]:
    """Calls each vendor charged to its quota so far."""
    return {q.vendor: q.used(getattr(sandbox, q.vendor).counters()) for q in QUOTAS}


def count_lines(path: Path) -> int:
    """Lines in a file (0 when it does not exist)."""
    return sum(1 for _ in path.open(encoding="utf-8")) if path.exists() else 0


def jsonl_lines(folder: Path) -> int:
    """Records in the JSON-lines files of a folder (not its subfolders)."""
    return sum(count_lines(path) for path in folder.glob("*.jsonl"))


def meltano(*args: str, env: dict[str, str]) -> str:
    """Run a meltano command in the project, echo its log and return it; fail the demo on error."""
    print(f"\n$ meltano {' '.join(args)}", flush=True)
    completed = subprocess.run(
        [str(BIN / "meltano"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    print(completed.stdout, end="", flush=True)
    if completed.returncode != 0:
        raise SystemExit(f"meltano {' '.join(args)} failed with exit code {completed.returncode}")
    return completed.stdout


def record_counts(log: str) -> Counter[str]:
    """Records each plugin counted (the SDK's `record_count` metric), by plugin name."""
    counts: Counter[str] = Counter()
    for line in log.splitlines():
        found = METRIC_LINE.search(line)
        if found:
            metric = json.loads(found["metric"])
            if metric.get("metric") == "record_count":
                counts[found["plugin"]] += int(metric["value"])
    return counts


def calls_against_quotas(before: dict[str, Counter[str]], after: dict[str, Counter[str]]) -> str:
    """'Keap 2 of 30,000; Haihai Mail csv_import 2 of 240, …' for the vendors a job called."""
    parts = []
    for quota in QUOTAS:
        spent = after[quota.vendor] - before[quota.vendor]
        if not spent:
            continue
        limit = f" of {quota.per_day:,}" if quota.per_day else " (no daily quota)"
        uses = ", ".join(f"{api} {n}{limit}".strip() for api, n in sorted(spent.items()))
        parts.append(f"{quota.label} {uses}")
    return "; ".join(parts) or "none"


def run_job(job: Job, sandbox: SandboxClient, env: dict[str, str]) -> JobResult:
    """Run one job from a clean output and measure it."""
    reject_file = ROOT / job.reject_file if job.reject_file else None
    rejected_before = count_lines(reject_file) if reject_file else 0
    if job.jsonl_dir:
        for stale in (ROOT / job.jsonl_dir).glob("*.jsonl"):
            stale.unlink()
    before = charged(sandbox)
    counts = record_counts(meltano("run", "--full-refresh", job.name, env=env))
    rejected = (count_lines(reject_file) if reject_file else 0) - rejected_before
    # target-jsonl (singer-python) counts nothing: its files are the measure.
    written = jsonl_lines(ROOT / job.jsonl_dir) if job.jsonl_dir else counts[job.loader] - rejected
    calls = calls_against_quotas(before, charged(sandbox))
    return JobResult(job.name, counts[job.extractor], written, rejected, calls)


def print_summary(results: list[JobResult], mails: list[dict]) -> None:
    """The table of every job, the reject files and the notification mails."""
    width = max(len(result.job) for result in results)
    print(f"\n{'job':<{width}}  {'read':>5}  {'written':>7}  {'rejected':>8}  API calls used")
    for r in results:
        print(f"{r.job:<{width}}  {r.read:>5}  {r.written:>7}  {r.rejected:>8}  {r.calls}")
    rejects = sorted({job.reject_file for job in JOBS if job.reject_file})
    print(f"\nrejected records: {', '.join(rejects)}")
    for mail in mails:
        print(f"notification mail to {', '.join(mail['recipients'])}: {mail['subject']}")
    print("exported records: output/jsonl/, output/jsonl/keap/, output/jsonl/haihai/")


def main() -> None:
    """Run every job against a fresh sandbox and print the summary table."""
    OUTPUT.mkdir(exist_ok=True)
    for job in JOBS:
        if job.reject_file:
            (ROOT / job.reject_file).unlink(missing_ok=True)
    process, base_url, smtp_port = start_sandbox()
    # The Keap plugins keep their call ledger and write journal per credential, and each demo's
    # sandbox is a new Keap account behind the same API key: the journal of an earlier demo
    # would name tags this account never had. The Keap tap and target share this run's own.
    keap_state = tempfile.TemporaryDirectory(prefix="demo-keap-state-")
    env = {
        **os.environ,
        "SANDBOX_URL": base_url,
        "SANDBOX_SMTP_PORT": smtp_port,
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        # The demo CSVs hold one bad row on purpose: show the reject, keep the demo green.
        "TARGET_MARKETO_OPPORTUNITIES_FAIL_ON_REJECT": "false",
        "TARGET_INFUSIONSOFT_FAIL_ON_REJECT": "false",
        "TAP_INFUSIONSOFT_STATE_DIR": keap_state.name,
        "TARGET_INFUSIONSOFT_STATE_DIR": keap_state.name,
    }
    try:
        print(f"vendor sandbox at {base_url} ({SEEDED_OPPORTUNITIES} opportunities seeded)")
        meltano("install", env=env)
        sandbox = SandboxClient(base_url)
        results = [run_job(job, sandbox, env) for job in JOBS]
        mails = sandbox.mail.messages()
    finally:
        process.terminate()
        process.wait(timeout=10)
        keap_state.cleanup()
    print_summary(results, mails)


if __name__ == "__main__":
    main()
