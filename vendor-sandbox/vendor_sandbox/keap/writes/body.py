"""Request bodies of Keap's write endpoints: their fields, and Keap's 400 when one is wrong.

A schema is a mapping of field name to `Field`, written from the request schemas of Keap's
v1 OpenAPI (ballerina-platform/openapi-connectors `openapi/keap/openapi.yml`, "Keap API
v1.70.0.453309"). Keap answers a body it cannot read with 400 `{"message": "Input could not
be converted to a valid request"}` (seen on POST /tasks, infusionsoft/infusionsoft-php#190,
and POST /hooks, infusionsoft/infusionsoft-php#93): malformed JSON, or a value of the wrong
type such as an object where a date string belongs. The sandbox keeps that text and adds
which field is wrong after a colon (the detail is the sandbox's own; assumed). A missing
required field and an invalid email address are 400 `{"message": ...}` too, with the
sandbox's wording (assumed: no public source shows Keap's).

Scalars are read the way Java's Jackson reads them (Keap's Error schema is a serialized Java
Throwable): a number or boolean where a string belongs is taken as its text, and a string of
digits where an integer belongs as the number; an object or a list in a scalar's place, or
a word in a number's place, is refused. Fields a schema does not name are ignored, as
Jackson is commonly configured to do (assumed); the write log lists them, so a test can
catch a client that misspells a field. A `null` counts as absent.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import typing as t
from dataclasses import dataclass, replace
from datetime import date

from vendor_sandbox.keap.clock import iso_millis, parse_iso
from vendor_sandbox.keap.errors import KeapError, bad_request

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.keap.call import Call

CONVERT = "Input could not be converted to a valid request"
JSON_TYPE = "application/json"
# Deliberately loose (one @, a dot in the domain, no spaces): Keap's own rule is not public.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
TEXT, WHOLE, NUMBER, FLAG, MOMENT, DAY = "text", "whole", "number", "flag", "moment", "day"
ADDRESS, CHOICE, OBJECT, LIST, ANY, BASE64 = "email", "choice", "object", "list", "any", "base64"
_EXPECTED = {
    TEXT: "a string",
    WHOLE: "an integer",
    NUMBER: "a number",
    FLAG: "true or false",
    MOMENT: "an ISO 8601 date-time",
    DAY: "a date (YYYY-MM-DD)",
    ADDRESS: "a string",
    OBJECT: "an object",
    LIST: "a list",
    BASE64: "base64 text",
}


@dataclass(frozen=True)
class Field:
    """One body field: its kind, whether it is required, and what it holds."""

    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: Mapping[str, Field] | None = None
    item: Field | None = None

    def needed(self) -> Field:
        """The same field, required."""
        return replace(self, required=True)


def text() -> Field:
    """A string (a number or boolean sent instead is taken as its text)."""
    return Field(TEXT)


def whole() -> Field:
    """An integer (int32/int64; a string of digits is taken as the number)."""
    return Field(WHOLE)


def number() -> Field:
    """A number (double)."""
    return Field(NUMBER)


def flag() -> Field:
    """A boolean (`"true"`/`"false"` strings are taken as booleans)."""
    return Field(FLAG)


def moment() -> Field:
    """A date-time, stored as Keap writes timestamps (UTC, milliseconds, `Z`)."""
    return Field(MOMENT)


def day() -> Field:
    """A date, `YYYY-MM-DD`."""
    return Field(DAY)


def email() -> Field:
    """An email address; an invalid one is refused with its own message."""
    return Field(ADDRESS)


def base64_text() -> Field:
    """A string of base64 (file and email contents)."""
    return Field(BASE64)


def anything() -> Field:
    """Any JSON value (a custom field's `content`)."""
    return Field(ANY)


def choice(*values: str) -> Field:
    """One of `values`, matched exactly (Jackson reads Java enums by their exact name)."""
    return Field(CHOICE, choices=values)


def obj(**fields: Field) -> Field:
    """An object with these fields."""
    return Field(OBJECT, fields=fields)


def items(item: Field) -> Field:
    """A list of `item`s."""
    return Field(LIST, item=item)


def ref() -> Field:
    """A reference to another record by id: `{"id": <int64>}`."""
    return obj(id=whole().needed())


@dataclass(frozen=True)
class Body:
    """A checked body: the raw JSON as sent, its known fields, and the ignored names."""

    raw: t.Any
    values: dict[str, t.Any]
    ignored: tuple[str, ...]


def read(call: Call, schema: Mapping[str, Field], *, partial: bool = False) -> Body:
    """The call's JSON body checked against `schema`.

    Args:
        call: The call.
        schema: The body's fields.
        partial: A PATCH: top-level fields are not required (nested ones still are).

    Raises:
        KeapError: 415 for a body that is not JSON, 400 for one Keap would refuse.
    """
    raw = parse(call)
    ignored: list[str] = []
    values = _object(schema, raw, "", ignored, partial=partial)
    return Body(raw, values, tuple(ignored))


def parse(call: Call) -> t.Any:
    """The call's body as JSON (an empty body reads as an empty object).

    Raises:
        KeapError: 415 when a body is sent as another media type (assumed: Keap's API is a
            Java JSON service and names the type it refuses); 400 for malformed JSON.
    """
    if not call.body.strip():
        return {}
    if call.content_type != JSON_TYPE and not call.content_type.endswith("+json"):
        shown = call.content_type or "none"
        raise KeapError(415, {"message": f"Content type '{shown}' not supported"})
    try:
        return json.loads(call.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad_request(CONVERT) from None


def wrong(path: str, expected: str) -> KeapError:
    """400 for a value Keap cannot convert, naming the field and what it must be."""
    return bad_request(f"{CONVERT}: '{path}' must be {expected}")


def missing(path: str) -> KeapError:
    """400 for a required field left out."""
    return bad_request(f"'{path}' is required")


def _object(
    schema: Mapping[str, Field], value: t.Any, path: str, ignored: list[str], *, partial: bool
) -> dict[str, t.Any]:
    if not isinstance(value, dict):
        raise wrong(path or "body", _EXPECTED[OBJECT])
    checked: dict[str, t.Any] = {}
    ignored.extend(f"{path}{name}" for name in value if name not in schema)
    for name, spec in schema.items():
        where = f"{path}{name}"
        given = value.get(name)
        if given is None:
            if spec.required and not partial:
                raise missing(where)
            continue
        checked[name] = _value(spec, given, where, ignored)
    return checked


def _value(spec: Field, value: t.Any, path: str, ignored: list[str]) -> t.Any:
    if spec.kind == OBJECT:
        return _object(spec.fields or {}, value, f"{path}.", ignored, partial=False)
    if spec.kind == LIST:
        if not isinstance(value, list):
            raise wrong(path, _EXPECTED[LIST])
        item = spec.item or anything()
        return [_value(item, entry, f"{path}[{n}]", ignored) for n, entry in enumerate(value)]
    if spec.kind == ANY:
        return value
    if isinstance(value, dict | list):
        raise wrong(path, _expected(spec))
    return _SCALARS[spec.kind](spec, value, path)


def _expected(spec: Field) -> str:
    if spec.kind == CHOICE:
        return f"one of {', '.join(spec.choices)}"
    return _EXPECTED[spec.kind]


def _text(spec: Field, value: t.Any, path: str) -> str:
    del spec, path
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _whole(spec: Field, value: t.Any, path: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise wrong(path, _expected(spec))


def _number(spec: Field, value: t.Any, path: str) -> float | int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise wrong(path, _expected(spec))


def _flag(spec: Field, value: t.Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    raise wrong(path, _expected(spec))


def _moment(spec: Field, value: t.Any, path: str) -> str:
    parsed = parse_iso(value) if isinstance(value, str) else None
    if parsed is None:
        raise wrong(path, _expected(spec))
    return iso_millis(parsed)


def _day(spec: Field, value: t.Any, path: str) -> str:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise wrong(path, _expected(spec))


def _email(spec: Field, value: t.Any, path: str) -> str:
    del spec
    if not isinstance(value, str) or not EMAIL.fullmatch(value.strip()):
        raise bad_request(f"'{path}' is not a valid email address: {value!r}")
    return value.strip()


def _choice(spec: Field, value: t.Any, path: str) -> str:
    if value not in spec.choices:
        raise wrong(path, f"{_expected(spec)} (got {value!r})")
    return str(value)


def _base64(spec: Field, value: t.Any, path: str) -> str:
    try:
        base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise wrong(path, _expected(spec)) from None
    return str(value)


_SCALARS: dict[str, t.Callable[[Field, t.Any, str], t.Any]] = {
    TEXT: _text,
    WHOLE: _whole,
    NUMBER: _number,
    FLAG: _flag,
    MOMENT: _moment,
    DAY: _day,
    ADDRESS: _email,
    CHOICE: _choice,
    BASE64: _base64,
}
