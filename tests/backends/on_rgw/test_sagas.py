"""The storage-account saga tests (failure injection, crashes between the steps, the
reconciler) again, with the accounts on Ceph RGW instead of IAM on moto: the sagas and the
reconciler work unchanged on the other engine."""

from __future__ import annotations

from tests.api.test_storage_account_sagas import *  # noqa: F403 - the same tests, on RGW
