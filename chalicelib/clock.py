"""The one source of "now" (UTC), so tests can move time: ``monkeypatch.setattr(clock, "now", …)``.
Call it as ``clock.now()``, never ``from chalicelib.clock import now``."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, e.g. ``2026-11-23T22:15:00.123456Z`` (sorts as text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
