"""What the target checks before sending: formula-like text, customer shapes, email conflicts.

The shared checks (the reader, the reject file, text no vendor can store, records against
their SCHEMA) are tested in singer-commons/tests.
"""

from __future__ import annotations

import pytest

from singer_commons.csvcodec import FormulaCells
from singer_commons.errors import RecordRejected
from target_satori_bridge.conflicts import EmailOwners
from target_satori_bridge.customers import CustomerShape
from target_satori_bridge.fields import parse_field_linkage
from target_satori_bridge.mappings import TagMapping
from target_satori_bridge.values import ValueProblem, checked_text


@pytest.mark.parametrize("text", ["=1+1", "+81-3-1234-5678", "-", "@here", "\tx"])
def test_formula_like_text_is_neutralised_or_refused(text):
    assert checked_text(text, FormulaCells.NEUTRALISE) == ("'" + text, True)
    with pytest.raises(ValueProblem, match="formula_cells is reject"):
        checked_text(text, FormulaCells.REJECT)
    assert checked_text("山田 = 太郎", FormulaCells.REJECT) == ("山田 = 太郎", False)


def shape(formulas=FormulaCells.NEUTRALISE):
    return CustomerShape(
        identity_type="email",
        identity_property="email",
        links=parse_field_linkage({"lead_company_name": {"linkage": "Writable", "property": "co"}}),
        append_tags=TagMapping.from_setting("append_tags", {"property": "tags"}),
        formulas=formulas,
    )


def test_values_and_tags_are_neutralised_alike_and_an_email_never():
    change = shape().change({"email": "a@example.com", "co": "=1+1", "tags": ["@x", "ok"], "n": 5})
    assert change.cells == {"lead_company_name": "'=1+1"}
    assert change.append_tags == ("'@x", "ok")
    assert change.neutralised == ("co", "tags")
    numbers = shape(FormulaCells.REJECT).change({"email": "a@example.com", "co": -5})
    assert numbers.cells == {"lead_company_name": "-5"}  # a number carries no formula
    with pytest.raises(RecordRejected, match="'tags' \\(append_tags\\), tag '@x'"):
        shape(FormulaCells.REJECT).change({"email": "a@example.com", "tags": ["@x"]})
    with pytest.raises(RecordRejected, match="cannot be neutralised"):
        shape().change({"email": "=cmd@example.com"})


def test_read_properties_and_email_property():
    the_shape = shape()
    assert the_shape.read_properties == ("email", "co", "tags", "_sdc_deleted_at")
    assert the_shape.email_property == "email"


def test_two_source_records_sharing_an_email_within_a_stream():
    owners = EmailOwners()
    assert owners.key_conflict("contacts", "a@x.jp", "id=1") is None
    assert owners.key_conflict("contacts", "A@X.jp", "id=1") is None
    reason = owners.key_conflict("contacts", "a@x.jp", "id=2")
    assert reason is not None
    assert "(id=1)" in reason
    assert "this one is id=2" in reason
    assert owners.key_conflict("leads", "a@x.jp", "id=2") is None
