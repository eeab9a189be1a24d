"""Delivery permission and tags: what a record says beside the customer fields.

Both the single API and the bulk CSV take a delivery permission (メール配信可否) and
`append_tags`; only the bulk CSV takes `delete_tags` (vendor notes). The bulk CSV's column
takes 許可 or 拒否, the words a change carries here; the single API has words of its own
(`customer[delivery_permission]`: `approval`, ...), to which single_form.py translates. Each
comes from a record's property, from a fixed value (every record of a reactions feed gets
the tag "配配メール開封", every unsubscribe gets 拒否), or both for tags.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_commons.text import text_problem
from target_satori_bridge.values import SATORI

if t.TYPE_CHECKING:
    from collections.abc import Mapping

ALLOW = "許可"
DENY = "拒否"
MAX_TAG_LENGTH = 255
TAG_SEPARATOR = ","
_ALLOW_WORDS = frozenset({ALLOW, "true", "yes", "1", "allow", "allowed", "on", "approval"})
_DENY_WORDS = frozenset({DENY, "false", "no", "0", "deny", "denied", "off", "reject"})


class MappingError(ValueError):
    """A mapping setting that cannot work; the message names the setting."""


class ValueRejected(ValueError):
    """A record's value SATORI would refuse; the message names the property and the value."""


def is_blank(value: object) -> bool:
    """Whether a value says nothing: absent, null or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class PermissionMapping:
    """Where `delivery_permission` comes from.

    Attributes:
        property: The record property holding it (booleans, 許可/拒否, yes/no, …).
        value: A fixed 許可 or 拒否 for every record (used when the property says nothing).
        values: Translations of the property's values, e.g. {"subscribed": "許可"}.
    """

    property: str | None = None
    value: str | None = None
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_setting(cls, raw: Mapping[str, t.Any] | None) -> PermissionMapping | None:
        """The mapping the `delivery_permission` setting describes, checked.

        Raises:
            MappingError: naming what is wrong.
        """
        if not raw:
            return None
        _only_keys("delivery_permission", raw, {"property", "value", "values"})
        value = raw.get("value")
        if value is not None and value not in {ALLOW, DENY}:
            msg = f"delivery_permission.value must be {ALLOW} or {DENY}, got {value!r}"
            raise MappingError(msg)
        values = raw.get("values") or {}
        if not isinstance(values, dict) or any(v not in {ALLOW, DENY} for v in values.values()):
            msg = f"delivery_permission.values must map property values to {ALLOW} or {DENY}"
            raise MappingError(msg)
        if not raw.get("property") and value is None:
            msg = "delivery_permission needs a property, a fixed value, or both"
            raise MappingError(msg)
        return cls(
            raw.get("property") or None, value, tuple((str(k), v) for k, v in values.items())
        )

    def permission(self, record: Mapping[str, t.Any]) -> str | None:
        """許可, 拒否, or None to leave SATORI's value as it is.

        Raises:
            ValueRejected: a value that says neither.
        """
        raw = record.get(self.property) if self.property else None
        if is_blank(raw):
            return self.value
        text = str(raw).lower() if isinstance(raw, bool) else str(raw).strip()
        translated = dict(self.values).get(text)
        if translated is not None:
            return translated
        if text.lower() in _ALLOW_WORDS:
            return ALLOW
        if text.lower() in _DENY_WORDS:
            return DENY
        msg = (
            f"property '{self.property}' = {raw!r} is not a delivery permission "
            f"({ALLOW}/{DENY}, true/false, yes/no; or map it in delivery_permission.values)"
        )
        raise ValueRejected(msg)


@dataclass(frozen=True)
class TagMapping:
    """Tags to add (or remove): fixed ones and those a record's property lists.

    Attributes:
        setting: `append_tags` or `delete_tags`, for messages.
        property: The record property holding tag names (a list, or comma-separated text).
        tags: Fixed tag names for every record.
    """

    setting: str
    property: str | None = None
    tags: tuple[str, ...] = ()

    @classmethod
    def from_setting(cls, setting: str, raw: Mapping[str, t.Any] | None) -> TagMapping | None:
        """The mapping a tags setting describes, checked.

        Raises:
            MappingError: naming what is wrong.
        """
        if not raw:
            return None
        _only_keys(setting, raw, {"property", "tags"})
        tags = raw.get("tags") or []
        if not isinstance(tags, list):
            msg = f"{setting}.tags must be a list of tag names"
            raise MappingError(msg)
        for tag in tags:
            if problem := tag_problem(tag):
                msg = f"{setting}.tags: {problem}"
                raise MappingError(msg)
        if not raw.get("property") and not tags:
            msg = f"{setting} needs a property, fixed tags, or both"
            raise MappingError(msg)
        return cls(setting, raw.get("property") or None, tuple(tags))

    def names(self, record: Mapping[str, t.Any]) -> tuple[str, ...]:
        """The fixed tags, then the record's, without duplicates.

        Raises:
            ValueRejected: a tag name SATORI cannot hold (empty, a comma, too long, a
                control character).
        """
        names = list(self.tags)
        raw = record.get(self.property) if self.property else None
        if isinstance(raw, list):
            for tag in raw:
                if problem := tag_problem(tag):
                    msg = f"property '{self.property}' ({self.setting}): {problem}"
                    raise ValueRejected(msg)
                names.append(tag.strip())
        elif isinstance(raw, str):
            names += [tag.strip() for tag in raw.split(TAG_SEPARATOR) if tag.strip()]
        elif raw is not None:
            msg = f"property '{self.property}' ({self.setting}) must be a list or text, got {raw!r}"
            raise ValueRejected(msg)
        for tag in names:
            if problem := tag_problem(tag):
                msg = f"property '{self.property}' ({self.setting}): {problem}"
                raise ValueRejected(msg)
        return tuple(dict.fromkeys(names))


def tag_problem(tag: object) -> str | None:
    """Why a tag name cannot be sent, or None."""
    if not isinstance(tag, str) or not tag.strip():
        return f"tag name {tag!r} must be non-empty text"
    if TAG_SEPARATOR in tag:
        return f"tag name {tag!r} contains a comma, which separates tags in SATORI"
    if problem := text_problem(tag, SATORI):
        return f"tag name {tag[:20]!r}: {problem}"
    if any(char in tag for char in "\t\r\n"):
        return f"tag name {tag[:20]!r} contains a tab or line break"
    if len(tag) > MAX_TAG_LENGTH:
        return f"tag name {tag[:20]!r}… is longer than {MAX_TAG_LENGTH} characters"
    return None


def _only_keys(setting: str, raw: Mapping[str, t.Any], allowed: set[str]) -> None:
    if not isinstance(raw, dict):
        msg = f"{setting} must be an object"
        raise MappingError(msg)
    unknown = set(raw) - allowed
    if unknown:
        msg = f"{setting}: unknown keys {sorted(unknown)} (use {', '.join(sorted(allowed))})"
        raise MappingError(msg)
