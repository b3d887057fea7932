"""A write use case as data (pure): the plan a domain function returns for the store to commit.

Every write (a partner created, a storage account re-allocated, a deal moved, …) is one domain
function ``plan_…(state it read, request, now) -> Plan``. The function raises the domain error
when the change does not fit the state it was given (the *check*), and otherwise returns the
conditional writes that make the same bound hold atomically (the *condition*), the new state and
the audit record. The check and the condition that enforces it are written side by side, in one
function, and tested together by one table test.

The store (``chalicelib.store.unit_of_work``) loads the state, asks for the plan, commits it as
one ``TransactWriteItems`` and, when a condition fails (someone changed the state in between),
reloads and asks again: the new plan either fits or raises the error computed from fresh state.

Attribute names are the stored records' attribute names (``allocated_capacity``…); ``record``
names which kind of record a write touches (``organization``, ``contract``, ``storage_account``,
``account_claim``, ``deal``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PUT, UPDATE, DELETE, CHECK = "put", "update", "delete", "check"


@dataclass(frozen=True)
class Condition:
    """``attribute op value``; ``op`` is ``=``, ``<=``, ``exists`` or ``absent``."""

    attribute: str
    op: str
    value: Any = None

    def holds(self, record: Any) -> bool:
        """Whether ``record`` (an object with the attribute, or None when missing) meets it:
        what DynamoDB evaluates, for tests of plans without a database."""
        current = None if record is None else getattr(record, self.attribute, None)
        if self.op == "exists":
            return current is not None
        if self.op == "absent":
            return current is None
        if current is None:
            return False
        if self.op == "=":
            return current == self.value
        return current <= self.value


def eq(attribute: str, value: Any) -> Condition:
    return Condition(attribute, "=", value)


def at_most(attribute: str, value: Any) -> Condition:
    return Condition(attribute, "<=", value)


def exists(attribute: str = "id") -> Condition:
    return Condition(attribute, "exists")


def absent(attribute: str = "id") -> Condition:
    return Condition(attribute, "absent")


@dataclass
class Write:
    """One operation of the transaction, named so a failed condition can be told apart.

    ``set`` values of None remove the attribute; ``add`` adds to numeric counters. A ``put``
    writes ``item`` (the new record the caller built, or a new one of ``record`` with ``key``)
    with ``set`` applied to it first."""

    name: str
    record: str
    key: str
    kind: str = UPDATE
    set: dict[str, Any] = field(default_factory=dict)
    add: dict[str, int] = field(default_factory=dict)
    when: tuple[Condition, ...] = ()
    item: Any = None

    def allows(self, record: Any) -> bool:
        return all(condition.holds(record) for condition in self.when)


@dataclass(frozen=True)
class AuditRecord:
    action: str
    target_type: str
    target_id: str
    path: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


@dataclass(frozen=True)
class Announcement:
    """An event (``chalicelib.domain.events``) the change announces, written in the same
    transaction (beside those the audit record announces by itself)."""

    event_type: str
    path: str
    data: dict[str, Any]


@dataclass
class Plan:
    writes: list[Write]
    audit: AuditRecord | None = None
    announce: list[Announcement] = field(default_factory=list)
    #: Anything the use case hands back beside the new state (e.g. whether the backend must be
    #: told, the deletion time a restore cancelled).
    outcome: dict[str, Any] = field(default_factory=dict)

    def write(self, name: str) -> Write:
        for write in self.writes:
            if write.name == name:
                return write
        raise KeyError(name)

    def names(self) -> list[str]:
        return [write.name for write in self.writes]


class After:
    """``record`` as it will be once ``changes`` are written (for the audit record's ``after``
    and for the state the caller gets back)."""

    def __init__(self, record: Any, changes: dict[str, Any]) -> None:
        self._record, self._changes = record, changes

    def __getattr__(self, name: str) -> Any:
        if name in self._changes:
            return self._changes[name]
        return getattr(self._record, name)
