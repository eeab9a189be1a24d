"""The yardsticks: each plugin's vendor work done by a bare loop, as its own process.

A loop makes the plugin's calls (the same setup calls: token, describes, `/model`, the
database fields; the same pages or batches; the same status polls and waits), with the same
overlap (bare_io: the next page fetched while this one is written, one write in flight while
the next batch is read), msgspec for JSON, and writes the same kind of output to stdout, a
real file in the benchmark: a tap's SCHEMA, RECORD and STATE lines, a target's STATE once
its writes are answered. What it leaves out is the plugins' own work: the SDK, settings,
the call ledger and rate limiter, retries, record checks and rejects, journals. Run as
`python bare_loops.py NAME ARGS...`.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import typing as t
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import requests
from bare_io import (
    DECODE,
    OneBehind,
    SingerOut,
    body,
    input_batches,
    pages,
    poll_until,
    write_state,
)

MARKETO_PAGE = 300
MARKETO_MAX_QUERY = 8_192  # the tap posts `_method=GET` past 8 KB of query
MARKETO_CLIENT = {"client_id": "sandbox-client-id", "client_secret": "sandbox-client-secret"}
KEAP_PAGE = 1000
KEAP_API_KEY = "sandbox-keap-api-key"
KEAP_MODELS = ("/contacts/model", "/companies/model", "/orders/model")
KeapPosition = tuple[str | None, int]  # `since` and the offset within that instant
SATORI_ROWS = 10_000
SATORI_MAX_WAIT = 60.0  # target-satori-bridge: waits double up to a minute
SATORI_KEYS = {
    "user_key": "sandbox-user-key",
    "user_secret": "sandbox-user-secret",
    "company_key": "sandbox-company-key",
    "company_secret": "sandbox-company-secret",
}
HAIHAI_TOKEN = "sandbox-haihai-token"
HAIHAI_DONE = "完了"
HAIHAI_MAX_WAIT = 300.0  # target-haihai-mail: waits double up to 5 minutes


def _marketo_session(base: str) -> requests.Session:
    session = requests.Session()
    params = {"grant_type": "client_credentials", **MARKETO_CLIENT}
    token = body(session.get(base + "/identity/oauth/token", params=params))["access_token"]
    session.headers["Authorization"] = "Bearer " + token
    return session


def marketo_tap(base: str, count: str) -> None:
    """Opportunities OPP-00000000… by externalOpportunityId, 300 a call, every field.

    Like the tap: both describes (opportunities, roles), GET or POST `_method=GET` by the
    query's length, the next chunk requested while this one is written.
    """
    session = _marketo_session(base)
    describe = body(session.get(base + "/rest/v1/opportunities/describe.json"))
    body(session.get(base + "/rest/v1/opportunities/roles/describe.json"))
    fields = ",".join(field["name"] for field in describe["result"][0]["fields"])
    total = int(count)
    url = base + "/rest/v1/opportunities.json"

    def fetch(start: int) -> tuple[list[dict], int | None]:
        ids = ",".join(f"OPP-{i:08d}" for i in range(start, min(start + MARKETO_PAGE, total)))
        params: dict[str, t.Any] = {
            "filterType": "externalOpportunityId",
            "filterValues": ids,
            "fields": fields,
            "batchSize": MARKETO_PAGE,
        }
        if len(urlencode(params)) > MARKETO_MAX_QUERY:
            answer = session.post(url, params={"_method": "GET"}, data=params)
        else:
            answer = session.get(url, params=params)
        following = start + MARKETO_PAGE
        return body(answer)["result"], following if following < total else None

    out = SingerOut("opportunities", ["marketoGUID"], "updatedAt")
    for rows in pages(fetch, 0):
        out.records(rows)
    out.state()


def marketo_target(base: str) -> None:
    """Upsert (createOrUpdate) the input's records, 300 a call, one call in flight.

    Like the target: the opportunities describe first, then each batch's sync call in a
    writer thread while the next batch is read, STATE once the calls before it answered.
    """
    session = _marketo_session(base)
    body(session.get(base + "/rest/v1/opportunities/describe.json"))

    def upsert(batch: list[dict]) -> None:
        answer = body(
            session.post(
                base + "/rest/v1/opportunities.json",
                json={"action": "createOrUpdate", "input": batch},
            )
        )
        if not answer.get("success"):
            raise SystemExit(f"Marketo refused a sync: {answer}")

    with OneBehind() as writes:
        for batch, state in input_batches(MARKETO_PAGE):
            if batch:
                writes.submit(partial(upsert, batch))
            if state is not None:
                writes.wait()
                write_state(state)


def keap_tap(base: str, until: str) -> None:
    """Contacts, 1000 a call, oldest change first up to `until`, custom fields as properties.

    Like the tap: the three `/model` calls, pages keyed on the last record's `last_updated`
    (offset within that instant), the next page requested while this one is written.
    """
    session = requests.Session()
    session.headers["X-Keap-API-Key"] = KEAP_API_KEY
    models = [body(session.get(base + path)) for path in KEAP_MODELS]
    names = {field["id"]: field["label"] for field in models[0].get("custom_fields") or []}

    def fetch(position: KeapPosition) -> tuple[list[dict], KeapPosition | None]:
        since, offset = position
        params: dict[str, t.Any] = {
            "order": "last_updated",
            "order_direction": "ASCENDING",
            "limit": KEAP_PAGE,
            "offset": offset,
            "until": until,
            "optional_properties": "custom_fields",
        }
        if since is not None:
            params["since"] = since
        answer = body(session.get(base + "/contacts", params=params))
        rows = answer["contacts"]
        if len(rows) < KEAP_PAGE or offset + len(rows) >= answer.get("count", 0):
            return rows, None
        last = rows[-1]["last_updated"]
        at_last = sum(1 for row in rows if row["last_updated"] == last)
        return rows, (last, at_last + (offset if last == since else 0))

    out = SingerOut("contacts", ["id"], "last_updated")
    start: KeapPosition = (None, 0)
    for rows in pages(fetch, start):
        for row in rows:
            for item in row.pop("custom_fields", None) or []:
                row[names.get(item["id"], str(item["id"]))] = item.get("content")
        out.records(rows)
    out.state()


def _csv_bytes(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def satori_target(base: str, columns_json: str, first_wait: str) -> None:
    """Bulk-upsert the input by email, 10,000 rows a CSV, polling each job to `finished`.

    `columns_json` maps each CSV column besides `email` to the record property it is filled
    from. Like the target: each batch's upload and polls in a writer thread while the next
    batch is read, waits doubling from `first_wait` to a minute.
    """
    columns: dict[str, str] = {"email": "email", **DECODE(columns_json)}
    header = list(columns)
    session = requests.Session()

    def upload(rows: list[list[str]]) -> None:
        answer = body(
            session.post(
                base + "/bulk_customers/upsert.json",
                data={**SATORI_KEYS, "identity_type": "email"},
                files={"customer_csv_file": ("customers.csv", _csv_bytes(header, rows, "utf-8"))},
            )
        )
        params = {**SATORI_KEYS, "process_code": answer["body"]["process_code"]}

        def finished() -> bool:
            status = body(session.get(base + "/bulk_customers/status.json", params=params))
            return status["body"]["process_status"] == "finished"

        poll_until(finished, float(first_wait), SATORI_MAX_WAIT)

    with OneBehind() as writes:
        for batch, state in input_batches(SATORI_ROWS):
            if batch:
                rows = [[record.get(name) or "" for name in columns.values()] for record in batch]
                writes.submit(partial(upload, rows))
            if state is not None:
                writes.wait()
                write_state(state)


def haihai_target(base: str, field_map_json: str, rows_per_upload: str, first_wait: str) -> None:
    """Register the input's contacts by CP932 CSV uploads, polling each import to 完了.

    `field_map_json` maps each record property to its Japanese database field. Like the
    target: the database fields first, rows spooled to CSV files on disk while the input is
    read, then each file uploaded and polled (waits doubling from `first_wait` to 5
    minutes), STATE once every import is 完了.
    """
    field_map: dict[str, str] = DECODE(field_map_json)
    header = list(field_map.values())
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + HAIHAI_TOKEN
    token = {"api_token": HAIHAI_TOKEN}
    session.post(base + "/?ac=GetCustomerDbItemList", data=token).raise_for_status()
    limit = int(rows_per_upload)
    with tempfile.TemporaryDirectory(prefix="bare-haihai-") as spool:
        parts: list[Path] = []
        states: list[dict] = []
        rows = 0
        with ExitStack() as files:
            for batch, state in input_batches(1000):
                for record in batch:
                    if rows % limit == 0:
                        parts.append(Path(spool) / f"register-{len(parts) + 1:04d}.csv")
                        part = files.enter_context(
                            parts[-1].open("w", encoding="cp932", newline="")
                        )
                        writer = csv.writer(part, lineterminator="\r\n")
                        writer.writerow(header)
                    writer.writerow([record.get(name) or "" for name in field_map])
                    rows += 1
                states += [state] if state is not None else []
        for path in parts:
            _upload_and_wait(session, base, path, float(first_wait))
    for state in states[-1:]:
        write_state(state)


def _upload_and_wait(session: requests.Session, base: str, path: Path, first_wait: float) -> None:
    form = {
        "api_token": HAIHAI_TOKEN,
        "import_type": "0",
        "is_overwrite": "1",
        "gid": "",
        "spid": "",
    }
    with path.open("rb") as data:
        files = {"csvfile": (path.name, data, "text/csv; charset=Shift_JIS")}
        answer = body(session.post(base + "/?ac=ScheduleCsvImport", data=form, files=files))
    poll = {"api_token": HAIHAI_TOKEN, "import_id": answer["import_id"]}

    def done() -> bool:
        return body(session.post(base + "/?ac=GetCsvImportResult", data=poll))["state"] == (
            HAIHAI_DONE
        )

    poll_until(done, first_wait, HAIHAI_MAX_WAIT)


LOOPS: dict[str, t.Callable[..., None]] = {
    "marketo_tap": marketo_tap,
    "marketo_target": marketo_target,
    "keap_tap": keap_tap,
    "satori_target": satori_target,
    "haihai_target": haihai_target,
}

if __name__ == "__main__":
    LOOPS[sys.argv[1]](*sys.argv[2:])
