r"""Text no vendor can store, said once: lone surrogates and control characters.

Why shared: every target reads its input as UTF-8 with undecodable bytes kept as lone
surrogates (PEP 383 `surrogateescape`, see `singer_commons.sdk.reader`), and a JSON escape
such as `"\ud800"` also reads as a lone surrogate. Neither is a character: no encoding can
hold one, so a vendor's API, its CSV files and our own UTF-8 reject file all fail on it.
Control characters (NUL, ESC, BEL, DEL, C1 …) are characters, but vendors show fields in
screens, mails and CSV exports, where they corrupt or hide text; tab, line feed and carriage
return stay allowed (multi-line addresses and memos). Each target refuses such text with
the same reason, naming the character and its position, and the reject file spells lone
surrogates out (`spelled_out`) so it always stays valid UTF-8.
"""

from __future__ import annotations

import re
import typing as t

SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls but tab, LF and CR; DEL; C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# How `surrogateescape` keeps an undecodable byte 0xXY: the lone surrogate U+DCXY (0x80-0xFF).
ESCAPED_BYTE_BASE = 0xDC00
ESCAPED_BYTES = ("\udc80", "\udcff")
# The standard abbreviations of the control characters CONTROL matches (ISO 6429).
_C0_NAMES = (
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT"),
    *("FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB"),
    *("CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"),
)
_C1_NAMES = (
    *("PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD"),
    *("PLU", "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA"),
    *("SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC"),
)


def escaped_byte(character: str) -> int | None:
    """The byte a `surrogateescape` surrogate stands for, or None for any other character."""
    if ESCAPED_BYTES[0] <= character <= ESCAPED_BYTES[1]:
        return ord(character) - ESCAPED_BYTE_BASE
    return None


def _control_name(character: str) -> str:
    code = ord(character)
    if code < 0x20:
        return _C0_NAMES[code]
    if code == 0x7F:
        return "DEL"
    return _C1_NAMES[code - 0x80]


def surrogate_problem(text: str) -> str | None:
    """Where `text` holds a lone surrogate and what it is, or None."""
    match = SURROGATE.search(text)
    if match is None:
        return None
    code, position = ord(match.group()), match.start() + 1
    byte = escaped_byte(match.group())
    if byte is None:
        return f"holds a lone UTF-16 surrogate (U+{code:04X}) at position {position}"
    # U+DC80..U+DCFF is either: say both, the byte first (by far the likelier).
    return (
        f"holds a byte that is not UTF-8 (0x{byte:02x}), or a lone UTF-16 surrogate "
        f"U+{code:04X}, at position {position}"
    )


def control_problem(text: str) -> str | None:
    """Where `text` holds a control character (tab, LF and CR allowed) and which, or None."""
    if match := CONTROL.search(text):
        character = match.group()
        return (
            f"contains the control character U+{ord(character):04X} "
            f"({_control_name(character)}) at position {match.start() + 1}"
        )
    return None


def text_problem(text: str, holder: str) -> str | None:
    """Why `holder` (the vendor, e.g. "SATORI") cannot store `text`, or None when it can.

    The first lone surrogate is named before any control character: it is the worse problem
    (no encoding at all can hold it).
    """
    if text.isprintable():  # the common case, decided at C speed (a surrogate is not printable)
        return None
    problem = surrogate_problem(text) or control_problem(text)
    return f"{problem}, which {holder} cannot store" if problem else None


def spelled_out(value: t.Any) -> t.Any:
    r"""The value with every lone surrogate spelled out, so it can be written as UTF-8.

    A byte that was not UTF-8 becomes `\xe9`, any other lone surrogate `\ud800`, in strings,
    dict keys and list items at any depth; everything else is kept as it is.
    """
    if isinstance(value, str):
        return SURROGATE.sub(_spelled, value) if SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {spelled_out(key): spelled_out(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [spelled_out(item) for item in value]
    return value


def _spelled(match: re.Match[str]) -> str:
    character = match.group()
    byte = escaped_byte(character)
    return f"\\x{byte:02x}" if byte is not None else f"\\u{ord(character):04x}"
