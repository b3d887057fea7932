"""The transaction helper: named failures in PynamoDB's order, retries, and the final answer."""

from __future__ import annotations

import pytest
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from chalicelib.errors import Conflict
from chalicelib.store import base
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import ContractItem, OrganizationItem


def cancelled(*codes: str) -> TransactWriteError:
    """What PynamoDB raises for a cancelled TransactWriteItems ("None" = not a reason)."""
    cause = VerboseClientError(
        {"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"}},
        "TransactWriteItems",
        cancellation_reasons=[None if c == "None" else CancellationReason(code=c) for c in codes],
    )
    return TransactWriteError("Failed to write transaction items", cause)


def test_failed_names_follow_pynamodb_order_checks_deletes_puts_updates():
    tx = (
        Tx()
        .update("counter", ContractItem(id="c"), [ContractItem.partner_count.add(1)])
        .save("partner", OrganizationItem(id="p"))
        .check("parent", OrganizationItem, "d", OrganizationItem.id.exists())
        .delete("old", OrganizationItem(id="o"))
    )
    # wire order: parent (check), old (delete), partner (put), counter (update)
    error = cancelled("None", "None", "ConditionalCheckFailed", "ConditionalCheckFailed")
    assert tx.failed(error) == {"partner", "counter"}


def test_conflicts_are_retried_then_reported_as_409(monkeypatch):
    monkeypatch.setattr(base.time, "sleep", lambda _s: None)
    builds = []

    class Failing(Tx):
        def commit(self) -> None:
            raise cancelled("TransactionConflict")

    def build():
        builds.append(1)
        return Failing()

    with pytest.raises(Conflict) as err:
        run_transaction(build, lambda _tx, _names: None, attempts=4)
    assert len(builds) == 4 and err.value.code == "concurrent_change"


def test_a_condition_failure_rebuilds_from_fresh_state(monkeypatch):
    monkeypatch.setattr(base.time, "sleep", lambda _s: None)
    attempts = []

    class Once(Tx):
        def commit(self) -> None:
            if len(attempts) == 1:
                raise cancelled("ConditionalCheckFailed")

    def build():
        attempts.append(1)
        return Once().save("x", OrganizationItem(id="x"))

    assert run_transaction(build, lambda _tx, _names: None) is None
    assert len(attempts) == 2


def test_domain_errors_from_on_failure_propagate(monkeypatch):
    class Fails(Tx):
        def commit(self) -> None:
            raise cancelled("ConditionalCheckFailed")

    def refuse(_tx, names):
        raise Conflict(f"no: {sorted(names)}")

    with pytest.raises(Conflict, match="no: \\['x'\\]"):
        run_transaction(lambda: Fails().save("x", OrganizationItem(id="x")), refuse)


def test_nothing_to_write_is_not_an_error():
    assert run_transaction(lambda: None, lambda _tx, _names: None) is None
