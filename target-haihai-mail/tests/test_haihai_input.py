import io

from target_haihai_mail.identities import FirstRows
from target_haihai_mail.reader import InputReader


def read(text):
    reader = InputReader()
    refused, seen = [], []
    reader.on_malformed = lambda _stream, _message, reason: refused.append(reason)
    callbacks = {
        kind: (lambda message, reader=reader: seen.append((reader.line_number, message["type"])))
        for kind in ("SCHEMA", "RECORD", "STATE")
    }
    reader.process_lines(io.StringIO(text), callbacks)
    return refused, seen


def test_bytes_that_are_not_utf8_are_refused_with_their_line_and_the_rest_goes_on():
    shift_jis = "髙橋".encode("cp932").decode("utf-8", "surrogateescape")
    refused, seen = read(
        '{"type": "SCHEMA", "stream": "s", "schema": {"properties": {}}}\n'
        f'{{"type": "RECORD", "stream": "s", "record": {{"name": "{shift_jis}"}}}}\n'
        "\n"
        '{"type": "STATE", "value": {}}\n'
    )
    assert refused == ["input line 2: not valid UTF-8 (byte 0xEE at character 55)"]
    assert seen == [(1, "SCHEMA"), (4, "STATE")]


def test_a_lone_surrogate_escape_is_named():
    refused, _ = read('{"type": "RECORD", "stream": "s", "record": {"name": "x\\udc00"}}\n')
    assert refused == [
        "input line 1: not valid JSON (a lone surrogate \\udc00 at character 56: JSON text "
        "must be valid Unicode)"
    ]


def test_the_first_row_of_an_address_is_kept_per_operation_whatever_its_case(tmp_path):
    rows = FirstRows(tmp_path / "first.sqlite")
    assert rows.claim("register", "a@example.jp", "line 2") is None
    assert rows.claim("register", "A@Example.JP", "line 5") == "line 2"
    assert rows.claim("delete", "a@example.jp", "line 6") is None
    assert rows.claim("register", "b@example.jp", "line 7") is None
    rows.close()
