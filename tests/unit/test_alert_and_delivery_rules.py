"""Alert evaluation, retry schedules, disabling and webhook URL rules (pure functions)."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.alerts import (
    Outcome,
    console_path,
    evaluate,
    export_path,
    is_over,
    mail_text,
)
from chalicelib.domain.delivery import (
    address_problem,
    parse_schedule,
    queue_delay,
    retry_delay,
    secret_overlaps,
    should_disable,
    url_problem,
)
from chalicelib.domain.events import emailed

TB = 10**12
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("used", "allocated", "percent", "crossed", "expected"),
    [
        (79 * TB, 100 * TB, 80, False, None),
        (80 * TB, 100 * TB, 80, False, Outcome.CROSSED),  # reaching it counts
        (95 * TB, 100 * TB, 80, True, None),  # still over: nothing twice
        (79 * TB, 100 * TB, 80, True, Outcome.CLEARED),
        (50 * TB, 100 * TB, 80, False, None),
        (5 * TB, 0, 80, False, None),  # pay-per-use: no percentage
        (5 * TB, 0, 80, True, Outcome.FORGET),
        (250 * TB, 100 * TB, 250, False, Outcome.CROSSED),  # thresholds above 100 %
        (1, 3, 34, False, None),  # integer arithmetic: 33.3 % < 34 %
        (0, 100, 1, True, Outcome.CLEARED),
    ],
)
def test_evaluate(used, allocated, percent, crossed, expected):
    assert evaluate(used, allocated, percent, crossed) == expected


def test_is_over_is_exact_at_the_boundary():
    assert is_over(8, 10, 80) and not is_over(7, 10, 80)


@pytest.mark.parametrize(
    ("target", "partner", "expected"),
    [
        ("storageAccount", "p1", "/console/partners/p1/storage-accounts/x"),
        ("storageAccount", None, "/console/storage-accounts/x"),
        ("partner", "x", "/console/partners/x"),
        ("contract", None, "/console/partners?contract=x"),
    ],
)
def test_console_links(target, partner, expected):
    assert console_path(target, "x", partner) == expected


def test_alert_mail_says_what_crossed_with_capacities_and_a_link():
    subject, body = mail_text(
        "usage.threshold_crossed",
        {
            "thresholdPercent": 90,
            "targetType": "partner",
            "targetId": "p1",
            "targetName": "MSP One",
            "usedCapacity": 9 * TB,
            "allocatedCapacity": 10 * TB,
        },
        "https://console.example.com/console/partners/p1",
    )
    assert subject == "Partner 'MSP One' reached 90 % of its allocation"
    assert "Used 9 TB (9000000000000 bytes) of 10 TB (10000000000000 bytes)" in body
    assert "90.0 %" in body and "https://console.example.com/console/partners/p1" in body


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5,300,1800", (5, 300, 1800)), ("1", (1,)), (" 0 , 2 ", (0, 2))],
)
def test_parse_schedule(text, expected):
    assert parse_schedule(text) == expected


@pytest.mark.parametrize("text", ["", "a,b", "-1", ","])
def test_bad_schedules(text):
    with pytest.raises(ValueError):
        parse_schedule(text)


@pytest.mark.parametrize(("made", "expected"), [(0, None), (1, 5), (2, 300), (6, 36000), (7, None)])
def test_retry_delay(made, expected):
    assert retry_delay((5, 300, 1800, 7200, 18000, 36000), made) == expected


@pytest.mark.parametrize(
    ("due_in", "expected"),
    [(0, 0), (-5, 0), (10, 10), (899.2, 900), (3600, 900)],
)
def test_queue_delay_is_capped_at_sqs_maximum(due_in, expected):
    assert queue_delay(NOW + timedelta(seconds=due_in), NOW) == expected


@pytest.mark.parametrize(
    ("since", "expected"),
    [(None, False), (NOW - timedelta(days=4, hours=23), False), (NOW - timedelta(days=5), True)],
)
def test_should_disable_after_five_days(since, expected):
    assert should_disable(since, NOW) is expected


def test_rotation_overlap():
    assert secret_overlaps(NOW + timedelta(hours=1), NOW)
    assert not secret_overlaps(NOW, NOW) and not secret_overlaps(None, NOW)


@pytest.mark.parametrize(
    ("url", "private", "expected"),
    [
        ("https://hooks.example.com/in", False, None),
        ("https://93.184.216.34/in", False, None),
        ("http://hooks.example.com/in", False, "https"),
        ("http://127.0.0.1:8080/in", True, None),
        ("https://127.0.0.1/in", False, "Loopback"),
        ("https://192.168.1.5/in", False, "Private"),
        ("https://192.168.1.5/in", True, None),
        ("http://169.254.169.254/", True, "metadata"),
        ("https://[::ffff:169.254.169.254]/", True, "metadata"),
        ("https://[fd00:ec2::254]/", True, "metadata"),
        ("https://0.0.0.0/", True, "cannot receive"),
        ("https://metadata.google.internal/", True, "metadata"),
        ("https://a:b@example.com/", True, "user name"),
        ("mailto:x@example.com", True, "absolute"),
        ("https://example.com:99999/", True, "not valid"),
    ],
)
def test_url_rules(url, private, expected):
    problem = url_problem(url, allow_http=private, allow_private=private)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


def test_resolved_addresses_are_checked_too():
    assert address_problem(ipaddress.ip_address("10.0.0.1"), allow_private=False)
    assert address_problem(ipaddress.ip_address("169.254.1.1"), allow_private=True)
    assert address_problem(ipaddress.ip_address("8.8.8.8"), allow_private=False) is None


@pytest.mark.parametrize(
    ("event_type", "data", "expected"),
    [
        ("usage.threshold_crossed", {}, True),
        ("quota.enforced", {}, True),
        ("export.ready", {"exportId": "e", "scheduleId": "s"}, True),
        ("export.failed", {"exportId": "e", "scheduleId": "s"}, True),
        ("export.ready", {"exportId": "e"}, False),  # asked for: announced on the page
        ("export.failed", {"exportId": "e", "scheduleId": None}, False),
        ("storage_account.created", {}, False),
        ("ping", {}, False),
    ],
)
def test_which_events_are_emailed(event_type, data, expected):
    assert emailed(event_type, data) is expected


def test_a_scheduled_export_mail_says_which_export_its_period_and_the_link():
    data = {
        "exportId": "e1",
        "scheduleId": "s1",
        "type": "usage",
        "format": "xlsx",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "rowCount": 42,
        "sizeBytes": 4096,
    }
    link = "https://console.example/console/exports/e1/download"
    subject, body = mail_text("export.ready", data, link)
    assert subject == "Your scheduled export is ready: Usage export (XLSX), 2026-11-01 – 2026-11-30"
    assert "42 rows, 4096 bytes" in body and "export schedule s1" in body and link in body
    daily = {**data, "from": "2026-11-22", "to": "2026-11-22", "error": "Partner is gone."}
    subject, body = mail_text("export.failed", daily, "https://c/console/exports")
    assert subject == "Your scheduled export failed: Usage export (XLSX), 2026-11-22"
    assert "could not be produced: Partner is gone." in body and "https://c/console/exports" in body
    snapshot = {"exportId": "e2", "type": "partners", "requestedAt": "2026-11-23T01:00:00Z"}
    assert "Partners export (CSV), as of 2026-11-23" in mail_text("export.ready", snapshot, "")[0]


@pytest.mark.parametrize(
    ("event_type", "expected"),
    [("export.ready", "/console/exports/e1/download"), ("export.failed", "/console/exports")],
)
def test_where_a_finished_export_is_in_the_console(event_type, expected):
    assert export_path(event_type, "e1") == expected
