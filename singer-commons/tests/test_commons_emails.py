import pytest

from singer_commons.emails import email_problem


@pytest.mark.parametrize(
    "address", ["taro@example.jp", "first.last+tag@mail.example.co.jp", "o'neil@example.com"]
)
def test_usable_addresses_pass(address):
    assert email_problem(address) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "missing"),
        ("  ", "missing"),
        (42, "must be text"),
        ("no-at-sign", "not a valid email"),
        ("a@localhost", "not a valid email"),
        ("a b@example.jp", "not a valid email"),
        ("a..b@example.jp", "not a valid email"),
        ("x" * 65 + "@example.jp", "before @"),
        ("a@" + "b" * 250 + ".jp", "longer than 254"),
    ],
)
def test_unusable_values_say_why(value, reason):
    problem = email_problem(value)
    assert problem is not None
    assert reason in problem
