"""Names must be readable: no control characters, something visible (``domain/names.py``)."""

from __future__ import annotations

import pytest

from chalicelib.domain.names import kind_key, name_problem, parent_kind_key, sort_key


@pytest.mark.parametrize(
    "text, problem",
    [
        ("Acme GmbH", None),
        ("Ünïcödé Łtd", None),
        ("شركة", None),
        ("\u200fشركة\u200f", None),  # RTL marks around real text stay
        ("👩\u200d💻 Devs", None),  # a ZWJ inside an emoji stays
        ("\u200b", "visible"),
        ("\u200b\u200c\u200d\ufeff", "visible"),
        ("\u200e\u200f\u202e", "visible"),
        ("\u2060\u00a0\u3000", "visible"),
        ("", "visible"),
        ("Acme\x00", "control"),
        ("Acme\x1b[31m", "control"),
        ("Acme\x7f", "control"),
        ("Acme\x85", "control"),
        ("Acme\u009b", "control"),
        ("Line\nbreak", "control"),
        ("Line\u2028break", "control"),
        ("Para\u2029", "control"),
        ("Tab\there", "control"),
    ],
)
def test_name_problem(text, problem):
    found = name_problem(text)
    assert (found is None) if problem is None else (problem in found)


def test_an_optional_name_may_be_empty_but_not_invisible():
    assert name_problem("", optional=True) is None
    assert "visible" in name_problem("\u200b", optional=True)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ACME GmbH", "acme gmbh"),
        ("  acme   gmbh ", "acme gmbh"),
        ("Straße", "strasse"),
        ("Émile", "émile"),
        ("zulu", "zulu"),
    ],
)
def test_sort_key(name, key):
    """How names sort and are found by their beginning (the name indexes' key)."""
    assert sort_key(name) == key
    assert sort_key(name).startswith(sort_key(name[:3]).strip())


@pytest.mark.parametrize(
    ("path", "org_type", "key"),
    [
        ("/p0/", "provider", None),  # no parent
        ("/p0/d1/", "distributor", "p0#distributor"),
        ("/p0/m9/", "partner", "p0#partner"),  # a direct channel partner
        ("/p0/d1/m2/", "partner", "d1#partner"),  # a distributor's partner
    ],
)
def test_kind_key_is_the_parent_and_the_kind(path, org_type, key):
    assert kind_key(path, org_type) == key
    if key is not None:  # what the parent's list is queried by is what the child carries
        parent = [part for part in path.split("/") if part][-2]
        assert parent_kind_key(parent, org_type) == key
