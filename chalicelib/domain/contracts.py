"""Contract rules (pure) other than capacity: dates and money."""

from __future__ import annotations

from datetime import date

from chalicelib.errors import ValidationFailed


def check_dates(start_date: str, end_date: str) -> None:
    if date.fromisoformat(start_date) > date.fromisoformat(end_date):
        raise ValidationFailed(
            f"The contract cannot end ({end_date}) before it starts ({start_date}).",
            details=[{"field": "endDate", "location": "body", "message": "Before startDate."}],
        )
