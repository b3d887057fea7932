"""Store helpers against moto: multi-table reads and the tenant-scoped read."""

from __future__ import annotations

import pytest

from chalicelib import bootstrap
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import OrgType, Role
from chalicelib.errors import NotFound
from chalicelib.store import base, batch
from chalicelib.store.models import OrganizationItem
from chalicelib.store.organizations import find_provider, new_org
from chalicelib.store.scoped import get_in_scope


def test_batch_get_retries_what_dynamodb_leaves_unprocessed(api, monkeypatch):
    bootstrap.ensure_provider_admin("a@example.com", "Sturdy-Passw0rd!")
    provider = find_provider()
    client = base.connection().client
    real = client.batch_get_item
    calls = []

    def flaky(RequestItems):
        calls.append(RequestItems)
        if len(calls) == 1:  # the first answer leaves everything unprocessed
            return {"Responses": {}, "UnprocessedKeys": RequestItems}
        return real(RequestItems=RequestItems)

    monkeypatch.setattr(client, "batch_get_item", flaky)
    monkeypatch.setattr(batch.time, "sleep", lambda _s: None)
    found, missing = batch.get_models((OrganizationItem, provider.id), (OrganizationItem, "nope"))
    assert found.id == provider.id and missing is None
    assert len(calls) == 2


def test_scoped_read_hides_other_trees_and_odd_keys(api):
    bootstrap.ensure_provider_admin("a@example.com", "Sturdy-Passw0rd!")
    provider = find_provider()
    dist = new_org(OrgType.DISTRIBUTOR, "D", provider)
    dist.save()
    other = new_org(OrgType.DISTRIBUTOR, "E", provider)
    other.save()
    me = Principal("user", "u", "u", dist.id, dist.path, OrgType.DISTRIBUTOR, Role.ADMIN)
    assert get_in_scope(OrganizationItem, dist.id, me, "Organization").id == dist.id
    for key in (other.id, provider.id, "", "x" * 5000):
        with pytest.raises(NotFound):
            get_in_scope(OrganizationItem, key, me, "Organization")
