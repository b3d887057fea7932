"""The rules of Idempotency-Key (``chalicelib/domain/idempotency.py``), as tables."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain import idempotency as rules


@pytest.mark.parametrize(
    "key, problem",
    [
        ("a", None),
        ("k" * 255, None),
        ("3f1c7a52-0b7e-4c43-9a57-2f0b8f1f5c11", None),
        ("with inner space", None),
        ("", "empty"),
        ("k" * 256, "at most 255"),
        ("tab\there", "printable"),
        ("caf\u00e9", "printable"),
        ("nul\x00", "printable"),
        ("del\x7f", "printable"),
    ],
)
def test_key_problem(key, problem):
    found = rules.key_problem(key)
    assert (found is None) if problem is None else (problem in found)


def test_fingerprint_is_method_path_query_and_body_content():
    base = rules.fingerprint("POST", "/v1/partner", {}, b'{"a": 1, "b": [1, 2]}')
    assert rules.fingerprint("post", "/v1/partner", {}, b'{"b":[1,2],"a":1}') == base
    assert rules.fingerprint("PUT", "/v1/partner", {}, b'{"a": 1, "b": [1, 2]}') != base
    assert rules.fingerprint("POST", "/v1/partner/x", {}, b'{"a": 1, "b": [1, 2]}') != base
    assert rules.fingerprint("POST", "/v1/partner", {"q": "1"}, b'{"a":1,"b":[1,2]}') != base
    assert rules.fingerprint("POST", "/v1/partner", {}, b'{"a": 2, "b": [1, 2]}') != base
    # a form body (not JSON) is compared byte for byte
    assert rules.fingerprint("POST", "/f", {}, b"a=1&b=2") != rules.fingerprint(
        "POST", "/f", {}, b"b=2&a=1"
    )


def test_record_ids_separate_scopes():
    assert rules.record_id("org|user", "k") != rules.record_id("org|other", "k")
    assert rules.record_id("org|user", "k") == rules.record_id("org|user", "k")


@pytest.mark.parametrize(
    "recorded, now, outcome",
    [
        (rules.Recorded("f1", finished=True), "f1", rules.Outcome.REPLAY),
        (rules.Recorded("f1", finished=False), "f1", rules.Outcome.IN_PROGRESS),
        (rules.Recorded("f1", finished=True), "f2", rules.Outcome.REUSED),
        (rules.Recorded("f1", finished=False), "f2", rules.Outcome.REUSED),
    ],
)
def test_decide(recorded, now, outcome):
    assert rules.decide(recorded, now) is outcome


@pytest.mark.parametrize(
    "status, stored",
    [
        (200, True),
        (201, True),
        (204, True),
        (303, True),
        (400, True),
        (409, True),
        (422, True),
        (500, False),
        (502, False),
        (503, False),
    ],
)
def test_only_answers_below_500_are_stored(status, stored):
    assert rules.storable(status) is stored


def test_secrets_are_not_stored():
    body = json.dumps({"id": "k1", "key": "pck_secret", "description": "ci"}).encode()
    kept = json.loads(rules.strip_secrets(body, "application/json"))
    assert kept["id"] == "k1" and "key" not in kept and kept["secretOmitted"]
    plain = json.dumps({"id": "p1", "name": "x"}).encode()
    assert rules.strip_secrets(plain, "application/json") == plain
    assert rules.strip_secrets(b"<p>pck_x</p>", "text/html") == b"<p>pck_x</p>"
    listed = json.dumps([{"key": "x"}]).encode()
    assert rules.strip_secrets(listed, "application/json") == listed
