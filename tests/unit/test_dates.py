"""The one from/to order check (usage reports, audit log, event feed, exports)."""

from datetime import date

import pytest

from chalicelib.domain.dates import check_order
from chalicelib.errors import ValidationFailed


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (date(2026, 1, 2), date(2026, 1, 1), True),
        (date(2026, 1, 1), date(2026, 1, 1), False),  # one day
        ("2026-01-01T00:00:00Z", "2026-01-01T23:59:59Z", False),
        ("2026-01-02T00:00:00Z", "2026-01-01T23:59:59Z", True),
        (None, date(2026, 1, 1), False),  # open-ended
        (date(2026, 1, 1), None, False),
    ],
)
def test_from_must_not_be_after_to(start, end, refused):
    if not refused:
        assert check_order(start, end) is None
        return
    with pytest.raises(ValidationFailed) as err:
        check_order(start, end, location="body")
    assert err.value.message == "'from' must not be after 'to'."
    assert err.value.details == [{"field": "from", "location": "body", "message": "After 'to'."}]


def test_the_usage_reports_put_it_on_to():
    with pytest.raises(ValidationFailed) as err:
        check_order(date(2026, 1, 2), date(2026, 1, 1), field="to")
    assert err.value.details[0]["field"] == "to" and "to" in err.value.message
