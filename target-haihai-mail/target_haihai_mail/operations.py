"""The bulk operations of 配配メール's CSV API, the order a run applies them in, their form.

`import_type` values follow a public program calling the older CSV import interface
(repository jawhm/local, public_html/haihai/sendhaihai.php: 処理形式 0:登録、1:削除、2:停止、
3:禁止、5:可能): 0 register, 1 delete, 2 stop delivery (配信停止), 3 forbid delivery (配信禁止),
5 allow delivery (配信許可). Register sends every mapped field; the others identify customers
by email only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Operation(enum.Enum):
    """One bulk operation: its setting name and the vendor's `import_type`."""

    REGISTER = ("register", 0, "一括登録")
    ALLOW = ("allow", 5, "配信許可")
    STOP = ("stop", 2, "配信停止")
    FORBID = ("forbid", 3, "配信禁止")
    DELETE = ("delete", 1, "一括削除")

    def __init__(self, setting: str, import_type: int, japanese_name: str) -> None:
        self.setting = setting
        self.import_type = import_type
        self.japanese_name = japanese_name

    @property
    def sends_fields(self) -> bool:
        """Only a register carries the customer's fields; the others need the address."""
        return self is Operation.REGISTER

    @classmethod
    def named(cls, setting: str) -> Operation:
        """The operation a setting names.

        Raises:
            ValueError: naming the accepted values.
        """
        for operation in cls:
            if operation.setting == setting:
                return operation
        msg = f"unknown operation {setting!r}; use one of {', '.join(SETTING_NAMES)}"
        raise ValueError(msg)


SETTING_NAMES = tuple(operation.setting for operation in Operation)
# Applied in declaration order: registers first (a status change needs the customer), then
# delivery-status changes, deletes last. An address in two operations of one run ends in
# the state of the later one.
APPLY_ORDER = tuple(Operation)


@dataclass(frozen=True)
class UploadOptions:
    """The form fields of every upload besides the operation (settings `overwrite`, …)."""

    overwrite: bool
    group_id: str | None
    step_plan_id: str | None

    def fields(self, operation: Operation) -> dict[str, str]:
        """import_type, is_overwrite, gid and spid of an upload.

        The names, 0/1 and empty ids follow jawhm/local public_html/haihai/sendhaihai.php.
        """
        return {
            "import_type": str(operation.import_type),
            "is_overwrite": "1" if self.overwrite else "0",
            "gid": self.group_id or "",
            "spid": self.step_plan_id or "",
        }
