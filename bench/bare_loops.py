"""The yardsticks: each plugin's vendor work done by a bare loop of requests, json and csv.

A plugin's records/s is compared with the loop that fetches (taps) or posts (targets) the
same data in the same batches with nothing else: no SDK, no settings, no budget ledger, no
rate limiter, no retries, no checks beyond the vendor saying yes. Taps' loops print the same
Singer RECORD lines; targets' loops read the same Singer file from stdin. Each runs as its
own process, like the plugin: `python bare_loops.py NAME ARGS...`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import typing as t

import requests

MARKETO_PAGE = 300
KEAP_PAGE = 1000
SATORI_ROWS = 10_000
MARKETO_CLIENT = {"client_id": "sandbox-client-id", "client_secret": "sandbox-client-secret"}
KEAP_API_KEY = "sandbox-keap-api-key"
SATORI_KEYS = {
    "user_key": "sandbox-user-key",
    "user_secret": "sandbox-user-secret",
    "company_key": "sandbox-company-key",
    "company_secret": "sandbox-company-secret",
}
HAIHAI_TOKEN = "sandbox-haihai-token"
HAIHAI_DONE = "完了"


def _record_line(stream: str, record: dict) -> str:
    return json.dumps({"type": "RECORD", "stream": stream, "record": record}) + "\n"


def _records(lines: t.Iterable[str], size: int) -> t.Iterator[list[dict]]:
    """The records of a Singer file, `size` at a time."""
    batch: list[dict] = []
    for line in lines:
        message = json.loads(line)
        if message["type"] == "RECORD":
            batch.append(message["record"])
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def _marketo_session(base: str) -> requests.Session:
    session = requests.Session()
    params = {"grant_type": "client_credentials", **MARKETO_CLIENT}
    token = session.get(base + "/identity/oauth/token", params=params).json()["access_token"]
    session.headers["Authorization"] = "Bearer " + token
    return session


def marketo_tap(base: str, count: str) -> None:
    """Opportunities OPP-00000000… by externalOpportunityId, 300 a call, every field."""
    session = _marketo_session(base)
    describe = session.get(base + "/rest/v1/opportunities/describe.json").json()
    fields = ",".join(field["name"] for field in describe["result"][0]["fields"])
    total = int(count)
    for start in range(0, total, MARKETO_PAGE):
        ids = ",".join(f"OPP-{i:08d}" for i in range(start, min(start + MARKETO_PAGE, total)))
        params = {
            "filterType": "externalOpportunityId",
            "filterValues": ids,
            "fields": fields,
            "batchSize": MARKETO_PAGE,
        }
        body = session.get(base + "/rest/v1/opportunities.json", params=params).json()
        sys.stdout.writelines(_record_line("opportunities", row) for row in body["result"])


def marketo_target(base: str) -> None:
    """Upsert (createOrUpdate) the input's records, 300 a call."""
    session = _marketo_session(base)
    for batch in _records(sys.stdin, MARKETO_PAGE):
        body = {"action": "createOrUpdate", "input": batch}
        answer = session.post(base + "/rest/v1/opportunities.json", json=body).json()
        if not answer.get("success"):
            raise SystemExit(f"Marketo refused a sync: {answer}")


def keap_tap(base: str, count: str) -> None:
    """Contacts by offset, 1000 a call, oldest change first, with custom fields."""
    session = requests.Session()
    session.headers["X-Keap-API-Key"] = KEAP_API_KEY
    for offset in range(0, int(count), KEAP_PAGE):
        params = {
            "limit": KEAP_PAGE,
            "offset": offset,
            "order": "last_updated",
            "order_direction": "ASCENDING",
            "optional_properties": "custom_fields",
        }
        body = session.get(base + "/contacts", params=params).json()
        sys.stdout.writelines(_record_line("contacts", row) for row in body["contacts"])


def _csv_bytes(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def satori_target(base: str, columns_json: str) -> None:
    """Bulk-upsert the input by email, 10,000 rows a CSV, polling each job to `finished`.

    `columns_json` maps each CSV column besides `email` to the record property it is filled
    from.
    """
    columns: dict[str, str] = {"email": "email", **json.loads(columns_json)}
    header = list(columns)
    session = requests.Session()
    for batch in _records(sys.stdin, SATORI_ROWS):
        rows = [[record.get(name) or "" for name in columns.values()] for record in batch]
        upload = session.post(
            base + "/bulk_customers/upsert.json",
            data={**SATORI_KEYS, "identity_type": "email"},
            files={"customer_csv_file": ("customers.csv", _csv_bytes(header, rows, "utf-8"))},
        ).json()
        params = {**SATORI_KEYS, "process_code": upload["body"]["process_code"]}
        while True:
            status = session.get(base + "/bulk_customers/status.json", params=params).json()
            if status["body"]["process_status"] == "finished":
                break


def haihai_target(base: str, field_map_json: str, rows_per_upload: str) -> None:
    """Register the input's contacts by CP932 CSV uploads, polling each import to 完了.

    `field_map_json` maps each record property to its Japanese database field.
    """
    field_map: dict[str, str] = json.loads(field_map_json)
    header = list(field_map.values())
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + HAIHAI_TOKEN
    form = {
        "api_token": HAIHAI_TOKEN,
        "import_type": "0",
        "is_overwrite": "0",
        "gid": "",
        "spid": "",
    }
    for batch in _records(sys.stdin, int(rows_per_upload)):
        rows = [[record.get(name) or "" for name in field_map] for record in batch]
        answer = session.post(
            base + "/?ac=ScheduleCsvImport",
            data=form,
            files={"csvfile": ("contacts.csv", _csv_bytes(header, rows, "cp932"), "text/csv")},
        ).json()
        poll = {"api_token": HAIHAI_TOKEN, "import_id": answer["import_id"]}
        while session.post(base + "/?ac=GetCsvImportResult", data=poll).json()["state"] != (
            HAIHAI_DONE
        ):
            pass


LOOPS: dict[str, t.Callable[..., None]] = {
    "marketo_tap": marketo_tap,
    "marketo_target": marketo_target,
    "keap_tap": keap_tap,
    "satori_target": satori_target,
    "haihai_target": haihai_target,
}

if __name__ == "__main__":
    LOOPS[sys.argv[1]](*sys.argv[2:])
