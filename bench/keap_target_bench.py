"""Keap benchmarks of target-infusionsoft: how much of a credential's limit its writes use.

Keap has no bulk write: one call per record. So the target's write speed is the share of
the credential's per-minute limit it puts to use, measured here with the sandbox enforcing
Keap's per-credential limits (a rolling minute of 240 calls per API key and 1,500 per OAuth
client, and the daily quotas) and the target at keap-client's default pace:

- API key: notes created per full minute of a run of several minutes, over Keap's 240
  (median and min-max; aim: at least 90%);
- OAuth: calls per full minute over Keap's 1,500 (aim: at least 90%), at the default pace
  (23 a second, under Keap's 25-a-second spike policy, which sends no headers and is not
  emulated);
- the calls the emulator counted against the calls the input needs: one per record, plus
  the look-ups the target README documents for `contact_tags` (one `GET /contacts?email=`
  per distinct address, one `GET /tags?name=` per distinct tag name, each answered in one
  page here), derived from the input, not from the target's own counts; and no 429.
"""

from __future__ import annotations

import json
import statistics
import typing as t

from checks import Row, at_least, equal
from harness import BIN, Sandbox, measured, write_json
from ratewindow import CallSampler

from keap_client.settings import API_KEY_CALLS_PER_SECOND, OAUTH_CALLS_PER_SECOND
from vendor_sandbox.keap.seedkit import email
from vendor_sandbox.keap.settings import (
    API_KEY_THROTTLE_LIMIT,
    DEFAULT_API_KEY,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REFRESH_TOKEN,
    OAUTH_THROTTLE_LIMIT,
)

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

TARGET = "target-infusionsoft"
WINDOW_SECONDS = 60
UTILISATION_AIM = 0.9
# Seeded: contacts (notes name them by id, tags by address) and tags named "Tag 1", ...
CONTACTS = 200
TAGS = 3
# The API-key run: at most 240 calls a minute, so 740 notes last over three full minutes.
KEY_NOTES = 740
# The OAuth runs: every TAG_EVERY-th record tags a contact by address and tag name.
OAUTH_RECORDS = 1_500
TAG_EVERY = 10
NOTE_SCHEMA = {
    "type": "SCHEMA",
    "stream": "notes",
    "key_properties": [],
    "schema": {
        "type": "object",
        "properties": {name: {"type": ["integer"] if name == "contact_id" else ["string"]}
                       for name in ("contact_id", "title", "body")},
    },
}  # fmt: skip
TAG_SCHEMA = {
    "type": "SCHEMA",
    "stream": "contact_tags",
    "key_properties": [],
    "schema": {
        "type": "object",
        "properties": {"contact_email": {"type": ["string"]}, "tag_name": {"type": ["string"]}},
    },
}
Record = tuple[str, dict[str, t.Any]]


def note(index: int) -> Record:
    """A new note on a seeded contact."""
    return "notes", {
        "contact_id": index % CONTACTS + 1,
        "title": f"Bench note {index + 1}",
        "body": "Written by the benchmark",
    }


def tag(index: int) -> Record:
    """A seeded tag put on the seeded contact with a distinct address."""
    return "contact_tags", {"contact_email": email(index), "tag_name": f"Tag {index % TAGS + 1}"}


def key_records() -> Iterator[Record]:
    """The API-key run: notes only, so every call is a record written."""
    return (note(index) for index in range(KEY_NOTES))


def oauth_records() -> Iterator[Record]:
    """The OAuth runs: notes, and every TAG_EVERY-th record a tag named by address and name."""
    for index in range(OAUTH_RECORDS):
        position, kind = divmod(index, TAG_EVERY)
        yield tag(position) if kind == TAG_EVERY - 1 else note(index)


def needed_calls(records: list[Record]) -> dict[str, int]:
    """The calls the input needs by the target README's rules (not by the target's counts).

    One call per record (a note's create; a tag applied to the one seeded contact holding
    the address); a look-up per distinct address and per distinct tag name, each read in
    one page (a page holds up to 1,000 and the sandbox has one match each).
    """
    tags = [fields for stream, fields in records if stream == "contact_tags"]
    lookups = len({fields["contact_email"].casefold() for fields in tags}) + len(
        {fields["tag_name"] for fields in tags}
    )
    return {"records": len(records), "lookups": lookups, "calls": len(records) + lookups}


def write_input(path: Path, records: list[Record]) -> Path:
    """A Singer file: both SCHEMAs, then the records in order."""
    with path.open("w", encoding="utf-8") as out:
        for schema in (NOTE_SCHEMA, TAG_SCHEMA):
            out.write(json.dumps(schema) + "\n")
        for stream, fields in records:
            out.write(json.dumps({"type": "RECORD", "stream": stream, "record": fields}) + "\n")
    return path


def start_account(sandbox: Sandbox) -> None:
    """A fresh Keap account with Keap's per-credential limits on, and the seeded records."""
    sandbox.keap.reset()
    sandbox.keap.configure(throttle_limit=None, quota_limit=None)
    sandbox.keap.seed(default=0, contacts=CONTACTS, tags=TAGS)


def counters(sandbox: Sandbox) -> dict[str, t.Any]:
    """The emulator's call counters (cumulative: measures diff two snapshots)."""
    return sandbox.keap.counters()


def admitted(snapshot: dict[str, t.Any]) -> int:
    """API calls the emulator ran: every call counted minus those it throttled."""
    return int(snapshot["calls"]) - int(snapshot["by_status"].get("429", 0))


def notes_created(snapshot: dict[str, t.Any]) -> int:
    """`POST /notes` calls the emulator ran (less any throttled: a 429 creates nothing)."""
    return int(snapshot["by_path"].get("POST /notes", 0)) - int(snapshot["by_status"].get("429", 0))


def run_target(
    sandbox: Sandbox,
    workdir: Path,
    name: str,
    records: list[Record],
    *,
    credentials: dict[str, t.Any],
    sampled: Callable[[dict[str, t.Any]], int],
) -> dict:
    """One paced run of the target, sampling `sampled` of the counters as it goes.

    Raises:
        SystemExit: the target failed (a reject fails the run too), or Keap holds another
            number of notes or applied tags than the input has.
    """
    start_account(sandbox)
    config = write_json(
        workdir / f"keap-target-{name}.json",
        {
            "base_url": sandbox.keap.url,
            "state_dir": str(workdir / f"keap-target-{name}-state"),
            "reject_file": str(workdir / f"keap-target-{name}-rejects.jsonl"),
            **credentials,
        },
    )
    stdin = write_input(workdir / f"keap-target-{name}.singer", records)
    before = counters(sandbox)
    with CallSampler(lambda: sampled(counters(sandbox))) as sampler:
        result = measured([str(BIN / TARGET), "--config", str(config)], stdin=stdin)
    after = counters(sandbox)
    stdin.unlink()
    by_path = {
        path: count - before["by_path"].get(path, 0)
        for path, count in after["by_path"].items()
        if count != before["by_path"].get(path, 0)
    }
    wanted = {
        stream: sum(1 for kind, _ in records if kind == stream)
        for stream in ("notes", "contact_tags")
    }
    held = {stream: len(sandbox.keap.written(stream)) for stream in wanted}
    if held != wanted:
        raise SystemExit(f"{TARGET} {name}: Keap holds {held} written, the input has {wanted}")
    windows = sampler.windows(WINDOW_SECONDS)
    return {
        **result,
        "needed": needed_calls(records),
        "calls": after["calls"] - before["calls"],
        "writes": sum(count for path, count in by_path.items() if not path.startswith("GET ")),
        "reads": sum(count for path, count in by_path.items() if path.startswith("GET ")),
        "by_path": by_path,
        "throttled": after["throttled"] - before["throttled"],
        "windows": windows,
    }


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """The API-key run, then the OAuth run, each at keap-client's default pace."""
    oauth = {
        "token_url": sandbox.keap.token_url,
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
        "refresh_token": DEFAULT_REFRESH_TOKEN,
    }
    mixed = list(oauth_records())
    return {
        "api_key": run_target(
            sandbox,
            workdir,
            "api-key",
            list(key_records()),
            credentials={"api_key": DEFAULT_API_KEY},
            sampled=notes_created,
        ),
        "oauth": run_target(sandbox, workdir, "oauth", mixed, credentials=oauth, sampled=admitted),
    }


def share(windows: list[int], limit: int) -> str:
    """Each full minute's count, and their median (min-max) as a share of the limit."""
    if not windows:
        return "no full minute"
    counts = "/".join(f"{count:,}" for count in windows)
    if len(windows) == 1:
        return f"{counts} = {windows[0] / limit:.1%}"
    median = statistics.median(windows) / limit
    low, high = min(windows) / limit, max(windows) / limit
    return f"{counts} = median {median:.1%} ({low * 100:.1f}-{high:.1%})"


def utilisation_row(what: str, result: dict, limit: int) -> Row:
    """Per full minute, over the credential's limit: the median minute is held to the aim."""
    windows = result["windows"]
    median = statistics.median(windows) / limit if windows else 0.0
    return at_least(
        f"{TARGET}: {what} per full minute ({len(windows)} of a {round(result['seconds'])} s "
        f"run), % of Keap's {limit:,}",
        median,
        share(windows, limit),
        UTILISATION_AIM,
        f">= {UTILISATION_AIM:.0%}",
    )


def counted_row(what: str, result: dict) -> Row:
    """What Keap counted against what the input needs."""
    needed = result["needed"]
    return equal(
        f"{TARGET}: calls Keap counted, {what} ({result['writes']:,} writes, "
        f"{result['reads']:,} reads)",
        result["calls"],
        needed["calls"],
        f"{needed['records']:,} records + {needed['lookups']:,} look-ups",
    )


def rows(results: dict) -> list[Row]:
    """Utilisation, calls against records and look-ups, and 429s of each run."""
    key, oauth = results["api_key"], results["oauth"]
    return [
        utilisation_row(
            f"notes created with an API key at the default {API_KEY_CALLS_PER_SECOND}/s",
            key,
            API_KEY_THROTTLE_LIMIT,
        ),
        utilisation_row(
            f"calls with OAuth at the default {OAUTH_CALLS_PER_SECOND}/s",
            oauth,
            OAUTH_THROTTLE_LIMIT,
        ),
        counted_row(f"API-key run ({KEY_NOTES:,} notes)", key),
        counted_row(
            f"OAuth run ({OAUTH_RECORDS:,} records: notes, every {TAG_EVERY}th a tag by "
            "address and name)",
            oauth,
        ),
        equal(
            f"{TARGET}: 429 answers in the API-key / OAuth runs",
            [result["throttled"] for result in (key, oauth)],
            [0, 0],
            "none",
        ),
    ]


def notes(results: dict) -> list[str]:
    """How keap-client's pace sets the share of each credential's limit."""
    del results
    return [
        f"The target-infusionsoft rows run with the sandbox enforcing Keap's per-credential "
        f"limits ({API_KEY_THROTTLE_LIMIT} a minute per API key, {OAUTH_THROTTLE_LIMIT:,} per "
        "OAuth client, as rolling minutes). keap-client paces at most N calls in any second, "
        "a call's place counted until a second after its answer, starts calls at least 40 ms "
        "apart (Keap's 25-a-second spike policy), and pauses when Keap's throttle headers "
        "leave 5% of a minute's calls. With a key, "
        f"{API_KEY_CALLS_PER_SECOND}/s is {API_KEY_CALLS_PER_SECOND * 60} a minute, Keap's "
        "whole minute, and under the 5 a second a Keap engineer gives for keys' spike arrest: "
        "it can use up to 95% (the headers' reserve), less a call's time each second. With "
        f"OAuth, {OAUTH_CALLS_PER_SECOND}/s is {OAUTH_CALLS_PER_SECOND * 60:,} a minute, "
        f"{OAUTH_CALLS_PER_SECOND * 60 / OAUTH_THROTTLE_LIMIT:.0%} of the "
        f"{OAUTH_THROTTLE_LIMIT:,}: {OAUTH_THROTTLE_LIMIT:,} a minute is 25 a second, the "
        "rate of Keap's per-second spike policy, which sends no headers and is not emulated "
        "(the sandbox's 0 429s speak for the minute's throttle only), so the default keeps two "
        "calls of every second spare. The sandbox answers at once: with Keap's real latency L "
        "per call, one call at a time caps a run at 1/L calls a second, whatever the pace."
    ]
