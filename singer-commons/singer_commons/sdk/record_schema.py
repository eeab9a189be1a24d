"""A SCHEMA message's schema as a check of records: refused SCHEMAs, undeclared and mistyped values.

Why here: the SDK validates records with the schema and then either stops the whole run or
logs and sends the record anyway, and it crashes building its validator from a SCHEMA that is
not a valid JSON Schema. A target that checks records against their SCHEMA wants neither: it
refuses such a SCHEMA (`schema_problem`, naming where it is wrong, see
`singer_commons.sdk.schema_target`) and each record that does not match goes to the reject
file, naming the property, while the run goes on. Three checks:

- the SCHEMA itself must be a valid JSON Schema;
- a record holding a value under a property its SCHEMA does not declare is refused, unless
  the SCHEMA allows more properties (`additionalProperties`, `patternProperties`): the tap
  and its SCHEMA disagree (a drift without a new SCHEMA), so the value can be neither checked
  nor trusted, and would vanish or land in a field nobody checked. A null carries nothing and
  passes; the SDK's own `_sdc_` properties are not the record's (`_sdc_deleted_at` is);
- a property the target sends (or reads) must have the type its SCHEMA declares: a number
  where it says text is refused, not sent as text. Properties never sent cannot harm the
  vendor and are not checked. Formats (date-time …) are not checked, as in the SDK.

Speed: most properties are declared as a plain type (`{"type": ["string", "null"]}`), which
one isinstance check per value settles; jsonschema (about 50 µs a record, but it words the
reason) only runs for other declarations and for a value that fails the quick check.
"""

from __future__ import annotations

import typing as t
from operator import methodcaller

import jsonschema
from referencing.exceptions import Unresolvable
from singer_sdk.typing import DEFAULT_JSONSCHEMA_VALIDATOR

from singer_commons.rejects import SDC_PREFIX

if t.TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

DELETED_AT = "_sdc_deleted_at"  # the one `_sdc_` property a record carries itself: a delete
MAX_MESSAGE = 200  # a reason quotes the value; a 10 kB value need not be quoted whole
CHECKED_AGAINST = "(checked against the stream's SCHEMA)"


def schema_problem(schema: Mapping[str, t.Any]) -> str | None:
    """Why a SCHEMA message's schema is not a JSON Schema records can be checked with, or None."""
    try:
        DEFAULT_JSONSCHEMA_VALIDATOR.check_schema(dict(schema))
    except jsonschema.SchemaError as exc:
        path = "".join(f"[{part!r}]" for part in exc.absolute_path)
        where = f"schema{path}" if path else "the schema's root"
        return f"not a valid JSON Schema at {where}: {_shortened(exc.message)}"
    return None


def quoted(name: str) -> str:
    """How a reason names a property: `property 'name'`."""
    return f"property {name!r}"


class RecordSchema:
    """One SCHEMA message's schema, ready to check records against."""

    def __init__(self, schema: Mapping[str, t.Any]) -> None:
        """Prepare the checks (the schema must be valid: see `schema_problem`)."""
        properties = schema.get("properties") or {}
        self.declared = frozenset(properties)
        # What a record may hold besides `_sdc_deleted_at`: its own declared properties.
        self.declared_own = frozenset(
            name for name in properties if not name.startswith(SDC_PREFIX)
        )
        self.closed = schema.get("additionalProperties") in (None, False) and (
            "patternProperties" not in schema
        )
        self._validator = DEFAULT_JSONSCHEMA_VALIDATOR(
            dict(schema), format_checker=jsonschema.FormatChecker(formats=())
        )
        # A root with more than these keywords (allOf, dependentRequired …) may constrain
        # a property beyond its own declaration: jsonschema judges every value then.
        plain = set(schema) <= _PLAIN_ROOT
        self._plain = {
            name: types
            for name, spec in properties.items()
            if plain and (types := _plain_types(spec)) is not None
        }
        # The plain types one isinstance settles: no numbers (a boolean is an int to Python,
        # not to JSON Schema) and no items to look into.
        self._quick = {
            name: tuple(kind for type_name in types for kind in _PYTHON_TYPES[type_name])
            for name, (types, item_types) in self._plain.items()
            if item_types is None and not types & _NUMBERS
        }

    def text_columns(
        self,
        records: Sequence[Mapping[str, t.Any]],
        names: Iterable[str],
        *,
        check_types: bool,
    ) -> dict[str, list[str | None]] | None:
        """Each named property's values, if a whole batch of records is plain text.

        Plain: every record holds only properties the (closed) SCHEMA declares, none of them
        `_sdc_`, and text or null under each name, of its declared type when `check_types`.
        For a target judging a batch at once: None says only that some record needs its own
        checks (a null may be a missing property, which only its record tells apart).
        """
        if not self.closed or not all(map(self.declared_own.issuperset, records)):
            return None
        columns = {}
        for name in names:
            values = list(map(methodcaller("get", name), records))  # C-speed, unlike a loop
            kinds = set(map(type, values))
            if not kinds <= _TEXT_OR_NULL:
                return None
            if check_types and not kinds <= set(self._quick.get(name) or ()):
                return None
            columns[name] = values
        return columns

    def undeclared_problem(self, record: Mapping[str, t.Any]) -> str | None:
        """Why the record holds a value the SCHEMA does not declare (naming it), or None."""
        if not self.closed or self.declared.issuperset(record):
            return None
        for name, value in record.items():
            if value is not None and name not in self.declared and _own(name):
                return (
                    f"{quoted(name)} is not declared in the stream's SCHEMA, so its value can "
                    "be neither checked nor trusted; declare it in the SCHEMA or leave it out"
                )
        return None

    def type_problem(
        self,
        record: Mapping[str, t.Any],
        sent: Collection[str],
        name: Callable[[str], str] = quoted,
    ) -> str | None:
        """Why a sent value does not have its declared type, or None when all do.

        Args:
            record: The record.
            sent: The properties the target sends (or reads), in the order to check them:
                the first at fault is named.
            name: How the reason names a property (a target may add the vendor's field).
        """
        for key in sent:
            if key not in record:
                continue
            value = record[key]
            quick = self._quick.get(key)
            if quick is not None and isinstance(value, quick):
                continue
            plain = self._plain.get(key)
            if plain is None or not _matches(value, plain):
                break
        else:
            return None
        projection = {key: record[key] for key in sent if key in record}
        try:
            errors = [error for error in self._validator.iter_errors(projection) if error.path]
        except Unresolvable:
            return self._unresolvable(projection, name)
        if not errors:  # `required` and the like: a missing identity is the target's to name
            return None
        order = {key: index for index, key in enumerate(sent)}
        error = min(errors, key=lambda error: order.get(error.path[0], len(order)))
        inner = "".join(f"[{part!r}]" for part in list(error.path)[1:])
        return f"{name(str(error.path[0]))}{inner}: {_shortened(error.message)} {CHECKED_AGAINST}"

    def _unresolvable(self, projection: Mapping[str, t.Any], name: Callable[[str], str]) -> str:
        """Name the property whose schema holds a `$ref` that resolves nowhere."""
        for key, value in projection.items():
            try:
                list(self._validator.iter_errors({key: value}))
            except Unresolvable as exc:
                ref = getattr(exc, "ref", None) or str(exc)[:MAX_MESSAGE]
                return (
                    f"{name(key)} cannot be checked: its schema in the stream's SCHEMA holds a "
                    f"$ref that resolves nowhere ({ref!r})"
                )
        return "the stream's SCHEMA holds a $ref that resolves nowhere"


_PLAIN_ROOT = frozenset(
    {"type", "properties", "additionalProperties", "required", "title", "description", "$schema"}
)
# Keywords that do not constrain a value.
_ANNOTATIONS = frozenset({"type", "format", "title", "description", "default", "examples"})
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
    "number": (int, float),
    "integer": (int,),
}
_NUMBERS = frozenset({"number", "integer"})
_TEXT_OR_NULL = frozenset({str, type(None)})
PlainTypes = tuple[frozenset[str], frozenset[str] | None]


def _shortened(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "…"


def _type_names(spec: t.Any) -> frozenset[str] | None:
    names = spec.get("type") if isinstance(spec, dict) else None
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not names or not set(names) <= set(_PYTHON_TYPES):
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
    """JSON Schema's types: a boolean is no number, 3.0 is an integer."""
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
