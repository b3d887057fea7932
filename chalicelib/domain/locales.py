"""The console's language (pure): which locale a person gets, and how numbers, dates and
capacities read in it. API messages, CSV headers and exports stay English.

A person's own choice (stored with their profile) wins; otherwise the browser's
``Accept-Language`` (quality values honoured, ``de-CH`` counts as ``de``); otherwise English.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

SUPPORTED = ("en", "de")
DEFAULT = "en"
TB = 10**12


def _preferences(header: str | None) -> list[str]:
    """``Accept-Language`` tags, most preferred first (``q=0`` dropped)."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(choice: str | None, accept_language: str | None) -> str:
    """The locale to render in: ``choice`` when supported, else the best ``Accept-Language``
    match, else English."""
    if choice in SUPPORTED:
        return str(choice)
    wanted = _preferences(accept_language)
    # Babel matches "de-CH" to "de" only with the separator given
    found = Locale.negotiate(wanted, list(SUPPORTED), sep="-") if wanted else None
    return str(found.language) if found else DEFAULT


def terabytes(size_bytes: int | None, locale: str) -> str:
    """Bytes as TB for people in ``locale``: ``1,234.5 TB`` / ``1.234,5 TB`` (up to three
    decimals)."""
    number = Decimal(int(size_bytes or 0)) / TB
    return f"{format_decimal(number, format='#,##0.###', locale=locale)} TB"


def day(value: date | datetime | str | None, locale: str) -> str:
    """A day for people in ``locale``: ``04.12.2026`` / ``Dec 4, 2026``."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="medium", locale=locale)
