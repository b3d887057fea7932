"""An API key never acts above its creator's current role (``effective_key_role``)."""

from __future__ import annotations

import pytest

from chalicelib.domain.roles import OrgType, Role, effective_key_role

A, S, V, M = Role.ADMIN, Role.STAFF, Role.VIEWER, Role.METERING
P, D = OrgType.PROVIDER, OrgType.DISTRIBUTOR


@pytest.mark.parametrize(
    "key, creator, org, acts_as",
    [
        (A, A, D, A),
        (A, S, D, S),  # creator demoted to staff: the key with them
        (A, V, D, V),
        (S, A, D, S),  # never above its own role
        (V, A, D, V),
        (S, V, D, V),
        (A, None, D, A),  # creator removed: the organization's key, its own role
        (V, None, D, V),
        (M, A, P, M),
        (M, S, P, M),
        (M, V, P, None),  # may no longer mint metering keys: the key does nothing
        (M, None, P, M),
    ],
)
def test_effective_key_role(key, creator, org, acts_as):
    assert effective_key_role(key, creator, org) == acts_as
