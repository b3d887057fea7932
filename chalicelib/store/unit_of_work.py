"""The store's half of a write use case: load the state, ask the domain for the plan, commit the
plan as one ``TransactWriteItems`` with its audit record, and re-plan from fresh state when a
condition failed (see ``chalicelib.domain.plans``). Nothing here decides anything: conditions,
values and errors all come from the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pynamodb.models import Model

from chalicelib.domain.plans import CHECK, DELETE, PUT, Condition, Plan, Write
from chalicelib.domain.principal import Principal
from chalicelib.store import audit, events
from chalicelib.store.base import Tx, retry_on_failure, run_transaction
from chalicelib.store.models import (
    AccountIdClaimItem,
    ContractItem,
    DealItem,
    OrganizationItem,
    StorageAccountItem,
)

RECORDS: dict[str, type[Model]] = {
    "organization": OrganizationItem,
    "contract": ContractItem,
    "storage_account": StorageAccountItem,
    "account_claim": AccountIdClaimItem,
    "deal": DealItem,
}

Failure = Callable[[Tx, set[str]], Any]


def _plain(value: Any) -> Any:
    """A ``StrEnum`` member as the text it stands for."""
    return str(value) if isinstance(value, str) else value


def _condition(model: type[Model], conditions: tuple[Condition, ...]) -> Any:
    result = None
    for condition in conditions:
        attribute = getattr(model, condition.attribute)
        value = _plain(condition.value)
        if condition.op == "=":
            expression = attribute == value
        elif condition.op == "<=":
            expression = attribute <= value
        elif condition.op == "exists":
            expression = attribute.exists()
        elif condition.op == "absent":
            expression = attribute.does_not_exist()
        else:
            raise ValueError(f"unknown condition operator {condition.op!r}")
        result = expression if result is None else result & expression
    return result


def _actions(model: type[Model], write: Write) -> list:
    actions = [
        getattr(model, name).remove() if value is None else getattr(model, name).set(_plain(value))
        for name, value in write.set.items()
    ]
    actions += [getattr(model, name).add(amount) for name, amount in write.add.items()]
    return actions


def transaction(principal: Principal | None, plan: Plan) -> Tx:
    """The plan as named transaction operations, plus its audit record (``audit.audited``, which
    adds the events an audited change announces) and the events the plan announces itself."""
    tx = Tx()
    for write in plan.writes:
        model = RECORDS[write.record]
        condition = _condition(model, write.when)
        if write.kind == CHECK:
            tx.check(write.name, model, write.key, condition)
        elif write.kind == PUT:
            item = write.item if write.item is not None else model(write.key)
            for name, value in write.set.items():
                setattr(item, name, value)
            tx.save(write.name, item, condition=condition)
        elif write.kind == DELETE:
            tx.delete(write.name, model(write.key), condition=condition)
        else:
            tx.update(write.name, model(write.key), _actions(model, write), condition=condition)
    if plan.audit is not None:
        record = plan.audit
        audit.audited(
            tx,
            principal,
            record.action,
            target_type=record.target_type,
            target_id=record.target_id,
            path=record.path,
            before=record.before,
            after=record.after,
        )
    for announcement in plan.announce:
        events.emit(tx, announcement.event_type, announcement.path, announcement.data)
    return tx


def apply(item: Any, plan: Plan, name: str) -> Any:
    """``item`` with the values the plan's write ``name`` set (the new state, once committed)."""
    for attribute, value in plan.write(name).set.items():
        setattr(item, attribute, value)
    return item


def _first_then_fresh(first: Any, load: Callable[[], Any]) -> Iterator[Any]:
    if first is not None:
        yield first
    while True:
        yield load()


def carry_out(
    principal: Principal | None,
    load: Callable[[], tuple],
    plan: Callable[..., Plan | None],
    *,
    first: tuple | None = None,
    on_failure: Failure = retry_on_failure,
) -> tuple[Plan | None, tuple]:
    """Load (``first`` on the first attempt: what the caller already read), plan, commit; on a
    failed condition ``on_failure`` decides (by default: load fresh state and plan again; it may
    also raise the domain error that failure means). Returns the committed plan (None when the
    domain said there is nothing to write) and the state it was made from."""
    states = _first_then_fresh(first, load)
    made: dict[str, Any] = {}

    def build() -> Tx | None:
        state = next(states)
        made["state"], made["plan"] = state, plan(*state)
        return None if made["plan"] is None else transaction(principal, made["plan"])

    run_transaction(build, on_failure)
    return made["plan"], made["state"]


def commit_once(principal: Principal | None, plan: Plan) -> bool:
    """Commit a plan whose conditions are the whole point (a saga step that only applies while
    the saga is still the one in flight): False when a condition failed, no re-plan."""
    outcome = run_transaction(lambda: transaction(principal, plan), lambda _tx, _names: False)
    return outcome is None
