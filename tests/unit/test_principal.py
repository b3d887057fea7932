import pytest

from chalicelib.domain.principal import Principal, child_path, path_ids, system_principal
from chalicelib.domain.roles import Action, OrgType, Role
from chalicelib.errors import Forbidden


def principal(path="/p/d/", role=Role.STAFF, org_type=OrgType.DISTRIBUTOR):
    return Principal("user", "u", "u@x", path_ids(path)[-1], path, org_type, role)


def test_scope_is_the_subtree_by_path_prefix():
    me = principal("/p/d/")
    assert me.sees("/p/d/")
    assert me.sees("/p/d/x/")
    assert not me.sees("/p/")
    assert not me.sees("/p/other/")
    assert not me.sees("/p/d2/")  # a sibling whose id starts with ours
    assert not me.sees("")
    assert not me.sees(None)


def test_paths_are_built_and_split_consistently():
    assert child_path("/p/", "d") == "/p/d/"
    assert path_ids("/p/d/x/") == ["p", "d", "x"]


def test_require_says_which_role_and_action():
    with pytest.raises(Forbidden, match=r"viewer.*create or delete API keys"):
        principal(role=Role.VIEWER).require(Action.MANAGE_API_KEYS)


def test_system_principal_sees_everything():
    assert system_principal().sees("/anything/")
