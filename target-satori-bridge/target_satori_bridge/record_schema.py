"""A record checked against its stream's SCHEMA, the failure naming the property.

The SDK validates records with the schema and then either stops the whole run or logs and
sends the record anyway; here a record that does not match goes to the reject file and the
run goes on. Two checks (with `validate_records`, the SDK's setting, true as by default):

- a property the SCHEMA does not declare, holding a value, is refused unless the SCHEMA
  allows more properties (`additionalProperties` or `patternProperties`): the tap and its
  SCHEMA disagree (a drift without a new SCHEMA message), and the record cannot be trusted
  to carry what the field linkage reads. A null carries nothing and passes;
- the properties this target reads (identity, Writable fields, delivery permission, tags,
  `_sdc_deleted_at`) must have the type their SCHEMA declares: a number where it says text,
  a word where it says boolean. Properties never sent cannot harm SATORI and are not checked.

The SDK's own `_sdc_` properties are not the record's and are left out. A SCHEMA that is not
a valid JSON Schema at all is refused, with the stream's records until a valid one arrives
(target.py).
"""

from __future__ import annotations

import typing as t

import jsonschema
from referencing.exceptions import Unresolvable
from singer_sdk.typing import DEFAULT_JSONSCHEMA_VALIDATOR

from target_satori_bridge.customers import DELETED_AT

if t.TYPE_CHECKING:
    from collections.abc import Collection, Mapping

SDC_PREFIX = "_sdc_"
MAX_MESSAGE = 200  # a reason quotes the value; a 10 kB value need not be quoted whole


def json_schema_problem(schema: Mapping[str, t.Any]) -> str | None:
    """Why a SCHEMA message's schema is not a JSON Schema records can be checked with, or None."""
    try:
        DEFAULT_JSONSCHEMA_VALIDATOR.check_schema(dict(schema))
    except jsonschema.SchemaError as exc:
        path = "".join(f"[{part!r}]" for part in exc.absolute_path)
        where = f"schema{path}" if path else "the schema's root"
        return f"not a valid JSON Schema at {where}: {exc.message[:MAX_MESSAGE]}"
    return None


class RecordSchema:
    """One SCHEMA message's schema, ready to check records against."""

    def __init__(self, schema: Mapping[str, t.Any]) -> None:
        """Prepare the checks (formats such as date-time are not checked, as in the SDK)."""
        self.declared = frozenset(schema.get("properties") or {})
        self.closed = schema.get("additionalProperties") in (None, False) and (
            "patternProperties" not in schema
        )
        self._validator = DEFAULT_JSONSCHEMA_VALIDATOR(
            dict(schema), format_checker=jsonschema.FormatChecker(formats=())
        )
        # Plain `{"type": …}` properties are checked with isinstance first: jsonschema costs
        # ~50 µs a record, and is needed only for its message when a value does not match.
        plain = set(schema) <= _PLAIN_ROOT
        self._plain = {
            name: types
            for name, spec in (schema.get("properties") or {}).items()
            if plain and (types := _plain_types(spec)) is not None
        }

    def problem(self, record: Mapping[str, t.Any], read: Collection[str]) -> str | None:
        """Why the record does not match the SCHEMA, naming the property; None when it does.

        Args:
            record: The record.
            read: The properties the target reads; only their types are checked.
        """
        if self.closed:
            for name, value in record.items():
                if value is not None and name not in self.declared and _own(name):
                    return (
                        f"property {name!r} is not declared in the stream's SCHEMA, so it can "
                        "be neither checked nor trusted; declare it in the SCHEMA (or set "
                        "validate_records to false)"
                    )
        projection = {name: record[name] for name in read if name in record}
        if all(
            name in self._plain and _matches(value, self._plain[name])
            for name, value in projection.items()
        ):
            return None
        try:
            errors = list(self._validator.iter_errors(projection))
        except Unresolvable:
            return self._unresolvable(projection)
        for error in errors:
            path = list(error.absolute_path)
            if not path:
                continue  # `required` and the like: a missing identity is named later
            message = error.message
            if len(message) > MAX_MESSAGE:
                message = message[:MAX_MESSAGE] + "…"
            inner = "".join(f"[{part!r}]" for part in path[1:])
            return f"property {path[0]!r}{inner}: {message} (its type in the stream's SCHEMA)"
        return None

    def _unresolvable(self, projection: Mapping[str, t.Any]) -> str:
        """Name the property whose schema holds a `$ref` that resolves nowhere."""
        for name, value in projection.items():
            try:
                list(self._validator.iter_errors({name: value}))
            except Unresolvable as exc:
                ref = getattr(exc, "ref", None) or str(exc)[:MAX_MESSAGE]
                return (
                    f"property {name!r} cannot be checked: its schema in the stream's SCHEMA "
                    f"holds a $ref that resolves nowhere ({ref!r})"
                )
        return "the stream's SCHEMA holds a $ref that resolves nowhere"


_PLAIN_ROOT = frozenset(
    {"type", "properties", "additionalProperties", "required", "title", "description", "$schema"}
)
_ANNOTATIONS = frozenset({"type", "format", "title", "description"})
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
    "number": (int, float),
    "integer": (int,),
}
PlainTypes = tuple[frozenset[str], frozenset[str] | None]


def _type_names(spec: t.Any) -> frozenset[str] | None:
    names = spec.get("type") if isinstance(spec, dict) else None
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not set(names) <= set(_PYTHON_TYPES):
        return None
    return frozenset(names)


def _plain_types(spec: t.Any) -> PlainTypes | None:
    """A property's types when its schema says no more than that (items of plain type too)."""
    if not isinstance(spec, dict) or not set(spec) <= _ANNOTATIONS | {"items"}:
        return None
    types = _type_names(spec)
    if types is None:
        return None
    if "items" not in spec:
        return types, None
    items = spec["items"]
    if not isinstance(items, dict) or not set(items) <= _ANNOTATIONS:
        return None
    item_types = _type_names(items)
    return None if item_types is None else (types, item_types)


def _is(value: object, types: frozenset[str]) -> bool:
    if isinstance(value, bool):
        return "boolean" in types
    if isinstance(value, float) and "integer" in types and value.is_integer():
        return True
    return any(isinstance(value, _PYTHON_TYPES[name]) for name in types)


def _matches(value: object, plain: PlainTypes) -> bool:
    types, item_types = plain
    if not _is(value, types):
        return False
    if item_types is not None and isinstance(value, list):
        return all(_is(item, item_types) for item in value)
    return True


def _own(name: str) -> bool:
    """Whether a property is the record's own (not one of the SDK's `_sdc_` additions)."""
    return not name.startswith(SDC_PREFIX) or name == DELETED_AT
