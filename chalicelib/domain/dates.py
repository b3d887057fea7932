"""Date ranges (pure): the one check every ``from``/``to`` pair goes through (usage reports,
the audit log, the event feed, exports)."""

from __future__ import annotations

from typing import Any

from chalicelib.errors import ValidationFailed


def check_order(start: Any, end: Any, location: str = "query", field: str = "from") -> None:
    """Refuse a range whose ``from`` lies after its ``to`` (either may be absent; dates,
    datetimes or RFC 3339 text, compared as given). ``field`` is where the sentence goes: the
    usage reports have always put it on ``to``."""
    if start is not None and end is not None and start > end:
        message = "After 'to'." if field == "from" else "Before 'from'."
        raise ValidationFailed(
            "'from' must not be after 'to'.",
            details=[{"field": field, "location": location, "message": message}],
        )
