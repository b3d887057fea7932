"""Second-factor rules (``domain/mfa.py``): TOTP steps, drift, replay; recovery codes; methods."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
import pytest

from chalicelib.domain import mfa

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
MOMENT = datetime(2026, 11, 23, 12, 0, 10, tzinfo=UTC)
STEP = int(MOMENT.timestamp()) // 30


def code(offset: int) -> str:
    return pyotp.TOTP(SECRET).at(MOMENT.timestamp() + 30 * offset)


@pytest.mark.parametrize(
    ("offset", "last_used", "accepted"),
    [
        (0, None, STEP),  # the current code
        (-1, None, STEP - 1),  # one step late (drift)
        (1, None, STEP + 1),  # one step early (drift)
        (-2, None, None),  # two steps late
        (2, None, None),  # two steps early
        (0, STEP, None),  # replay of the code just used
        (-1, STEP, None),  # an older code after a newer one was used
        (1, STEP, STEP + 1),  # the next code after the current one was used
        (0, STEP - 1, STEP),
    ],
)
def test_accepted_step(offset, last_used, accepted):
    assert mfa.accepted_step(SECRET, code(offset), MOMENT, last_used) == accepted


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", None])
def test_malformed_codes_are_never_accepted(typed):
    assert mfa.accepted_step(SECRET, typed or "", MOMENT, None) is None


def test_spaces_in_a_code_are_ignored():
    c = code(0)
    assert mfa.accepted_step(SECRET, f"{c[:3]} {c[3:]}", MOMENT, None) == STEP


def test_recovery_codes_are_ten_distinct_and_normalise():
    codes = mfa.new_recovery_codes()
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in codes)
    assert mfa.normalise_recovery_code(" ABCDE-fghij ") == "abcdefghij"


def test_otpauth_uri_names_issuer_account_and_parameters():
    uri = mfa.otpauth_uri(SECRET, "ann@example.com", "Partner Console")
    assert uri.startswith("otpauth://totp/Partner%20Console:ann@example.com?secret=" + SECRET)
    parsed = pyotp.parse_uri(uri)
    assert parsed.issuer == "Partner Console" and parsed.digits == 6 and parsed.interval == 30


@pytest.mark.parametrize(
    ("totp", "passkeys", "methods", "require", "enrol_only"),
    [
        (False, 0, [], False, False),
        (False, 0, [], True, True),
        (True, 0, ["totp", "recovery_code"], True, False),
        (False, 2, ["passkey"], True, False),
        (True, 1, ["totp", "recovery_code", "passkey"], False, False),
    ],
)
def test_methods_and_enrolment_only(totp, passkeys, methods, require, enrol_only):
    assert mfa.methods(totp, passkeys) == methods
    assert mfa.enrolment_only(require, totp, passkeys) is enrol_only


@pytest.mark.parametrize(
    ("base", "origin", "expected"),
    [
        ("https://console.example.com", "", ("console.example.com", "https://console.example.com")),
        (
            "https://console.example.com/",
            "http://evil",
            ("console.example.com", "https://console.example.com"),
        ),
        ("", "http://localhost:8000", ("localhost", "http://localhost:8000")),
        ("", "http://localhost:8000/dev", ("localhost", "http://localhost:8000")),
        ("", "http://127.0.0.1:8000", ValueError),
        ("", "", ValueError),
    ],
)
def test_relying_party(base, origin, expected):
    if expected is ValueError:
        with pytest.raises(ValueError, match="localhost"):
            mfa.relying_party(base, origin)
    else:
        assert mfa.relying_party(base, origin) == expected


@pytest.mark.parametrize(
    ("role", "org_type", "own", "may"),
    [
        ("admin", "distributor", True, True),
        ("admin", "distributor", False, False),
        ("staff", "distributor", True, False),
        ("admin", "provider", False, True),
        ("staff", "provider", False, False),
        ("viewer", "partner", True, False),
    ],
)
def test_who_may_set_the_policy(role, org_type, own, may):
    assert mfa.may_set_policy(role, org_type, own) is may
