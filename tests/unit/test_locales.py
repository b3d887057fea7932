"""The console's language and formats (table tests)."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.locales import (
    countries,
    day,
    money,
    month,
    negotiate,
    number,
    terabytes,
)


@pytest.mark.parametrize(
    ("choice", "header", "expected"),
    [
        ("de", "en-US,en;q=0.9", "de"),  # the person's own choice wins
        ("en", "de-DE", "en"),
        (None, "de-CH,de;q=0.9,en;q=0.8", "de"),
        (None, "de-DE", "de"),
        (None, "fr-FR,de;q=0.5,en;q=0.7", "en"),  # quality values decide
        (None, "fr-FR,de;q=0.7,en;q=0.5", "de"),
        (None, "fr-FR", "en"),
        (None, "de;q=0", "en"),
        (None, "", "en"),
        (None, None, "en"),
        ("xx", "garbage;;q=zz", "en"),
    ],
)
def test_which_language(choice, header, expected):
    assert negotiate(choice, header) == expected


@pytest.mark.parametrize(
    ("size", "locale", "expected"),
    [
        (1_234_500_000_000_000, "de", "1.234,5 TB"),
        (1_234_500_000_000_000, "en", "1,234.5 TB"),
        (1_500_000_000_000, "de", "1,5 TB"),
        (0, "de", "0 TB"),
        (None, "en", "0 TB"),
        (1_000_000, "de", "< 0,001 TB"),
        (1_000_000, "en", "< 0.001 TB"),
    ],
)
def test_terabytes(size, locale, expected):
    assert terabytes(size, locale) == expected


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (date(2026, 12, 4), "de", "04.12.2026"),
        ("2026-12-04T07:00:00Z", "de", "04.12.2026"),
        (date(2026, 12, 4), "en", "Dec 4, 2026"),
        (None, "de", ""),
    ],
)
def test_days(value, locale, expected):
    assert day(value, locale) == expected


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [(1_234_567, "de", "1.234.567"), (1_234_567, "en", "1,234,567"), (None, "de", "0")],
)
def test_numbers(value, locale, expected):
    assert number(value, locale) == expected


@pytest.mark.parametrize(
    ("cents", "locale", "expected"),
    [(123_450, "de", "1.234,50 EUR"), (123_450, "en", "1,234.50 EUR"), (0, "de", "0,00 EUR")],
)
def test_money(cents, locale, expected):
    assert money(cents, "EUR", locale) == expected


def test_countries_in_german_order():
    choices = [("AT", "Austria"), ("DE", "Germany"), ("EG", "Egypt"), ("CH", "Switzerland")]
    assert countries(choices, "en") == choices
    assert countries(choices, "de") == [
        ("EG", "Ägypten"),
        ("DE", "Deutschland"),
        ("AT", "Österreich"),
        ("CH", "Schweiz"),
    ]


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        ("2026-12-04T07:00:00Z", "de", "12.2026"),
        ("2026-12-04", "en", "2026-12"),
        (date(2026, 1, 31), "de", "01.2026"),
        (None, "de", ""),
    ],
)
def test_months(value, locale, expected):
    assert month(value, locale) == expected
