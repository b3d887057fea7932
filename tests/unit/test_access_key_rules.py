"""The storage-account access-key rules, as a table."""

from __future__ import annotations

import pytest

from chalicelib.domain.access_keys import MAX_ACCESS_KEYS, page_after, refusal_to_create


@pytest.mark.parametrize(
    ("existing", "status", "refused_with"),
    [
        (0, "active", None),
        (1, "active", None),
        (2, "active", "already has 2 access keys"),
        (3, "active", "already has 3 access keys"),
        (0, "pending_deletion", "is pending deletion"),
        (1, "suspended", "is suspended"),
    ],
)
def test_who_may_get_a_new_key(existing, status, refused_with):
    refusal = refusal_to_create(existing, status, "123456789012")
    if refused_with is None:
        assert refusal is None
    else:
        assert refused_with in refusal and "123456789012" in refusal


def test_two_keys_at_most():
    assert MAX_ACCESS_KEYS == 2


KEYS = {"B": "2026-01-02T00:00:00Z", "A": "2026-01-01T00:00:00Z", "C": "2026-01-02T00:00:00Z"}


@pytest.mark.parametrize(
    ("after", "limit", "ids", "next_id"),
    [
        (None, 100, ["A", "B", "C"], None),
        (None, 2, ["A", "B"], "B"),
        ("B", 2, ["C"], None),
        ("A", 1, ["B"], "B"),
        ("C", 5, [], None),
        ("gone", 5, [], None),
    ],
)
def test_keys_page_oldest_first(after, limit, ids, next_id):
    chosen, resume = page_after(KEYS, after, limit)
    assert [key_id for key_id, _ in chosen] == ids and resume == next_id
