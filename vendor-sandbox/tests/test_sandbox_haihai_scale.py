"""A 200,000-row CP932 upload is checked, queued and applied, every row of it.

How fast is not asserted (on a loaded machine any bound would be flaky): what the emulator
answered and counted for every row is.
"""

from __future__ import annotations

from sandbox_haihai_helpers import HaihaiApi

ROWS = 200_000


def big_csv() -> bytes:
    lines = ["メールアドレス,氏名,会社名,都道府県"]
    lines += [f"bulk{i:06d}@example.jp,顧客 {i:06d},株式会社{i % 97},東京都" for i in range(ROWS)]
    lines.append("customer001@example.jp,既存,,")  # already registered: その他
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


def test_200k_rows_upload_and_apply(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(pending_polls=0, processing_polls=0)
    body = big_csv()

    answer = api.imported(body)

    assert (answer["total"], answer["success"], answer["other"]) == (ROWS + 1, ROWS, 1)
    assert answer["rows"] == [
        {
            "line": ROWS + 1,
            "mail_address": "customer001@example.jp",
            "result": "その他",
            "reason": "登録済み",
        }
    ]
    (record,) = haihai.imports()
    assert (record["rows"], record["size"]) == (ROWS + 1, len(body))
    last = api.table("CreateCustomerViewUrl", mail_address=f"bulk{ROWS - 1:06d}@example.jp")
    assert last[1][0] == f"bulk{ROWS - 1:06d}@example.jp"
