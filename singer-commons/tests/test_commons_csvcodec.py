from contextlib import closing

import pytest

from singer_commons.csvcodec import (
    CellRejected,
    CsvFileWriter,
    CsvFormat,
    FormulaCells,
    all_plain,
    charset_of,
    checked_cell,
    decode_csv,
    read_csv_rows,
    unencodable,
)

CP932_CRLF = CsvFormat.from_settings("cp932", "crlf")


@pytest.mark.parametrize(
    ("encoding", "codec"),
    [("Shift_JIS", "cp932"), ("sjis", "cp932"), ("CP932", "cp932"), ("UTF-8", "utf-8")],
)
def test_shift_jis_spellings_mean_cp932(encoding, codec):
    assert CsvFormat.from_settings(encoding, "lf").encoding == codec


def test_unknown_settings_are_named():
    with pytest.raises(ValueError, match="euc-jp"):
        CsvFormat.from_settings("euc-jp", "crlf")
    with pytest.raises(ValueError, match="crlf or lf"):
        CsvFormat.from_settings("utf-8", "cr")


def test_writer_streams_a_header_and_quoted_rows_in_the_format(tmp_path):
    path = tmp_path / "out.csv"
    with closing(CsvFileWriter(path, ["メールアドレス", "氏名"], CP932_CRLF)) as writer:
        writer.write(["a@example.jp", '髙橋 "①", 東京\n本社'])
        writer.write_rows(iter([["b@example.jp", "佐藤"], ["c@example.jp", ""]]))
    data = path.read_bytes()
    assert data.startswith("メールアドレス,氏名\r\n".encode("cp932"))
    text = decode_csv(data, CP932_CRLF)
    assert list(read_csv_rows(text)) == [
        {"メールアドレス": "a@example.jp", "氏名": '髙橋 "①", 東京\n本社'},
        {"メールアドレス": "b@example.jp", "氏名": "佐藤"},
        {"メールアドレス": "c@example.jp", "氏名": ""},
    ]


def test_a_header_the_encoding_cannot_hold_is_refused(tmp_path):
    with pytest.raises(CellRejected, match="U\\+1F600"):
        CsvFileWriter(tmp_path / "x.csv", ["😀"], CP932_CRLF)


def test_a_lone_surrogate_is_named_as_such_whatever_the_encoding():
    for encoding in ("cp932", "utf-8"):
        assert unencodable("髙\udcee", encoding) == (
            "holds a byte that is not UTF-8 (0xee), or a lone UTF-16 surrogate U+DCEE, at "
            "position 2, which no text encoding can hold"
        )


def test_unencodable_names_the_character_and_position():
    assert unencodable("ascii only", "cp932") is None
    assert unencodable("髙橋", "cp932") is None
    problem = unencodable("ab😀", "cp932")
    assert problem is not None
    assert "'😀' (U+1F600) at position 3" in problem


@pytest.mark.parametrize("value", ["=SUM(A1)", "+81 3", "-5", "@cmd", "\tx", "\rx"])
def test_formula_cells_are_rejected_or_neutralised(value):
    with pytest.raises(CellRejected, match="formula"):
        checked_cell("氏名", value, CP932_CRLF, FormulaCells.REJECT)
    assert checked_cell("氏名", value, CP932_CRLF, FormulaCells.NEUTRALISE) == "'" + value


def test_plain_cells_pass_unchanged():
    assert checked_cell("氏名", "山田 = 太郎", CP932_CRLF, FormulaCells.REJECT) == "山田 = 太郎"


@pytest.mark.parametrize(
    ("encoding", "odd"),
    [
        *[("cp932", cell) for cell in ("=SUM(A1)", "+81 3", "-5", "@cmd", "\tx", "\rx")],
        ("cp932", "😀"),
        ("cp932", "髙\udcee"),
        ("utf-8", "髙\udcee"),
        ("utf-8", "=1+1"),
    ],
)
def test_a_batch_of_cells_is_plain_exactly_when_checked_cell_keeps_every_one(encoding, odd):
    plain = ["a@example.jp", "髙橋 ①", "山田 = 太郎", ""]
    assert all_plain(plain, encoding)
    assert all_plain([], encoding)
    assert not all_plain([*plain, odd], encoding)
    with pytest.raises(CellRejected):
        checked_cell("氏名", odd, CsvFormat(encoding=encoding), FormulaCells.REJECT)


def test_a_body_without_header_has_no_byte_order_mark(tmp_path):
    bom = CsvFormat.from_settings("utf-8-sig", "lf")
    with closing(CsvFileWriter(tmp_path / "head.csv", ["名前"], bom)) as writer:
        writer.write(["一"])
    with closing(CsvFileWriter(tmp_path / "body.csv", None, bom)) as writer:
        writer.write(["二"])
    assert (tmp_path / "head.csv").read_bytes() == "\ufeff名前\n一\n".encode()
    assert (tmp_path / "body.csv").read_bytes() == "二\n".encode()


def test_declared_charset_wins_and_bom_is_dropped():
    assert charset_of("text/csv; charset=Shift_JIS") == "Shift_JIS"
    assert charset_of("text/csv") is None
    utf8 = "\ufeffa,b\n1,2\n".encode()
    assert decode_csv(utf8, CP932_CRLF, charset="UTF-8") == "a,b\n1,2\n"
    assert decode_csv("名前\r\n".encode("cp932"), CsvFormat(), charset="shift_jis") == "名前\r\n"


def test_rows_shorter_than_the_header_are_padded_and_longer_ones_refused():
    assert list(read_csv_rows("a,b\n1\n\n")) == [{"a": "1", "b": ""}]
    with pytest.raises(ValueError, match="line 2 has 3 cells"):
        list(read_csv_rows("a,b\n1,2,3\n"))
    assert list(read_csv_rows("")) == []
