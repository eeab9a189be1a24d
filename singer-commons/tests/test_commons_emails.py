import pytest

from singer_commons.emails import all_valid, email_problem

USABLE = ["taro@example.jp", "first.last+tag@mail.example.co.jp", "o'neil@example.com"]
TEXT_REFUSED = [
    "",
    "  ",
    "no-at-sign",
    "a@localhost",
    "a b@example.jp",
    "a..b@example.jp",
    "x" * 65 + "@example.jp",
    "a@" + "b" * 250 + ".jp",
    "a@example.jp\nb@example.jp",  # two usable lines are still one unusable value
    "a@example.jp\n",
    " a@example.jp",
    "\uff41@example.jp",  # a fullwidth a
]


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


def test_a_column_is_valid_exactly_when_every_value_is():
    assert all_valid(USABLE)
    assert all_valid(["x" * 64 + "@example.jp", "a@" + "b" * 61 + "." + "c" * 63 + ".jp"])
    assert not all_valid([])
    for value in TEXT_REFUSED:
        assert email_problem(value) is not None, value
        for column in ([value], [*USABLE, value], [value, *USABLE]):
            assert not all_valid(column), column
