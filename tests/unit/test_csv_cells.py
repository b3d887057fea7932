"""Spreadsheet-safe cells and export parameters (pure rules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain import exports as rules
from chalicelib.domain.csvfmt import DANGEROUS_PREFIXES, cell, neutralise, terabytes
from chalicelib.errors import ValidationFailed


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2", "'-2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("", ""),
        ("Müller", "Müller"),
        ("a=b", "a=b"),
        (" =x", " =x"),
        ("'=x", "'=x"),
    ],
)
def test_neutralise(raw, safe):
    assert neutralise(raw) == safe


def test_every_dangerous_prefix_is_covered():
    assert set(DANGEROUS_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}
    for prefix in DANGEROUS_PREFIXES:
        assert neutralise(prefix + "x") == "'" + prefix + "x"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (-5, -5),
        (10**15, 10**15),
        ("-5", "'-5"),
        (Decimal("1.50"), "1.50"),
    ],
)
def test_cells_keep_numbers_and_neutralise_text(value, written):
    assert cell(value) == written


@pytest.mark.parametrize(
    ("size", "tb"),
    [
        (0, "0.000000"),
        (10**12, "1.000000"),
        (1_500_000_000_000, "1.500000"),
        (1, "0.000000"),
        (123_456_789_000_000, "123.456789"),
        (500_000, "0.000000"),
        (1_500_000, "0.000002"),
        (2_500_001, "0.000003"),
        (999_999_999_999_999, "1000.000000"),
        (None, ""),
    ],
)
def test_terabytes(size, tb):
    assert terabytes(size) == tb


def test_filename():
    assert rules.filename("partners", date(2026, 11, 24)) == "partners-2026-11-24.csv"
    named = rules.filename("partners", date(2026, 11, 24), label="Frame agreement 2026 (EU/Ärger)")
    assert named == "partners-frame-agreement-2026-eu-rger-2026-11-24.csv"
    assert rules.filename("usage", date(2026, 11, 24), label="§§§") == "usage-2026-11-24.csv"


def test_headers_are_unique_and_rows_match_their_width():
    for kind, columns in rules.COLUMNS.items():
        names = rules.header(kind)
        assert len(names) == len(set(names)) == len(columns)


@pytest.mark.parametrize(
    ("kind", "given", "field"),
    [
        (rules.ExportType.DEALS, {"contractId": "c"}, "contractId"),
        (rules.ExportType.PARTNERS, {"from": date(2026, 1, 1)}, "from"),
        (rules.ExportType.USAGE, {"from": date(2026, 1, 1)}, "to"),
        (rules.ExportType.USAGE, {"from": date(2026, 1, 2), "to": date(2026, 1, 1)}, "from"),
        (rules.ExportType.USAGE, {"from": date(2025, 1, 1), "to": date(2026, 1, 2)}, "to"),
    ],
)
def test_parameters_that_do_not_fit_are_400(kind, given, field):
    with pytest.raises(ValidationFailed) as raised:
        rules.check_params(kind, given)
    assert [d["field"] for d in raised.value.details] == [field]


def test_parameters_that_fit():
    rules.check_params(rules.ExportType.USAGE, {"from": date(2026, 1, 1), "to": date(2026, 12, 31)})
    rules.check_params(rules.ExportType.AUDIT_EVENTS, {"from": None, "to": date(2026, 1, 1)})
    rules.check_params(rules.ExportType.PARTNERS, {"contractId": "c", "partnerId": None})


def test_exports_and_reports_show_the_same_days():
    from chalicelib.domain.usage import reported_days

    first, last, today = date(2026, 2, 25), date(2026, 3, 3), date(2026, 3, 1)
    created = date(2026, 2, 28)
    # from its creation up to today, plus an earlier day that has a measured value
    assert reported_days(first, last, today, created, {"2026-02-26"}) == [
        date(2026, 2, 26),
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]
    assert reported_days(first, last, today, date(2026, 3, 2), set()) == []


def test_docs_describe_every_column_of_every_type_in_order():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text()
    for kind, columns in rules.COLUMNS.items():
        section = doc.split(f"## `{kind}`\n", 1)[1].split("\n## ", 1)[0]
        lines = [line for line in section.splitlines() if line.startswith("| `")]
        assert lines == [f"| `{c.name}` | {c.meaning} | {c.unit} |" for c in columns], kind


def test_an_export_unfinished_after_an_hour_is_given_up():
    from datetime import UTC, datetime, timedelta

    asked = datetime(2026, 11, 23, 12, tzinfo=UTC)
    text = asked.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    later = asked + rules.GIVE_UP_AFTER + timedelta(seconds=1)
    assert rules.given_up("pending", text, later) and rules.given_up("running", text, later)
    assert not rules.given_up("ready", text, later) and not rules.given_up("failed", text, later)
    assert not rules.given_up("running", text, asked + rules.GIVE_UP_AFTER)
