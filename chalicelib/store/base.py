"""PynamoDB plumbing shared by every table: lazy table names, transactions with named operations
and retries, and key-set pagination.

* Table names come from settings at call time (``TABLE_PREFIX`` + short name); region and
  endpoint are left to botocore, which reads ``AWS_REGION``/``AWS_ENDPOINT_URL`` when the client
  is first made. Nothing is read at import.
* ``Tx`` collects the operations of one ``TransactWriteItems`` under names, and tells which named
  condition failed. PynamoDB reports cancellation reasons in its own order (condition checks,
  deletes, puts, updates), so ``Tx`` keeps the names in that same order.
* ``run_transaction`` retries ``TransactionConflict`` (and throttling) with jittered backoff.

Batched reads and writes are ``chalicelib.store.batch``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.errors import Conflict, NotFound
from chalicelib.settings import get_settings

T = TypeVar("T")


class _TableMeta(type):
    @property
    def table_name(cls) -> str:
        return get_settings().table_name(cls.short_name)


def index_meta(name: str) -> type:
    """The ``Meta`` of a global secondary index projecting every attribute."""
    return type("Meta", (), {"index_name": name, "projection": AllProjection()})


def table_meta(short_name: str, **extra: Any) -> type:
    """A PynamoDB ``Meta`` whose table name is resolved from settings on every use."""
    attrs = {"short_name": short_name, "region": None, "host": None}
    attrs["billing_mode"] = "PAY_PER_REQUEST"
    attrs.update(extra)
    return _TableMeta("Meta", (), attrs)


@lru_cache(maxsize=1)
def connection() -> Connection:
    """A connection for operations that span tables (transactions, multi-table batch reads)."""
    return Connection()


# --- transactions ----------------------------------------------------------------------------

_ORDER = {"check": 0, "delete": 1, "save": 2, "update": 3}


@dataclass
class Tx:
    """One TransactWriteItems, built from named operations."""

    ops: list[tuple[str, str, tuple, dict]] = field(default_factory=list)

    def check(self, name: str, model_cls: type[Model], hash_key: Any, condition: Any) -> Tx:
        self.ops.append(("check", name, (model_cls, hash_key), {"condition": condition}))
        return self

    def save(self, name: str, item: Model, condition: Any = None) -> Tx:
        self.ops.append(("save", name, (item,), {"condition": condition}))
        return self

    def update(self, name: str, item: Model, actions: list, condition: Any = None) -> Tx:
        self.ops.append(("update", name, (item, actions), {"condition": condition}))
        return self

    def delete(self, name: str, item: Model, condition: Any = None) -> Tx:
        self.ops.append(("delete", name, (item,), {"condition": condition}))
        return self

    def _ordered(self) -> list[tuple[str, str, tuple, dict]]:
        return sorted(self.ops, key=lambda op: _ORDER[op[0]])

    def commit(self) -> None:
        with TransactWrite(connection=connection()) as tx:
            for kind, _name, args, kwargs in self.ops:
                if kind == "check":
                    tx.condition_check(*args, **kwargs)
                elif kind == "save":
                    tx.save(*args, **kwargs)
                elif kind == "update":
                    tx.update(*args, **kwargs)
                else:
                    tx.delete(*args, **kwargs)

    def failed(self, error: TransactWriteError) -> set[str]:
        """Names of the operations whose condition failed."""
        reasons = error.cancellation_reasons or []
        return {
            name
            for (_, name, _, _), reason in zip(self._ordered(), reasons, strict=False)
            if reason is not None and reason.code == "ConditionalCheckFailed"
        }


def not_found_on_failure(what: str, key: str) -> Callable[[Tx, set[str]], None]:
    """A failure handler for a change whose only condition is that its record still exists."""

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise NotFound.of(what, key)

    return failed


def retry_on_failure(_tx: Tx, _names: set[str]) -> None:
    """A failure handler for changes that ``build`` re-validates from fresh state."""
    return None


def _conflict(error: TransactWriteError) -> bool:
    reasons = error.cancellation_reasons or []
    codes = {r.code for r in reasons if r is not None}
    if codes & {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}:
        return "ConditionalCheckFailed" not in codes
    return error.cause_response_code in {"TransactionInProgressException", "ThrottlingException"}


def run_transaction(
    build: Callable[[], Tx | None],
    on_failure: Callable[[Tx, set[str]], T | None],
    *,
    attempts: int = 10,
    base_delay: float = 0.01,
    max_delay: float = 0.5,
) -> T | None:
    """Build and commit a transaction, retrying conflicts with full-jitter backoff.

    ``build`` is called afresh on every attempt (it reads current state to compute bounds and
    raises a domain error when the change no longer fits); returning None means there is nothing
    to write. When a condition fails, ``on_failure(tx, names)`` decides: raise a domain error,
    return None to rebuild from fresh state and retry, or return a value to stop with.
    """
    for attempt in range(attempts):
        tx = build()
        if tx is None:
            return None
        try:
            tx.commit()
            return None
        except TransactWriteError as error:
            if not _conflict(error):
                failed = tx.failed(error)
                if not failed:
                    raise
                outcome = on_failure(tx, failed)
                if outcome is not None:
                    return outcome
        time.sleep(random.uniform(0, min(max_delay, base_delay * 2**attempt)))  # noqa: S311
    raise Conflict(
        "Too many changes to the same records at the same moment; nothing was changed. Try again.",
        code="concurrent_change",
    )
