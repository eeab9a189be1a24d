r"""What SATORI can store as text, and formula-like values (the bulk CSV's injection guard).

SATORI's fields, tags and addresses are text. Refused before sending, naming the character
and its position (the shared check of `singer_commons.text`): a lone UTF-16 surrogate (from a
`"\ud800"` escape, or bytes that are not UTF-8), which no encoding can hold, so neither the
form of a single call nor the UTF-8 bulk CSV can; a control character (NUL, ESC, BEL, DEL, C1
controls…), which corrupts or hides text in SATORI's screens, mails and CSV exports; tab,
line feed and carriage return stay allowed (multi-line addresses and memos).

Formula-like values (starting with `=`, `+`, `-`, `@`, tab or CR) are what spreadsheets run
when marketing staff open a CSV: SATORI's own customer exports included, whichever endpoint
wrote the value. `formula_cells` (the setting target-haihai-mail has too) says what happens:
`neutralise` (default) stores them with a leading `'`, the way spreadsheets mark text, so
nothing is lost and the same value is stored whether the record went by single call or bulk
CSV; `reject` refuses the record. An email address can never be neutralised (it would be
another address), so one starting with such a character is refused either way.

`collection_date` (情報獲得日) is sent as `YYYY-MM-DD`, the shape public callers send
(`date("Y-m-d")`, Ippei-f/toshinjyuken.co.jp, src/hiraya/temp_php/form/satori.php); a date
written `YYYY/MM/DD` is sent that way, anything else is refused before sending (that SATORI
refuses other shapes is assumed).
"""

from __future__ import annotations

import re
from datetime import date

from singer_commons.csvcodec import FormulaCells, is_formula
from singer_commons.text import text_problem

SATORI = "SATORI"  # who cannot store what `text_problem` refuses
NEUTRALISING_PREFIX = "'"
_DATE = re.compile(r"(\d{4})[-/](\d{2})[-/](\d{2})")


class ValueProblem(ValueError):
    """A value SATORI cannot store; the message says what and where, not whose."""


def checked_text(text: str, formulas: FormulaCells) -> tuple[str, bool]:
    """The text to send and whether it was neutralised.

    Raises:
        ValueProblem: the text holds what SATORI cannot store, or it is formula-like and
            `formulas` says reject.
    """
    if problem := text_problem(text, SATORI):
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


def date_text(text: str) -> str:
    """A date as SATORI's collection date takes it: `YYYY-MM-DD`.

    Raises:
        ValueProblem: the text is not a calendar date written `YYYY-MM-DD` or `YYYY/MM/DD`.
    """
    match = _DATE.fullmatch(text.strip())
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            pass
    msg = f"{text[:40]!r} is not a date; SATORI takes YYYY-MM-DD (e.g. 2026-03-10)"
    raise ValueProblem(msg)
