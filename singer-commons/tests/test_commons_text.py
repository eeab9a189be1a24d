"""Text no vendor can store: lone surrogates and control characters, and spelling them out."""

import json

import pytest

from singer_commons.text import control_problem, spelled_out, surrogate_problem, text_problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("株式会社\x00", "contains the control character U+0000 (NUL) at position 5"),
        ("a\x1bb", "contains the control character U+001B (ESC) at position 2"),
        ("a\x07", "U+0007 (BEL) at position 2"),
        ("製造\x7f", "U+007F (DEL) at position 3"),
        ("\x85", "U+0085 (NEL) at position 1"),
        ("\x9f", "U+009F (APC) at position 1"),
        ("ok\ud800", "holds a lone UTF-16 surrogate (U+D800) at position 3"),
        (
            "Caf\udce9",
            "holds a byte that is not UTF-8 (0xe9), or a lone UTF-16 surrogate U+DCE9, at "
            "position 4",
        ),
        ("\x00\ud800", "surrogate (U+D800) at position 2"),  # the worse problem first
    ],
)
def test_text_no_vendor_can_store_is_named_with_its_position(text, problem):
    reason = text_problem(text, "SATORI")

    assert problem in str(reason)
    assert str(reason).endswith(", which SATORI cannot store")


@pytest.mark.parametrize("text", ["山田 太郎", "住所1\n住所2", "a\tb", "a\r\nb", "😀", ""])
def test_text_with_tabs_line_breaks_and_any_script_is_storable(text):
    assert text_problem(text, "Marketo") is None
    assert surrogate_problem(text) is None
    assert control_problem(text) is None


def test_spelled_out_makes_any_value_writable_as_utf8():
    value = {"k\ud800": ["a\udcff", 1, None, ("\udc80",)], "ok": "東京", "n": 1.5}

    spelled = spelled_out(value)

    assert spelled == {"k\\ud800": ["a\\xff", 1, None, ["\\x80"]], "ok": "東京", "n": 1.5}
    json.dumps(spelled, ensure_ascii=False).encode("utf-8")


def test_spelled_out_keeps_text_without_surrogates_as_it_is():
    text = "東京\x00"
    assert spelled_out(text) is text
