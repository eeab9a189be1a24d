from zoneinfo import ZoneInfo

from tap_haihai_mail.columns import Column, Kind, convert_row

TOKYO = ZoneInfo("Asia/Tokyo")
COLUMNS = (
    Column("メールアドレス", "email"),
    Column("来訪回数", "visit_count", Kind.INTEGER),
    Column("開封日時", "opened_at", Kind.DATETIME),
    Column("状態", "status", english_values={"配信停止": "stopped"}),
)


def test_cells_convert_and_undeclared_columns_are_kept():
    problems = []
    record = convert_row(
        {
            "メールアドレス": "a@example.jp",
            "来訪回数": "1,024",
            "開封日時": "2026/11/22 09:15:00",
            "状態": "配信停止",
            "会社名": "株式会社テスト",
        },
        COLUMNS,
        TOKYO,
        problems.append,
    )
    assert record == {
        "email": "a@example.jp",
        "visit_count": 1024,
        "opened_at": "2026-11-22T09:15:00+09:00",
        "status": "stopped",
        "additional_columns": {"会社名": "株式会社テスト"},
    }
    assert problems == []


def test_a_cell_that_does_not_convert_is_reported_and_kept_verbatim():
    problems = []
    record = convert_row({"来訪回数": "many", "開封日時": ""}, COLUMNS, TOKYO, problems.append)
    assert record["visit_count"] is None
    assert record["opened_at"] is None
    assert record["additional_columns"] == {"来訪回数": "many"}
    assert [problem.column for problem in problems] == ["来訪回数"]
