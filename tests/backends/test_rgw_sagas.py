"""The storage-account saga tests (failure injection, crashes between the steps, the
reconciler) again, with the accounts on Ceph RGW instead of IAM on moto: the sagas and the
reconciler work unchanged on the other engine."""

from __future__ import annotations

import pytest

from tests.api.conftest import api, aws, clock, provider_admin  # noqa: F401 - the API fixtures
from tests.api.test_storage_account_sagas import *  # noqa: F403 - the same tests, on RGW
from tests.api.test_storage_account_sagas import Faulty, make_world  # noqa: F401


@pytest.fixture(autouse=True)
def on_rgw(ceph, monkeypatch):
    """Every test here talks to the session's RGW (the tables stay on moto)."""
    for name, value in ceph.environment().items():
        monkeypatch.setenv(name, value)
