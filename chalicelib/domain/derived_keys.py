"""Keys derived from a record's own fields, so that an index finds the record (pure).

Each is written with the record by the code that writes it; records written before a key
existed lack it and are missing from that key's index until the backfill
(``services/backfill.py``) writes it. What each table derives, and from which fields:

=================  ===========================  ==================================================
table              derived keys                 from
=================  ===========================  ==================================================
organizations      ``name_key``, ``kind_key``   ``name`` (``names.sort_key``): the contract's
                                                name index (``contract-name-index``); ``path``
                                                and ``type`` (``names.kind_key``: the parent's
                                                ``parent-kind-name-index``)
storage-accounts   ``name_key``, ``anc1``,      ``name`` (``partner-name-index``); ``path``
                   ``anc2``                     (``storage_accounts.ancestors``: ``levelN-index``)
audit-events       ``action1..3``,              ``path``, ``action``, ``actor_id``
                   ``actor1..3``                (``audit_filter_keys``: ``levelN-action-index``,
                                                ``levelN-actor-index``)
deals              ``status1..3``               ``path``, ``status`` (``deals.status_keys``:
                                                ``levelN-status-index``)
=================  ===========================  ==================================================

The other ancestry keys (audit events', events' and deals' ``anc1..anc3``) were written from the
first version of their tables, so nothing lacks them.

``backfill`` compares what a record should carry with what it carries and answers the write
that would make them agree, with the values of the fields it was derived from: the store writes
it only while those fields still hold those values (a record renamed meanwhile was written with
its new keys by the rename) and while the keys are still absent or different.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain import deals, names
from chalicelib.domain.principal import path_ids
from chalicelib.domain.storage_accounts import ancestors

#: How many ancestors an audit event's filter keys cover (``levelN-action-index``, N = 1..3).
AUDIT_LEVELS = 3


def audit_filter_keys(path: str, action: str, actor_id: str) -> dict[str, str]:
    """The keys of the audit search's filter indexes: for each ancestor N of the owning
    organization's ``path``, ``actionN`` = ``<ancestor>#<action>`` and ``actorN`` =
    ``<ancestor>#<actor id>``."""
    keys = {}
    for n, ancestor in enumerate(path_ids(path)[:AUDIT_LEVELS], start=1):
        keys[f"action{n}"] = audit_filter_key(ancestor, action)
        keys[f"actor{n}"] = audit_filter_key(ancestor, actor_id)
    return keys


def audit_filter_key(org_id: str, value: str) -> str:
    """The key an audit search of ``org_id``'s subtree for one action (or one actor) queries,
    as ``audit_filter_keys`` writes it."""
    return f"{org_id}#{value}"


def _organization(item: Mapping[str, Any]) -> dict[str, str | None]:
    # ``kind_key`` also comes from ``path`` and ``type``, which never change: not conditions
    return {
        "name_key": names.sort_key(item["name"]),
        "kind_key": names.kind_key(item["path"], item["type"]),
    }


def _storage_account(item: Mapping[str, Any]) -> dict[str, str | None]:
    return {"name_key": names.sort_key(item["name"]), **ancestors(item["path"])}


def _audit_event(item: Mapping[str, Any]) -> dict[str, str | None]:
    keys: dict[str, str | None] = {
        f"{kind}{n}": None for kind in ("action", "actor") for n in range(1, AUDIT_LEVELS + 1)
    }
    keys.update(audit_filter_keys(item["path"], item["action"], item["actor_id"]))
    return keys


def _deal(item: Mapping[str, Any]) -> dict[str, str | None]:
    keys: dict[str, str | None] = {f"status{n}": None for n in range(1, deals.STATUS_LEVELS + 1)}
    keys.update(deals.status_keys(item["path"], item["status"]))
    return keys


@dataclass(frozen=True)
class Derivation:
    """What one table derives: from which fields (``sources``; a record lacking one is not of
    this kind, e.g. the single sign-on rows of the organizations table), which keys
    (``keys``), and how (``derive``: the keys' values, None = absent)."""

    sources: tuple[str, ...]
    keys: tuple[str, ...]
    derive: Callable[[Mapping[str, Any]], dict[str, str | None]]
    #: Fields that must be present for the record to be of this kind, besides ``sources``.
    kind_fields: tuple[str, ...] = ()


TABLES: dict[str, Derivation] = {
    "organizations": Derivation(
        ("name",), ("name_key", "kind_key"), _organization, ("type", "path")
    ),
    "storage-accounts": Derivation(
        ("name", "path"), ("name_key", "anc1", "anc2"), _storage_account, ("partner_id",)
    ),
    "audit-events": Derivation(
        ("path", "action", "actor_id"),
        tuple(f"{kind}{n}" for kind in ("action", "actor") for n in range(1, AUDIT_LEVELS + 1)),
        _audit_event,
    ),
    "deals": Derivation(
        ("path", "status"),
        tuple(f"status{n}" for n in range(1, deals.STATUS_LEVELS + 1)),
        _deal,
    ),
}


@dataclass(frozen=True)
class Backfill:
    """The write that gives one record the keys it lacks: ``set`` these keys, ``remove`` those,
    on the condition that the ``sources`` still hold these values."""

    sources: dict[str, str]
    set: dict[str, str] = field(default_factory=dict)
    remove: tuple[str, ...] = ()


def backfill(table: str, item: Mapping[str, Any]) -> Backfill | None:
    """The write ``item`` of ``table`` needs so that its derived keys agree with its fields,
    or None when they already do (or the record is not of the kind the table derives keys for).
    ``item``: the record's attributes as plain values."""
    rule = TABLES[table]
    needed = rule.sources + rule.kind_fields
    if any(not isinstance(item.get(name), str) for name in needed):
        return None
    wanted = rule.derive(item)
    to_set = {k: v for k, v in wanted.items() if v is not None and item.get(k) != v}
    to_remove = tuple(k for k, v in wanted.items() if v is None and item.get(k) is not None)
    if not to_set and not to_remove:
        return None
    return Backfill({name: item[name] for name in rule.sources}, to_set, to_remove)
