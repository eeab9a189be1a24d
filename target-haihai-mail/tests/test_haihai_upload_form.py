"""The upload's form fields, as a public program posts them to the CSV import.

Source: repository jawhm/local, public_html/haihai/sendhaihai.php (処理形式 0:登録、1:削除、
2:停止、3:禁止、5:可能; 上書きフラグ 0/1; gid and spid sent empty when not used).
"""

import pytest

from target_haihai_mail.operations import Operation, UploadOptions


@pytest.mark.parametrize(
    ("operation", "import_type"),
    [
        (Operation.REGISTER, "0"),
        (Operation.DELETE, "1"),
        (Operation.STOP, "2"),
        (Operation.FORBID, "3"),
        (Operation.ALLOW, "5"),
    ],
)
def test_each_operation_sends_the_public_import_type(operation, import_type):
    fields = UploadOptions(overwrite=True, group_id=None, step_plan_id=None).fields(operation)
    assert fields == {"import_type": import_type, "is_overwrite": "1", "gid": "", "spid": ""}


def test_overwrite_off_and_a_group_and_step_plan():
    options = UploadOptions(overwrite=False, group_id="2", step_plan_id="10")
    assert options.fields(Operation.REGISTER) == {
        "import_type": "0",
        "is_overwrite": "0",
        "gid": "2",
        "spid": "10",
    }
