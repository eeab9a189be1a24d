"""The form of SATORI's single API (`customer/upsert.json`, `customer/delete.json`).

Public callers post everything about the customer inside `customer[...]`, next to the four
keys: `customer[identity_type]`, `customer[email]` (or `customer[hashcode]`), each field as
`customer[<key>]` (custom fields `customer[custom:<key>]`), `customer[delivery_permission]`
and `customer[append_tags]` (comma-separated) — Ippei-f/toshinjyuken.co.jp,
src/hiraya/temp_php/form/satori.php and src/kodate/temp_php/form/satori.php. The bulk CSV
has top-level columns instead (bulk.py).

The single API's delivery permission is a word of its own: public callers send `approval`
for 許可. No public source shows the single API's word that refuses delivery, so it is the
setting `single_api_refusal_value`, `reject` by default (assumed, with no public source:
users set the word SATORI's API v4 manual gives them). Records carry 許可 / 拒否
(mappings.py), the bulk CSV's values; they are translated here, only for a single call.

The form stays in the target rather than in satori-client: it is built from the target's
`CustomerChange` and its `single_api_refusal_value` setting, and only the target posts it;
the client sends whatever form it is given, with the keys (`SatoriConnection.post_form`).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from target_satori_bridge.customers import APPEND_TAGS, DELIVERY_PERMISSION
from target_satori_bridge.mappings import ALLOW, DENY, TAG_SEPARATOR

if t.TYPE_CHECKING:
    from target_satori_bridge.customers import CustomerChange

APPROVAL = "approval"  # customer[delivery_permission] for 許可, as public callers send it
IDENTITY_TYPE = "identity_type"


def customer_param(key: str) -> str:
    """The form name of a customer attribute: `customer[<key>]`."""
    return f"customer[{key}]"


@dataclass(frozen=True)
class SingleForm:
    """Builds the single API's form fields (the connection adds the four keys).

    Attributes:
        identity_type: `email` or `hashcode`, as `customer[identity_type]`.
        refusal_value: What `customer[delivery_permission]` says for 拒否.
    """

    identity_type: str
    refusal_value: str

    def identity(self, identity: str) -> dict[str, str]:
        """The fields naming one customer (all a delete sends)."""
        return {
            customer_param(IDENTITY_TYPE): self.identity_type,
            customer_param(self.identity_type): identity,
        }

    def upsert(self, change: CustomerChange) -> dict[str, str]:
        """The fields of one upsert: identity, values, cleared fields, permission, tags."""
        fields = self.identity(change.identity)
        fields.update({customer_param(key): text for key, text in change.cells.items()})
        fields.update({customer_param(key): "" for key in change.clears})
        if change.delivery_permission:
            fields[customer_param(DELIVERY_PERMISSION)] = self.permission(
                change.delivery_permission
            )
        if change.append_tags:
            fields[customer_param(APPEND_TAGS)] = TAG_SEPARATOR.join(change.append_tags)
        return fields

    def clears(self, change: CustomerChange) -> dict[str, str]:
        """The fields that clear what a bulk row left alone (blank cells never clear)."""
        fields = self.identity(change.identity)
        fields.update({customer_param(key): "" for key in change.clears})
        return fields

    def permission(self, value: str) -> str:
        """The single API's word for 許可 or 拒否."""
        return {ALLOW: APPROVAL, DENY: self.refusal_value}[value]
