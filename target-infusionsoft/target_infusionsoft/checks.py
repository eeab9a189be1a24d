"""A record judged before any call: path parameters, field types, required fields, rules.

Each check returns why the record cannot be written, naming the property (and, inside an
array or object, the item and member), or None. The sink puts the record and the reason in
the reject file and goes on; Keap never sees the record.
"""

from __future__ import annotations

import typing as t

from target_infusionsoft.fields import INTEGER, TEXT, Kind, absent, value_problem
from target_infusionsoft.resources import CREATE, UPSERT

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from target_infusionsoft.resources import Call, Operation, Resource


def path_problem(resource: Resource, call: Call, record: Mapping[str, t.Any]) -> str | None:
    """Why the record cannot fill the call's path (`{order_id}`, `{id}`, …), or None.

    A parameter the resource also takes as a field (a tag named by id or by name) is judged
    with the fields and resolved when written.
    """
    for name in call.parameters:
        if name in resource.fields:
            continue
        value = record.get(name)
        if absent(value, INTEGER):
            return f"property {name!r} is required: it names the Keap record in {call.path}"
        spec = TEXT if name == resource.id_property and resource.id_kind is Kind.TEXT else INTEGER
        if problem := value_problem(spec, value, f"property {name!r}"):
            return problem
        if spec is TEXT and not str(value).strip("."):
            # A dot segment names the path above it however it is encoded: requests
            # decodes `%2E`, and servers resolve `..` before routing.
            return f"property {name!r}: {value!r} cannot name a Keap record in {call.path}"
    return None


def body_problem(
    resource: Resource, operation: Operation, call: Call, body: Mapping[str, t.Any]
) -> str | None:
    """Why the body (the record's declared fields) cannot be sent, or None.

    Values are judged first (a wrong type says more than a missing field), then the fields
    a create, an upsert or a replacing update needs, then the rules spanning fields.
    """
    for name, spec in resource.fields.items():
        value = body.get(name)
        if not absent(value, spec) and (
            problem := value_problem(spec, value, f"property {name!r}")
        ):
            return problem
    if operation in {CREATE, UPSERT} or call.replaces:
        for name in resource.required:
            if absent(body.get(name), resource.fields[name]):
                return (
                    f"property {name!r} is required by Keap to {operation.value} "
                    f"{resource.stream} ({call.method} {call.path})"
                )
    for rule in resource.rules.get(operation, ()):
        if problem := rule(body):
            return problem
    return None
