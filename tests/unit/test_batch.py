"""The batch helpers' one failure rule: retry what DynamoDB leaves unprocessed, with backoff,
and raise when it is still unprocessed after the last attempt (never a partial answer)."""

from __future__ import annotations

import pytest

from chalicelib.store import batch
from chalicelib.store.models import OrganizationItem, UserItem


class FakeClient:
    """Answers BatchGetItem/BatchWriteItem, leaving the first ``stubborn`` answers unprocessed."""

    def __init__(self, stubborn: int, items: dict[str, dict] | None = None) -> None:
        self.stubborn, self.items, self.calls = stubborn, items or {}, []

    def batch_get_item(self, RequestItems):
        self.calls.append(RequestItems)
        if len(self.calls) <= self.stubborn:
            return {"Responses": {}, "UnprocessedKeys": RequestItems}
        responses = {
            table: [
                self.items[key["id"]["S"]] for key in spec["Keys"] if key["id"]["S"] in self.items
            ]
            for table, spec in RequestItems.items()
        }
        return {"Responses": responses, "UnprocessedKeys": {}}

    def batch_write_item(self, RequestItems):
        self.calls.append(RequestItems)
        if len(self.calls) <= self.stubborn:
            return {"UnprocessedItems": RequestItems}
        return {"UnprocessedItems": {}}


@pytest.fixture
def fake(monkeypatch):
    def install(stubborn: int, items: dict | None = None) -> FakeClient:
        client = FakeClient(stubborn, items)
        monkeypatch.setattr(batch, "connection", lambda: type("C", (), {"client": client})())
        return client

    monkeypatch.setattr(batch.time, "sleep", lambda _s: None)
    return install


def raw_org(org_id: str) -> dict:
    return {
        "id": {"S": org_id},
        "type": {"S": "partner"},
        "name": {"S": org_id},
        "path": {"S": f"/{org_id}/"},
        "created_at": {"S": "2026-01-01T00:00:00Z"},
        "updated_at": {"S": "2026-01-01T00:00:00Z"},
    }


@pytest.mark.parametrize(("stubborn", "raises"), [(0, False), (3, False), (10, True)])
def test_batch_put_retries_then_raises(fake, stubborn, raises):
    client = fake(stubborn)
    items = [{"id": {"S": str(n)}} for n in range(30)]  # two BatchWriteItem chunks: 25 + 5
    if raises:
        with pytest.raises(batch.Unprocessed):
            batch.batch_put("t", items)
        return
    assert batch.batch_put("t", items) == stubborn + 2
    assert [len(c["t"]) for c in client.calls[-2:]] == [25, 5]


@pytest.mark.parametrize(("stubborn", "raises"), [(0, False), (9, False), (10, True)])
def test_batch_get_retries_then_raises(fake, stubborn, raises):
    fake(stubborn, {"a": {"id": {"S": "a"}}})
    keys = [{"id": {"S": "a"}}, {"id": {"S": "missing"}}]
    if raises:
        with pytest.raises(batch.Unprocessed):
            batch.batch_get("t", keys)
        return
    assert batch.batch_get("t", keys) == [{"id": {"S": "a"}}]


def test_get_models_reads_several_tables_and_tells_missing_from_unprocessed(fake):
    client = fake(2, {"o1": raw_org("o1")})
    org, user, again = batch.get_models(
        (OrganizationItem, "o1"), (UserItem, "u-missing"), (OrganizationItem, "o1")
    )
    assert org.id == "o1" and again.id == "o1" and user is None
    assert len(client.calls) == 3
    # the repeated key is asked once (DynamoDB refuses duplicate keys in one request)
    assert len(client.calls[-1][OrganizationItem.Meta.table_name]["Keys"]) == 1
    fake(10)
    with pytest.raises(batch.Unprocessed):
        batch.get_models((OrganizationItem, "o1"))


def test_get_models_splits_more_than_100_keys(fake):
    client = fake(0, {f"o{n}": raw_org(f"o{n}") for n in range(150)})
    found = batch.get_models(*((OrganizationItem, f"o{n}") for n in range(150)))
    assert [o.id for o in found] == [f"o{n}" for n in range(150)]
    assert len(client.calls) == 2
