"""The DESIGN §2 permission table, row by row."""

import pytest

from chalicelib.domain.roles import Action, OrgType, Role, is_allowed, key_role_allowed

A, S, V = Role.ADMIN, Role.STAFF, Role.VIEWER
TABLE = {
    Action.VIEW: {A, S, V},
    Action.MANAGE_RESOURCES: {A, S},
    Action.CREATE_CHILD_USERS: {A, S},
    Action.MANAGE_CHILD_USERS: {A},
    Action.MANAGE_TEAM: {A},
    Action.MANAGE_API_KEYS: {A, S},
    Action.REGISTER_DEALS: {A, S},
    Action.MANAGE_ALERTS: {A, S},
}


@pytest.mark.parametrize("org_type", list(OrgType))
@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("role", [A, S, V])
def test_permission_table(action, role, org_type):
    assert is_allowed(role, org_type, action) == (role in TABLE[action])


@pytest.mark.parametrize("role", [A, S, V])
def test_channel_management_is_for_provider_admin_and_staff(role):
    assert is_allowed(role, OrgType.PROVIDER, Action.MANAGE_CHANNEL) == (role in {A, S})
    assert not is_allowed(role, OrgType.DISTRIBUTOR, Action.MANAGE_CHANNEL)
    assert not is_allowed(role, OrgType.PARTNER, Action.MANAGE_CHANNEL)


def test_metering_may_only_post_usage():
    for action in Action:
        expected = action == Action.POST_USAGE
        assert is_allowed(Role.METERING, OrgType.PROVIDER, action) == expected
    assert not is_allowed(Role.METERING, OrgType.DISTRIBUTOR, Action.POST_USAGE)


@pytest.mark.parametrize(
    ("creator", "org", "key", "allowed"),
    [
        (A, OrgType.DISTRIBUTOR, A, True),
        (A, OrgType.DISTRIBUTOR, V, True),
        (S, OrgType.DISTRIBUTOR, A, False),
        (S, OrgType.DISTRIBUTOR, S, True),
        (V, OrgType.PARTNER, V, True),
        (A, OrgType.PROVIDER, Role.METERING, True),
        (S, OrgType.PROVIDER, Role.METERING, True),
        (V, OrgType.PROVIDER, Role.METERING, False),
        (A, OrgType.DISTRIBUTOR, Role.METERING, False),
    ],
)
def test_api_key_role_never_exceeds_its_creator(creator, org, key, allowed):
    assert key_role_allowed(creator, org, key) == allowed


@pytest.mark.parametrize("org_type", list(OrgType))
@pytest.mark.parametrize("role", [A, S, V, Role.METERING])
def test_only_provider_admins_run_jobs_on_demand(role, org_type):
    expected = role == A and org_type == OrgType.PROVIDER
    assert is_allowed(role, org_type, Action.RUN_JOBS) == expected
