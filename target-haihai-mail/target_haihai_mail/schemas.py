"""What a stream's SCHEMA says about its records: refused SCHEMAs, undeclared and mistyped values.

A SCHEMA that is not a valid JSON Schema is refused (the SDK would crash building its
validator). A register record is refused when it carries a value under a property its
SCHEMA does not declare, or when a property it sends does not have the type its SCHEMA
declares (a number where the SCHEMA says text is refused, not written as text). Each reason
names the property; the record goes to the reject file and the load goes on.

Speed: most properties are declared as a plain type (`{"type": ["string", "null"]}`), which
an isinstance check settles; the SDK's JSON Schema validator (slow, but it words the
reason) only runs for other declarations and for a value that fails the quick check.
"""

from __future__ import annotations

import typing as t

from singer_sdk.exceptions import InvalidJSONSchema
from singer_sdk.sinks.core import JSONSchemaValidator

from singer_commons.rejects import SDC_PREFIX
from target_haihai_mail.rows import RecordRejected

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

# Keywords that do not constrain a value (formats are not checked, as in the SDK's default).
_ANNOTATIONS = frozenset({"type", "format", "description", "title", "default", "examples"})


def _is_integer(value: t.Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPE_TESTS: dict[str, Callable[[t.Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "integer": _is_integer,
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
}


class ErrorTree(t.Protocol):
    """What a JSON Schema validator (jsonschema's, as the SDK builds it) offers here."""

    def iter_errors(self, instance: t.Any) -> Iterable[t.Any]:
        """Every error of `instance`, each with `.path` and `.message`."""
        ...


def schema_problem(schema: dict[str, t.Any]) -> str | None:
    """Why `schema` is not a valid JSON Schema (naming where), or None."""
    try:
        JSONSchemaValidator(schema)
    except InvalidJSONSchema as exc:
        cause = exc.__cause__
        message = getattr(cause, "message", None) or str(exc).splitlines()[0]
        path = ".".join(str(part) for part in getattr(cause, "path", ()))
        return f"{message}, at {path}" if path else message
    return None


def check_declared(record: Mapping[str, t.Any], declared: Mapping[str, t.Any]) -> None:
    """Refuse a value under a property the stream's SCHEMA does not declare.

    Such a value was never announced: the mapping to 配配メール fields (and the log line
    listing what is not sent) was made from the SCHEMA, so the value would vanish silently,
    or land in a field nobody checked. A null carries nothing and passes.

    Raises:
        RecordRejected: naming the first such property.
    """
    for name, value in record.items():
        if value is not None and name not in declared and not name.startswith(SDC_PREFIX):
            msg = (
                f"field '{name}': not declared in the stream's SCHEMA, so it can be neither "
                "checked nor sent; declare it (and map it with field_map) or leave it out"
            )
            raise RecordRejected(msg)


def check_types(record: Mapping[str, t.Any], validator: ErrorTree, sent: Mapping[str, str]) -> None:
    """Refuse a value of a sent property that does not have the type its SCHEMA declares.

    Only properties that are sent are checked (a property 配配メール never sees cannot harm
    it).

    Args:
        record: The Singer record.
        validator: The stream's SCHEMA validator.
        sent: Property → database field of the properties this record sends.

    Raises:
        RecordRejected: naming the first property (in schema order) at fault.
    """
    projection = {name: record[name] for name in sent if name in record}
    order = {name: index for index, name in enumerate(sent)}
    at_fault = [error for error in validator.iter_errors(projection) if error.path]
    if at_fault:
        error = min(at_fault, key=lambda error: order.get(error.path[0], len(order)))
        name = str(error.path[0])
        field = sent.get(name, "?")
        msg = f"field '{name}' ({field}): {error.message} (checked against the stream's SCHEMA)"
        raise RecordRejected(msg)


def _quick_test(declaration: t.Any) -> Callable[[t.Any], bool] | None:
    """An isinstance test equivalent to a plain type declaration, or None for anything else."""
    if not isinstance(declaration, dict) or not set(declaration) <= _ANNOTATIONS:
        return None
    kinds = declaration.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(_TYPE_TESTS):
        return None
    tests = [_TYPE_TESTS[kind] for kind in kinds]
    return lambda value: any(test(value) for test in tests)


class DeclaredTypes:
    """Checks the values a record sends against the types its stream's SCHEMA declares."""

    def __init__(self, validator: ErrorTree, properties: Mapping[str, t.Any]) -> None:
        """Prepare the quick test of each property declared as a plain type."""
        self.validator = validator
        self._quick = {name: _quick_test(declaration) for name, declaration in properties.items()}

    def check(self, record: Mapping[str, t.Any], sent: Mapping[str, str]) -> None:
        """Refuse the record when a value it sends has the wrong type (see `check_types`).

        Raises:
            RecordRejected: naming the property.
        """
        for name in sent:
            if name in record:
                test = self._quick.get(name)
                if test is None or not test(record[name]):
                    check_types(record, self.validator, sent)
                    return
