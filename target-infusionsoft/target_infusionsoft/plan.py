"""One record → one planned Keap write: the operation, the call, its path and its body.

The operation: a record whose `_sdc_deleted_at` is set is a delete; otherwise the stream's
operation (`stream_operations`, else the resource's default), except that a record carrying
its Keap id on a stream that can update is an update. The body holds the resource's declared
fields (checked), the record's `custom_<name>` properties as Keap's `custom_fields`, and what
the operation adds: the upsert's `duplicate_option`; a deterministic `original_provider_id`
on a new email record (so the record can be found again by it, and Keap itself refuses a
second copy: the id "must be unique when combined with provider", EmailSentCreate).
A create that is not `repeatable` gets a digest for the write journal.
"""

from __future__ import annotations

import typing as t
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from singer_commons.errors import RecordRejected
from singer_commons.sdk.record_schema import DELETED_AT
from singer_commons.write_journal import record_digest
from target_infusionsoft.checks import body_problem, path_problem
from target_infusionsoft.custom_fields import custom_properties
from target_infusionsoft.fields import absent, sendable
from target_infusionsoft.resources import CREATE, DELETE, UPDATE, UPSERT

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from target_infusionsoft.custom_fields import CustomFieldValues
    from target_infusionsoft.resources import Call, Operation, Resource

DUPLICATE_OPTION = "duplicate_option"
PROVIDER_ID = "original_provider_id"


@dataclass(frozen=True)
class Action:
    """A record's planned write.

    Attributes:
        resource: The stream's row of the resources table.
        operation: What the record asks of Keap.
        call: The call of that operation.
        path_values: The path's parameters, as text.
        body: The JSON body (None for a call without one).
        record: The record as the user sent it (for the reject file).
        label: How reasons name the record ("input line 7: contacts record id=12").
        digest: The write journal's key of a create that must not be made twice.
    """

    resource: Resource
    operation: Operation
    call: Call
    path_values: Mapping[str, str]
    body: dict[str, t.Any] | None
    record: Mapping[str, t.Any]
    label: str
    digest: str | None = None

    @property
    def path(self) -> str:
        """The call's path with the record's parameters, each one whole path segment.

        Why encoded: a text id (a hook's `key`) is the user's data, and a `/`, `?` or `#` in
        it, unencoded, would make it name another of Keap's paths (the delete of hook
        `../contacts/5` would delete contact 5); encoded, it can only name a record of this
        call's resource, and Keap answers 404 for one it does not have. A dot segment alone
        is refused by `checks.path_problem`: requests decodes `%2E` back to `.`.
        """
        segments = {name: _segment(value) for name, value in self.path_values.items()}
        return self.call.path.format_map(segments)


def operation_of(
    resource: Resource, record: Mapping[str, t.Any], configured: Operation
) -> Operation:
    """The record's operation (see module doc).

    Raises:
        RecordRejected: when the record is a delete and Keap cannot delete the resource.
    """
    if record.get(DELETED_AT) is not None:
        if DELETE not in resource.calls:
            allowed = ", ".join(operation.value for operation in resource.operations)
            msg = (
                f"_sdc_deleted_at is set, but Keap cannot delete {resource.stream} "
                f"(this stream can: {allowed})"
            )
            raise RecordRejected(msg)
        return DELETE
    identified = resource.id_property is not None and record.get(resource.id_property) not in (
        None,
        "",
    )
    if configured in {CREATE, UPSERT} and identified and UPDATE in resource.calls:
        return UPDATE
    return configured


def plan_action(
    resource: Resource,
    record: Mapping[str, t.Any],
    configured: Operation,
    *,
    label: str,
    custom_fields: Callable[[], CustomFieldValues | None],
    duplicate_option: str,
) -> Action:
    """Plan the record's write, or reject it with the reason naming the field.

    `custom_fields` gives the resource's custom fields (its `/model`, read on first need).

    Raises:
        RecordRejected: whenever Keap could only refuse the record (the message starts with
            `label`).
    """
    try:
        operation = operation_of(resource, record, configured)
        call = resource.calls[operation]
        if problem := path_problem(resource, call, record):
            raise RecordRejected(problem)
        path_values = {name: _path_text(record[name]) for name in call.parameters if name in record}
        # A delete sends no body, unless its path names records the target resolves (a tag
        # by name): those references are checked and kept like a body.
        resolved = any(name in resource.fields for name in call.parameters)
        body = (
            _body(resource, operation, call, record, custom_fields)
            if operation is not DELETE or resolved
            else None
        )
    except RecordRejected as exc:
        raise RecordRejected(f"{label}: {exc}") from None
    digest = None
    if operation is CREATE and not resource.repeatable:
        digest = record_digest(resource.stream, operation.value, path_values, body)
        if resource.stream == "emails" and body is not None and PROVIDER_ID not in body:
            body[PROVIDER_ID] = str(uuid.UUID(digest[:32]))
    if operation is UPSERT and body is not None:
        body[DUPLICATE_OPTION] = duplicate_option
    return Action(resource, operation, call, path_values, body, record, label, digest)


def _body(
    resource: Resource,
    operation: Operation,
    call: Call,
    record: Mapping[str, t.Any],
    custom_fields: Callable[[], CustomFieldValues | None],
) -> dict[str, t.Any] | None:
    """The checked body: declared fields, then custom fields.

    Raises:
        RecordRejected: naming the field at fault.
    """
    given = {
        name: record[name]
        for name, spec in resource.fields.items()
        if name in record and not absent(record[name], spec)
    }
    if problem := body_problem(resource, operation, call, given):
        raise RecordRejected(problem)
    if not resource.fields:
        return None
    body = {name: sendable(resource.fields[name], value) for name, value in given.items()}
    if names := custom_properties(record):
        values = custom_fields()
        if values is None:
            msg = (
                f"property {names[0]!r}: Keap's REST v1 writes no custom fields of "
                f"{resource.stream} (only of contacts, companies and opportunities)"
            )
            raise RecordRejected(msg)
        items, problem = values.values(record)
        if problem:
            raise RecordRejected(problem)
        if items:
            body["custom_fields"] = [*body.get("custom_fields", []), *items]
    return body


def _segment(value: str) -> str:
    """A path parameter as one percent-encoded segment (`checks` refuses `.` and `..`)."""
    return quote(value, safe="")


def _path_text(value: t.Any) -> str:
    """A path parameter as text (a whole number sent as 7.0 is `7`)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
