"""CSV cells for spreadsheets (pure): formula neutralisation and the units people read.

A spreadsheet treats a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (CSV/formula injection). ``neutralise`` prefixes such a cell with an apostrophe,
which spreadsheets show as plain text; the original value stays readable. Numbers the export writes
itself (bytes, counts) are never text and are not touched.
"""

from __future__ import annotations

from decimal import Decimal

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TB = 10**12


def neutralise(value: str) -> str:
    """``value`` made safe to open in a spreadsheet (see the module docstring)."""
    if value and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def cell(value: object) -> str | int:
    """One CSV cell: integers as they are, booleans ``true``/``false``, None empty, and any
    text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        return format(value, "f") if isinstance(value, Decimal) else repr(value)
    return neutralise(str(value))


def terabytes(size_bytes: int | None) -> str:
    """Bytes as decimal terabytes (1 TB = 10^12 bytes), six places: ``1500000000000`` ->
    ``1.500000``."""
    if size_bytes is None:
        return ""
    return format(Decimal(int(size_bytes)) / TB, ".6f")
