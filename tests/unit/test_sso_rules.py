"""Single sign-on rules (``domain/sso.py``), as tables."""

from __future__ import annotations

import pytest

from chalicelib.domain import sso


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Example.COM", "example.com"),
        (" acme.example.com. ", "acme.example.com"),
        ("nodot", None),
        ("-bad.example.com", None),
        ("a..b.com", None),
        ("", None),
    ],
)
def test_domains_are_normalised(raw, expected):
    assert sso.normalise_domain(raw) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [("Ann@Acme.Example.com", "acme.example.com"), ("no-at", None), ("@acme.com", None)],
)
def test_email_domain(email, expected):
    assert sso.email_domain(email) == expected


@pytest.mark.parametrize(
    ("issuer", "stage", "allowed"),
    [
        ("https://login.example.com", "prod", True),
        ("https://login.example.com/tenant/v2", "dev", True),
        ("http://127.0.0.1:4000", "local", True),
        ("http://127.0.0.1:4000", "test", True),
        ("http://login.example.com", "prod", False),
        ("http://login.example.com", "dev", False),
        ("login.example.com", "local", False),
        ("https://login.example.com?x=1", "prod", False),
        ("ftp://login.example.com", "local", False),
    ],
)
def test_issuers_use_https_except_on_local_and_test(issuer, stage, allowed):
    assert (sso.issuer_problem(issuer, stage) is None) is allowed


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("admins", "admin"),
        (["everyone", "staff-group"], "staff"),
        (["staff-group", "admins"], "admin"),  # the most powerful mapped value wins
        (["everyone"], "viewer"),
        (None, "viewer"),
        (42, "viewer"),
        ([1, "admins"], "admin"),
    ],
)
def test_role_mapping(claim, expected):
    mapping = {"admins": "admin", "staff-group": "staff"}
    assert sso.role_for(claim, mapping, "viewer") == expected


@pytest.mark.parametrize(
    ("enforced", "role", "factor", "allowed"),
    [
        (False, "viewer", False, True),
        (True, "viewer", True, False),
        (True, "staff", True, False),
        (True, "admin", False, False),
        (True, "admin", True, True),  # break-glass
    ],
)
def test_password_sign_in_under_enforce(enforced, role, factor, allowed):
    assert sso.password_login_allowed(enforced, role, factor) is allowed


@pytest.mark.parametrize(
    ("role", "org_type", "own", "allowed"),
    [
        ("admin", "distributor", True, True),
        ("admin", "distributor", False, False),
        ("admin", "provider", False, True),
        ("staff", "provider", False, False),
        ("staff", "partner", True, False),
    ],
)
def test_who_manages_single_sign_on(role, org_type, own, allowed):
    assert sso.may_manage(role, org_type, own) is allowed


def test_domain_lists():
    assert sso.domains_problem([]) is not None
    assert sso.domains_problem(["a.com", "a.com"]) is not None
    assert sso.domains_problem([f"d{i}.com" for i in range(21)]) is not None
    assert sso.domains_problem(["a.com", "b.com"]) is None


@pytest.mark.parametrize(
    ("url", "stage", "allowed"),
    [
        ("https://idp.example.com/token", "prod", True),
        ("http://idp.example.com/token", "prod", False),
        ("http://127.0.0.1:9/token", "local", True),
        ("/token", "local", False),
    ],
)
def test_endpoints(url, stage, allowed):
    assert sso.endpoint_allowed(url, stage) is allowed
