"""The console's language (pure): which locale a person gets, and how numbers, dates and
capacities read in it. API messages, CSV headers and exports stay English.

A person's own choice (stored with their profile) wins; otherwise the browser's
``Accept-Language`` (quality values honoured, ``de-CH`` counts as ``de``); otherwise English.
"""

from __future__ import annotations

import unicodedata
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
    size = int(size_bytes or 0)
    if 0 < size < TB // 2000:  # too small to show in TB: never "0 TB"
        return f"< {format_decimal(Decimal('0.001'), format='0.###', locale=locale)} TB"
    number = Decimal(size) / TB
    return f"{format_decimal(number, format='#,##0.###', locale=locale)} TB"


def number(value: int | Decimal | float | None, locale: str, pattern: str = "#,##0.###") -> str:
    """A number for people in ``locale``: ``1,234,567`` / ``1.234.567``."""
    return format_decimal(value or 0, format=pattern, locale=locale)


def money(cents: int | None, currency: str, locale: str) -> str:
    """An amount in cents for people in ``locale``: ``1,234.50 EUR`` / ``1.234,50 EUR``."""
    amount = Decimal(int(cents or 0)) / 100
    return f"{format_decimal(amount, format='#,##0.00', locale=locale)} {currency}"


def countries(choices: list[tuple[str, str]], locale: str) -> list[tuple[str, str]]:
    """``(code, English name)`` pairs as ``(code, name in locale)``, in that language's
    alphabetical order (accents sort with their letter)."""
    if locale == DEFAULT:
        return list(choices)
    names = Locale.parse(locale).territories
    named = [(code, names.get(code.upper(), english)) for code, english in choices]
    return sorted(named, key=lambda pair: _plain(pair[1]))


def _plain(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c)
    )


def month(value: date | datetime | str | None, locale: str) -> str:
    """A calendar month for people in ``locale``: ``12.2026`` / ``2026-12`` (English pages
    have always shown the ISO month)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value[:10])
    if locale == DEFAULT:
        return value.strftime("%Y-%m")
    return format_date(value, format="MM.yyyy", locale=locale)


def day(value: date | datetime | str | None, locale: str) -> str:
    """A day for people in ``locale``: ``04.12.2026`` / ``Dec 4, 2026``."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="medium", locale=locale)
