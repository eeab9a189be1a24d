"""The 連携要件連絡書 (integration requirements sheet) SATORI's option asks for, from the config.

Seed 004: SATORI does not define requirements; the customer writes down each linked field,
its linkage type and the timing, plus the error-notification address, and SATORI configures
the link from that sheet. Here the configuration is the source and the sheet is generated,
so the document and the running pipeline cannot disagree. Markdown for people, CSV for
spreadsheets; both hold the same rows.
"""

from __future__ import annotations

import csv
import io
import typing as t
from dataclasses import dataclass

from target_satori_bridge.fields import STANDARD_FIELDS, Linkage

if t.TYPE_CHECKING:
    from target_satori_bridge.settings import SatoriTargetSettings

SHEET_TITLE = "連携要件連絡書"
FORMATS = ("markdown", "csv")
CSV_HEADER = (
    "item",
    "satori_field",
    "japanese_name",
    "linkage",
    "direction",
    "singer_property",
    "timing",
    "notes",
)
SHEET_COLUMNS = (
    "Item",
    "SATORI field",
    "Japanese name",
    "Linkage",
    "Direction",
    "Singer property",
    "Timing",
    "Notes",
)
_DIRECTIONS = {
    Linkage.NG: "not linked",
    Linkage.READABLE: "SATORI → other tool (never written by this target)",
    Linkage.WRITABLE: "other tool → SATORI",
    Linkage.READABLE_WRITABLE: "both ways (not recommended by SATORI)",
}


@dataclass(frozen=True)
class SheetRow:
    """One line of the sheet."""

    item: str
    satori_field: str
    japanese_name: str
    linkage: str
    direction: str
    singer_property: str
    timing: str
    notes: str = ""

    def cells(self) -> tuple[str, ...]:
        """The row in `CSV_HEADER` order."""
        return (
            self.item,
            self.satori_field,
            self.japanese_name,
            self.linkage,
            self.direction,
            self.singer_property,
            self.timing,
            self.notes,
        )


def sheet_rows(settings: SatoriTargetSettings) -> list[SheetRow]:
    """Every row: the notification address, the identity, the fields, the extras."""
    shape = settings.rules.shape
    timing = settings.linkage_timing
    refusal_value = settings.rules.form.refusal_value
    mail = settings.notification
    notify = ", ".join(mail.recipients) if mail else "(none configured)"
    identity = STANDARD_FIELDS[shape.identity_type]
    rows = [
        SheetRow("error_notification", "", "エラー通知先", "", "", "", "", notify),
        SheetRow(
            "identity",
            identity.key,
            identity.label,
            "Key",
            "other tool → SATORI (finds or creates the customer)",
            shape.identity_property,
            timing,
            "email is unique per company; a later record claiming an earlier one's email "
            "is rejected",
        ),
    ]
    blank_rule = (
        "blank values clear SATORI's value"
        if shape.clear_blank_values
        else "blank values never erase SATORI's value"
    )
    for link in shape.links:
        notes = [blank_rule] if link.linkage.writes else []
        if link.linkage is Linkage.READABLE_WRITABLE:
            notes.append("Readable/Writable is not recommended by SATORI")
        if link.unique:
            notes.append("values unique across customers")
        if link.declared:
            notes.append("key declared in extra_standard_fields (not in public sources)")
        rows.append(
            SheetRow(
                "field",
                link.key,
                link.label,
                link.linkage.label,
                _DIRECTIONS[link.linkage],
                link.singer_property or "",
                timing if link.linkage.writes else "",
                "; ".join(notes),
            )
        )
    if shape.permission is not None:
        fixed = [f"fixed {shape.permission.value}"] if shape.permission.value else []
        words = f"sent as approval / {refusal_value} by the single API, 許可 / 拒否 by bulk CSV"
        rows.append(
            SheetRow(
                "delivery_permission",
                "delivery_permission",
                "メール配信可否",
                "Writable",
                "other tool → SATORI",
                shape.permission.property or "",
                timing,
                "; ".join([*fixed, words]),
            )
        )
    for mapping, label in ((shape.append_tags, "タグ追加"), (shape.delete_tags, "タグ削除")):
        if mapping is not None:
            rows.append(
                SheetRow(
                    mapping.setting,
                    mapping.setting,
                    label,
                    "Writable",
                    "other tool → SATORI",
                    mapping.property or "",
                    timing,
                    f"fixed tags: {', '.join(mapping.tags)}" if mapping.tags else "",
                )
            )
    return rows


def as_csv(rows: list[SheetRow]) -> str:
    """The sheet as UTF-8 CSV text (header row first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue()


def as_markdown(rows: list[SheetRow], *, plugin: str) -> str:
    """The sheet as Markdown: the general settings, then one table of linked items."""
    general = {row.item: row for row in rows if row.item == "error_notification"}
    lines = [
        f"# {SHEET_TITLE} (integration requirements sheet)",
        "",
        f"Generated by {plugin} from its settings.",
        "",
        f"- Error notification address (エラー通知先): {_md(general['error_notification'].notes)}",
        "",
        _md_row(SHEET_COLUMNS),
        _md_row(("---",) * len(CSV_HEADER)),
    ]
    lines += [_md_row(row.cells()) for row in rows if row.item not in general]
    return "\n".join(lines) + "\n"


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
