import pytest

from chalicelib.api.pagination import (
    decode_cursor,
    encode_cursor,
    next_link,
    parse_page_request,
)
from chalicelib.errors import ValidationFailed
from chalicelib.paging import DEFAULT_LIMIT, MAX_LIMIT, Page, drain

KEY = {"id": {"S": "abc"}, "created_at": {"S": "2026-01-01T00:00:00Z"}}


def test_cursor_round_trips_for_the_same_path():
    cursor = encode_cursor(KEY, "/v1/things")
    assert decode_cursor(cursor, "/v1/things") == KEY


def test_cursor_cannot_be_replayed_on_another_list():
    cursor = encode_cursor(KEY, "/v1/contract/a/partners")
    with pytest.raises(ValidationFailed) as err:
        decode_cursor(cursor, "/v1/contract/b/partners")
    assert err.value.code == "invalid_cursor"


@pytest.mark.parametrize("cursor", ["", "x", "!!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_garbage_cursors_are_400(cursor):
    with pytest.raises(ValidationFailed):
        decode_cursor(cursor, "/v1/things")


def test_tampered_cursor_is_rejected():
    cursor = encode_cursor(KEY, "/v1/things")
    flipped = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
    with pytest.raises(ValidationFailed):
        decode_cursor(flipped, "/v1/things")


def test_limit_defaults_and_bounds():
    assert parse_page_request({}, "/p").limit == DEFAULT_LIMIT
    assert parse_page_request({"limit": str(MAX_LIMIT)}, "/p").limit == MAX_LIMIT
    for bad in ("0", "-1", str(MAX_LIMIT + 1), "ten", "1.5"):
        with pytest.raises(ValidationFailed) as err:
            parse_page_request({"limit": bad}, "/p")
        assert err.value.details[0]["field"] == "limit"


def test_next_link_keeps_filters_and_replaces_the_cursor():
    link = next_link(
        "https://api.test/api",
        "/v1/x",
        {"limit": "5", "cursor": "old", "from": "2026-01-01"},
        "new",
    )
    assert link == '<https://api.test/api/v1/x?limit=5&from=2026-01-01&cursor=new>; rel="next"'


def test_drain_reads_to_the_last_page_however_many_there_are():
    items = list(range(2_345))
    seen_limits = []

    def fetch(request):
        seen_limits.append(request.limit)
        start = request.start_key["at"] if request.start_key else 0
        end = start + request.limit
        return Page(items[start:end], {"at": end} if end < len(items) else None)

    assert list(drain(fetch, 10)) == items  # 235 pages: far past the old 10-page cut-off
    assert set(seen_limits) == {10} and len(seen_limits) == 235


def test_cursors_do_not_show_the_key_values():
    import base64

    cursor = encode_cursor(KEY, "/v1/things|org|user")
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    assert b"abc" not in raw and b"2026-01-01" not in raw and b"/v1/things" not in raw
    assert encode_cursor(KEY, "/v1/things|org|user") != cursor, "a fresh nonce each time"


def test_a_cursor_is_bound_to_the_principal_who_asked():
    from types import SimpleNamespace

    from chalicelib.api.pagination import binding

    alice = SimpleNamespace(org_id="o1", actor_id="alice")
    bob = SimpleNamespace(org_id="o2", actor_id="bob")
    cursor = encode_cursor(KEY, binding("/v1/deals", alice))
    assert decode_cursor(cursor, binding("/v1/deals", alice)) == KEY
    with pytest.raises(ValidationFailed) as err:
        decode_cursor(cursor, binding("/v1/deals", bob))
    assert err.value.code == "invalid_cursor"
