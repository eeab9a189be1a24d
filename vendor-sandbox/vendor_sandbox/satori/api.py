"""The endpoints of the API (below `/api/v4/public`): their names, methods and answers.

Every endpoint is one row of `ENDPOINTS`. The call pipeline (`company.py`) reads the
parameters, checks the keys, then runs the endpoint's answer with a `Call` holding the
parameters and the company's state. Parameters are the query of a GET and the form of a
POST (urlencoded or multipart), never both, as the vendor documents them.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from vendor_sandbox.multipart import Params, Part, read_form
from vendor_sandbox.satori import single
from vendor_sandbox.satori.answers import ACCEPTED, success
from vendor_sandbox.satori.bulk import CSV_FILE
from vendor_sandbox.satori.changes import DELETE, REGISTRATION, UPSERT, apply, delete, key
from vendor_sandbox.satori.search import search

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.satori.bulk import BulkJobs
    from vendor_sandbox.satori.changes import Change
    from vendor_sandbox.satori.settings import SatoriSettings
    from vendor_sandbox.satori.store import SatoriData
    from vendor_sandbox.writelog import WriteLog

GET, POST = "GET", "POST"
CUSTOMERS = "customers"  # what every write writes (the write log's resource)
HASHCODE_KEY = "customer[hashcode]"


def read_params(request: Request) -> Params:
    """The call's parameters: the query of a GET, else the urlencoded or multipart form.

    The body is read before the keys are checked, because the keys are form fields; a
    broken multipart body is reported only once they have passed (and without fields it
    cannot pass).
    """
    if request.method == GET:
        return Params({name: values[0] for name, values in request.query.items()}, {})
    return read_form(request, unreadable="multipart/form-dataを読み込めません")


@dataclass(frozen=True)
class Call:
    """What an endpoint's answer works with (the company's lock is held meanwhile)."""

    fields: Mapping[str, str]
    files: Mapping[str, Part]
    data: SatoriData
    jobs: BulkJobs
    settings: SatoriSettings
    now: datetime
    seconds: float  # the clock's monotonic reading: bulk processing times, finer than `now`
    written: WriteLog
    held: str | None = None  # the injected fault that held the call back (its answer is late)


def _logged(call: Call, change: Change, operation: str) -> None:
    """Log a single call's write: its `customer[...]` fields are the record as sent."""
    record = {name: value for name, value in call.fields.items() if name.startswith("customer[")}
    call.written.add(
        CUSTOMERS,
        key(change),
        operation,
        call=call.written.next_call(),
        record=record,
        answer_lost=call.held,
    )


Answer = t.Callable[[Call], "Response"]


@dataclass(frozen=True)
class Endpoint:
    """One API endpoint.

    Attributes:
        name: Its name in the counters (and in the README).
        methods: The HTTP methods it takes (405 for another).
        answer: What it does.
    """

    name: str
    methods: tuple[str, ...]
    answer: Answer


def _write(mode: str) -> Answer:
    """A single write; it answers the customer's hashcode under `customer[hashcode]`.

    That key is what public callers read from the answer (Ippei-f/toshinjyuken.co.jp,
    src/hiraya/temp_php/form/satori.php: `$result["message"]["customer[hashcode]"]`, next
    to `$result["status"]`).
    """

    def answer(call: Call) -> Response:
        change = single.change_of(call.fields, call.data)
        customer, operation = apply(call.data, change, mode, call.now)
        _logged(call, change, operation)
        return success(call.settings, {HASHCODE_KEY: customer.hashcode})

    return answer


def remove(call: Call) -> Response:
    """Delete one customer, named by email or hashcode."""
    change = single.change_of(call.fields, call.data)
    delete(call.data, change)
    _logged(call, change, DELETE)
    return success(call.settings)


def _bulk(kind: str) -> Answer:
    def answer(call: Call) -> Response:
        upload = call.files.get(CSV_FILE)
        job = call.jobs.schedule(
            kind,
            call.fields,
            upload,
            call.data,
            settings=call.settings,
            now=call.now,
            seconds=call.seconds,
            held=call.held,
        )
        return success(call.settings, {"process_code": job.process_code}, ACCEPTED)

    return answer


def bulk_status(call: Call) -> Response:
    """Move a bulk job on by one status call and answer where it stands."""
    code = call.fields.get("process_code", "")
    answer = call.jobs.status(
        code, call.data, call.settings, now=call.now, seconds=call.seconds, held=call.held
    )
    return success(call.settings, answer)


def find(call: Call) -> Response:
    """One page of the customers matching the search filters."""
    return success(call.settings, search(call.fields, call.data))


ENDPOINTS: dict[str, Endpoint] = {
    "/customer/registration.json": Endpoint("registration", (POST,), _write(REGISTRATION)),
    "/customer/upsert.json": Endpoint("upsert", (POST,), _write(UPSERT)),
    "/customer/delete.json": Endpoint("delete", (POST,), remove),
    "/bulk_customers/upsert.json": Endpoint("bulk_upsert", (POST,), _bulk(UPSERT)),
    "/bulk_customers/registration.json": Endpoint(
        "bulk_registration", (POST,), _bulk(REGISTRATION)
    ),
    "/bulk_customers/status.json": Endpoint("bulk_status", (GET, POST), bulk_status),
    "/customer/search.json": Endpoint("search", (GET,), find),
}
