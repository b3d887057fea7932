"""CSV cells for spreadsheets (pure): formula neutralisation and the units people read.

A spreadsheet treats a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (CSV/formula injection). ``neutralise`` prefixes such a cell with an apostrophe,
which spreadsheets show as plain text; the original value stays readable. Numbers the export writes
itself (bytes, counts) are never text and are not touched.
"""

from __future__ import annotations

from decimal import Decimal

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_DANGEROUS = frozenset(DANGEROUS_PREFIXES)


def neutralise(value: str) -> str:
    """``value`` made safe to open in a spreadsheet (see the module docstring)."""
    if value and value[0] in _DANGEROUS:
        return "'" + value
    return value


def cell(value: object) -> str | int:
    """One CSV cell: integers as they are, booleans ``true``/``false``, None empty, and any
    text neutralised. (Called for every cell of every row: the common types come first.)"""
    kind = type(value)
    if kind is str:
        return "'" + value if value and value[0] in _DANGEROUS else value  # type: ignore[index]
    if kind is int:
        return value  # type: ignore[return-value]
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return neutralise(str(value))


def terabytes(size_bytes: int | None) -> str:
    """Bytes as decimal terabytes (1 TB = 10^12 bytes), six places, rounded half to even:
    ``1500000000000`` -> ``1.500000``. Integer arithmetic: exact, and fast enough to call for
    every row."""
    if size_bytes is None:
        return ""
    units, rest = divmod(int(size_bytes), 10**6)  # millionths of a terabyte
    if rest > 500_000 or (rest == 500_000 and units % 2):
        units += 1
    whole, fraction = divmod(units, 10**6)
    return f"{whole}.{fraction:06d}"
