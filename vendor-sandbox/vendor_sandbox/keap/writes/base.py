"""What every write endpoint shares: reading the body, logging the write, common checks.

A write route is `write(template, method, resource, operation, run, schema=...)`: the body is
checked against `schema` (400 before anything changes), `run` applies the write and says
what to answer, and the write is logged (`store.written`) under the stream name a writer
uses for it (`contacts`, `contact_tags`, `order_items`, ...) with the operation (`create`,
`update`, `upsert`, `delete`).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.keap.call import NO_CONTENT, Answer, Route
from vendor_sandbox.keap.errors import bad_request
from vendor_sandbox.keap.writes.body import Body, read

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.keap.call import Call
    from vendor_sandbox.keap.seedkit import Record
    from vendor_sandbox.keap.writes.body import Field

CREATE, UPDATE, UPSERT, DELETE = "create", "update", "upsert", "delete"
CREATED, OK = 201, 200


@dataclass(frozen=True)
class Done:
    """What an applied write answers, and what its log entry records.

    Attributes:
        status: The HTTP status.
        body: The JSON body (None for 204).
        id: The id of the record written (a hook's string `key`; None when there is none).
        note: More fields for the log entry (an upsert's outcome, apply-tag statuses).
    """

    status: int
    body: t.Any = None
    id: t.Any = None
    note: Mapping[str, t.Any] = field(default_factory=dict)


Run = t.Callable[["Call", Body], Done]


def write(
    template: str,
    method: str,
    resource: str,
    operation: str,
    run: Run,
    *,
    schema: Mapping[str, Field] | None = None,
    partial: bool = False,
) -> Route:
    """A write route: check the body, apply the write, log it, answer.

    Args:
        template: The path template below `/crm/rest/v1`.
        method: The HTTP method.
        resource: The stream name the write is logged under.
        operation: `create`, `update`, `upsert` or `delete`.
        run: Applies the write (raising `KeapError` leaves everything unchanged).
        schema: The body's fields; None for a call without a body (its body is ignored).
        partial: The body is a PATCH (no top-level field is required).
    """

    def handler(call: Call) -> Answer:
        body = Body(None, {}, ()) if schema is None else read(call, schema, partial=partial)
        done = run(call, body)
        entry = call.store.written.add(
            {
                "resource": resource,
                "operation": operation,
                "method": call.method,
                "path": call.path,
                "query": dict(call.params),
                "status": done.status,
                "id": done.id,
                "request": body.raw,
                "ignored_fields": list(body.ignored),
                **done.note,
            }
        )
        call.written.append(entry)
        return Answer(done.status, done.body)

    return Route(template, handler, method)


def removed(key: str) -> Run:
    """`DELETE /<resource>/{id}`: 204, or 404 for an unknown id."""

    def run(call: Call, body: Body) -> Done:
        del body
        index = call.index(key)
        call.store.remove(key, index)
        return Done(NO_CONTENT, id=index + 1)

    return run


def blank(call: Call, key: str, index: int) -> Record:
    """A new record of `key` at `index`: every field a seeded one has, empty (lists []).

    Written records then carry the same fields as seeded ones, so a reader's schema fits
    both.
    """
    template = call.store.table(key).spec.factory(index, call.store.counts)
    return {name: [] if isinstance(value, list) else None for name, value in template.items()}


def existing(call: Call, key: str, identifier: int, where: str) -> int:
    """The index of the `key` record a body field names; 400 when there is none.

    Keap documents no answer for a body naming a record that does not exist; a 400 naming
    the field is assumed.

    Raises:
        KeapError: 400 naming the field and the id.
    """
    index = identifier - 1
    if not call.store.table(key).exists(index):
        raise bad_request(f"'{where}': {key} with id {identifier} not found")
    return index


def contact_ref(call: Call, contact_id: int, where: str) -> Record:
    """The `contact` an order or opportunity embeds, from the contact as stored."""
    index = existing(call, "contacts", contact_id, where)
    contact = call.store.table("contacts").get(index) or {}
    emails = contact.get("email_addresses") or [{}]
    phones = contact.get("phone_numbers") or [{}]
    return {
        "id": contact_id,
        "email": emails[0].get("email"),
        "first_name": contact.get("given_name"),
        "last_name": contact.get("family_name"),
        "company_name": contact.get("company_name"),
        "job_title": contact.get("job_title"),
        "phone_number": phones[0].get("number"),
    }


def custom_values(call: Call, model: str, items: list[Record]) -> dict[int, t.Any]:
    """`custom_fields: [{id, content}]` as a map id → content; every id must be the model's.

    Keap's write shape (B `CustomFieldValue`): `id` int64, `content` any JSON. The content
    is not checked against the field type: Keap documents no per-type format (assumed).

    Raises:
        KeapError: 400 naming an id the model has no custom field for (message assumed).
    """
    known = {spec.id for spec in call.store.custom_fields[model]}
    values: dict[int, t.Any] = {}
    for position, item in enumerate(items):
        if item["id"] not in known:
            where = f"custom_fields[{position}].id"
            raise bad_request(f"'{where}': {model} have no custom field with id {item['id']}")
        values[item["id"]] = item.get("content")
    return values


def keep_custom(call: Call, model: str, index: int, values: dict[int, t.Any], *, new: bool) -> None:
    """Store written custom field values; a new record's other fields are empty (null)."""
    stored = call.store.custom_values
    if new:
        stored[(model, index)] = {spec.id: None for spec in call.store.custom_fields[model]}
    if values:
        stored.setdefault((model, index), {}).update(values)


def with_custom(call: Call, key: str, index: int) -> Record:
    """The record as a write answers it: every field, plus its `custom_fields`."""
    table = call.store.table(key)
    return call.store.with_custom_fields(table.spec, index, table.get(index) or {})


def apply_fields(record: Record, values: Mapping[str, t.Any], names: tuple[str, ...]) -> None:
    """Copy the checked body values of `names` that were sent into the record."""
    for name in names:
        if name in values:
            record[name] = values[name]


Builder = t.Callable[["Call", "Record", dict[str, t.Any]], None]
Check = t.Callable[["Call", dict[str, t.Any]], None]


def _nothing(call: Call, values: dict[str, t.Any]) -> None:
    del call, values


@dataclass(frozen=True)
class Crud:
    """Create, update and replace of one plain resource, from how its body fills a record.

    Attributes:
        key: The table (and the log's stream name).
        fill: Copies a checked body into a record (new or existing); may raise 400.
        created: The status a create answers (Keap answers 200 for some resources).
        model: The custom-field model written with `custom_fields`, if any.
        check: Rules a create (or a replace) must also pass, beyond required fields.
        stamp: The field set to now on every write (the record's last-updated time).
        made: The fields set to now on create.
    """

    key: str
    fill: Builder
    created: int = CREATED
    model: str | None = None
    check: Check = _nothing
    stamp: str | None = None
    made: tuple[str, ...] = ()

    def create(self, call: Call, body: Body) -> Done:
        """Add a record at the end; answer it with its new id."""
        self.check(call, body.values)
        table = call.store.table(self.key)
        index = table.next_index
        record = blank(call, self.key, index)
        record[table.spec.id_field] = index + 1
        self.fill(call, record, body.values)
        self._stamp(call, record, new=True)
        self._custom(call, index, body.values, new=True)
        call.store.put(self.key, index, record)
        return Done(self.created, self._answer(call, index), id=index + 1)

    def update(self, call: Call, body: Body) -> Done:
        """Change only the fields sent (PATCH); 404 for an unknown id."""
        index = call.index(self.key)
        return self._change(call, index, body)

    def replace(self, call: Call, body: Body) -> Done:
        """Replace a record (PUT /<resource>/{id}): a create's rules, the same id."""
        index = call.index(self.key)
        self.check(call, body.values)
        record = blank(call, self.key, index)
        old = call.store.table(self.key).get(index) or {}
        record[call.store.table(self.key).spec.id_field] = index + 1
        for name in self.made:
            record[name] = old.get(name)
        self.fill(call, record, body.values)
        self._stamp(call, record, new=False)
        self._custom(call, index, body.values, new=True)
        call.store.put(self.key, index, record)
        return Done(OK, self._answer(call, index), id=index + 1)

    def _change(self, call: Call, index: int, body: Body) -> Done:
        record = call.store.table(self.key).get(index) or {}
        self.fill(call, record, body.values)
        self._stamp(call, record, new=False)
        self._custom(call, index, body.values, new=False)
        call.store.put(self.key, index, record)
        return Done(OK, self._answer(call, index), id=index + 1)

    def _stamp(self, call: Call, record: Record, *, new: bool) -> None:
        now = call.store.now(self.key)
        for name in (*(self.made if new else ()), *((self.stamp,) if self.stamp else ())):
            record[name] = now

    def _custom(self, call: Call, index: int, values: dict[str, t.Any], *, new: bool) -> None:
        if self.model is None:
            return
        written = custom_values(call, self.model, values.get("custom_fields", []))
        keep_custom(call, self.model, index, written, new=new)

    def _answer(self, call: Call, index: int) -> Record:
        if self.model is None:
            return call.store.table(self.key).get(index) or {}
        return with_custom(call, self.key, index)


def routes_of(
    crud: Crud,
    path: str,
    schema: Mapping[str, Field],
    *,
    update: str | None = "PATCH",
    replace: bool = False,
    delete: bool = False,
    patch_schema: Mapping[str, Field] | None = None,
) -> tuple[Route, ...]:
    """The write routes of a plain resource: POST, and as Keap has them PATCH, PUT, DELETE."""
    key = crud.key
    routes = [write(path, "POST", key, CREATE, crud.create, schema=schema)]
    if update is not None:
        routes.append(
            write(f"{path}/{{id}}", update, key, UPDATE, crud.update, schema=patch_schema or schema,
                  partial=True)
        )  # fmt: skip
    if replace:
        routes.append(write(f"{path}/{{id}}", "PUT", key, UPDATE, crud.replace, schema=schema))
    if delete:
        routes.append(write(f"{path}/{{id}}", "DELETE", key, DELETE, removed(key)))
    return tuple(routes)
