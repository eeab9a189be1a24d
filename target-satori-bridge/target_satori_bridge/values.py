r"""What SATORI can store as text, and formula-like values (the bulk CSV's injection guard).

SATORI's fields, tags and addresses are text. Refused before sending, naming the character
and its position:
- a lone UTF-16 surrogate (from a `"\ud800"` escape, or bytes that are not UTF-8): no
  encoding can hold it, so neither the form of a single call nor the UTF-8 bulk CSV can;
- a control character (NUL, ESC, BEL, DEL, C1 controls…): SATORI shows fields in its screens,
  mails and CSV exports, where these corrupt or hide text; tab, line feed and carriage return
  stay allowed (multi-line addresses and memos).

Formula-like values (starting with `=`, `+`, `-`, `@`, tab or CR) are what spreadsheets run
when marketing staff open a CSV: SATORI's own customer exports included, whichever endpoint
wrote the value. `formula_cells` (the setting target-haihai-mail has too) says what happens:
`neutralise` (default) stores them with a leading `'`, the way spreadsheets mark text, so
nothing is lost and the same value is stored whether the record went by single call or bulk
CSV; `reject` refuses the record. An email address can never be neutralised (it would be
another address), so one starting with such a character is refused either way.
"""

from __future__ import annotations

import re

from singer_commons.csvcodec import FormulaCells, is_formula

SURROGATE = re.compile("[\ud800-\udfff]")
# How Python keeps a byte that is not UTF-8 (PEP 383 surrogateescape): U+DC80..U+DCFF.
ESCAPED_BYTES = ("\udc80", "\udcff")
ESCAPED_BYTE_BASE = 0xDC00
# C0 controls but tab, LF and CR; DEL; C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL"}
NEUTRALISING_PREFIX = "'"


class ValueProblem(ValueError):
    """A value SATORI cannot store; the message says what and where, not whose."""


def text_problem(text: str) -> str | None:
    """Why SATORI cannot store `text` (a lone surrogate, a control character), or None."""
    if text.isascii() and text.isprintable():
        return None
    if match := SURROGATE.search(text):
        code = ord(match.group())
        what = (
            f"a byte that is not UTF-8 (0x{code - ESCAPED_BYTE_BASE:02X}), or a lone UTF-16 "
            f"surrogate U+{code:04X},"
            if ESCAPED_BYTES[0] <= match.group() <= ESCAPED_BYTES[1]
            else f"a lone UTF-16 surrogate (U+{code:04X})"
        )
        return f"holds {what} at position {match.start() + 1}, which SATORI cannot store"
    if match := CONTROL.search(text):
        code = ord(match.group())
        name = _CONTROL_NAMES.get(code, "a control character")
        return (
            f"contains U+{code:04X} ({name}) at position {match.start() + 1}, which SATORI "
            "cannot show or export"
        )
    return None


def checked_text(text: str, formulas: FormulaCells) -> tuple[str, bool]:
    """The text to send and whether it was neutralised.

    Raises:
        ValueProblem: the text holds what SATORI cannot store, or it is formula-like and
            `formulas` says reject.
    """
    if problem := text_problem(text):
        raise ValueProblem(problem)
    if not is_formula(text):
        return text, False
    if formulas is FormulaCells.REJECT:
        msg = (
            f"value starts with {text[0]!r}, which a spreadsheet runs as a formula (CSV "
            "injection); formula_cells is reject (neutralise sends it with a leading ')"
        )
        raise ValueProblem(msg)
    return NEUTRALISING_PREFIX + text, True


def email_text_problem(email: str) -> str | None:
    """Why an otherwise valid address cannot be sent: it starts like a formula."""
    if is_formula(email):
        return (
            f"{email!r} starts with {email[0]!r}, which a spreadsheet runs as a formula; an "
            "address cannot be neutralised without becoming another address"
        )
    return None
