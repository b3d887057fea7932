"""Alert rules: managing them, and evaluating them right after the usage aggregation has
updated ``usedCapacity`` (``evaluate_after_aggregation``, the aggregation's one hook)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from chalicelib import clock
from chalicelib.domain import alerts as rules
from chalicelib.domain.alerts import Outcome, TargetType, Watched
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.services import dispatch
from chalicelib.store import alerts as store
from chalicelib.store import contracts as contract_store
from chalicelib.store import organizations as orgs
from chalicelib.store import storage_accounts as account_store
from chalicelib.store.models import AlertRuleItem


def list_rules(
    principal: Principal, page: PageRequest, *, descending: bool = False
) -> Page[AlertRuleItem]:
    """One page of the caller's organization's rules, oldest first (``descending``: backwards,
    for a console table's "Previous")."""
    principal.require(Action.VIEW)
    return store.list_for_org(principal.org_id, page, descending=descending)


def position(rule: AlertRuleItem) -> dict:
    """Where ``rule`` stands in the rules' order (a start key for either direction)."""
    return store.position(rule)


def create_rule(
    principal: Principal,
    target_type: TargetType,
    target_id: str | None,
    threshold_percent: int,
    email_recipients: list[str] | None,
) -> AlertRuleItem:
    """A rule on one entity in scope (``target_id``) or on every entity of the type in scope."""
    principal.require(Action.MANAGE_ALERTS)
    if target_id:
        if target_type == TargetType.CONTRACT:
            contract_store.get(principal, target_id)
        elif target_type == TargetType.PARTNER:
            orgs.get_partner(principal, target_id)
        else:
            account_store.get(principal, target_id)
    rule = AlertRuleItem(
        id=str(uuid.uuid4()),
        org_id=principal.org_id,
        path=principal.org_path,
        target_type=str(target_type),
        target_id=target_id or None,
        threshold_percent=threshold_percent,
        email_recipients=sorted(set(email_recipients)) if email_recipients else None,
        created_by=principal.actor_id,
        created_at=clock.iso(clock.now()),
    )
    return store.create(principal, rule)


def delete_rule(principal: Principal, rule_id: str) -> None:
    principal.require(Action.MANAGE_ALERTS)
    rule = store.get(principal, rule_id)
    if rule.org_id != principal.org_id:  # a child's rules are the child's own
        raise NotFound.of(store.WHAT, rule_id)
    store.delete(principal, rule)


# --- evaluation ------------------------------------------------------------------------------


@dataclass
class Evaluation:
    rules: int = 0
    checked: int = 0
    crossed: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def watched(
    contracts: Iterable[Any], partners: Iterable[Any], accounts: Iterable[Any]
) -> dict[TargetType, dict[str, Watched]]:
    """The entities rules can watch, with their used and allocated capacity as just updated."""
    return {
        TargetType.CONTRACT: {
            c.id: Watched(
                TargetType.CONTRACT,
                c.id,
                c.details,
                c.path,
                int(c.used_capacity or 0),
                int(c.reserved_capacity or 0),
            )
            for c in contracts
        },
        TargetType.PARTNER: {
            p.id: Watched(
                TargetType.PARTNER,
                p.id,
                p.name,
                p.path,
                int(p.used_capacity or 0),
                int(p.allocated_capacity or 0),
                partner_id=p.id,
            )
            for p in partners
        },
        TargetType.STORAGE_ACCOUNT: {
            a.id: Watched(
                TargetType.STORAGE_ACCOUNT,
                a.id,
                a.name,
                a.path,
                int(a.used_capacity or 0),
                int(a.allocated_capacity or 0),
                partner_id=a.partner_id,
            )
            for a in accounts
        },
    }


def _event_data(rule: AlertRuleItem, entity: Watched) -> dict[str, Any]:
    data = {
        "ruleId": rule.id,
        "thresholdPercent": int(rule.threshold_percent),
        "targetType": str(entity.target_type),
        "targetId": entity.id,
        "targetName": entity.name,
        "usedCapacity": entity.used,
        "allocatedCapacity": entity.allocated,
        "usedPercent": rules.percent_of(entity.used, entity.allocated),
    }
    if entity.partner_id:
        data["partnerId"] = entity.partner_id
    return data


def evaluate_after_aggregation(
    contracts: Iterable[Any], partners: Iterable[Any], accounts: Iterable[Any]
) -> Evaluation:
    """Evaluate every rule on the entities the aggregation just updated. Called by the
    aggregation after ``usedCapacity`` is written; any number of reruns emit nothing twice.
    Dispatches the events it emitted (webhooks, e-mails) before returning."""
    started = time.perf_counter()
    result = Evaluation()
    entities = watched(contracts, partners, accounts)
    changes: list[tuple[Outcome, AlertRuleItem, Watched, Any]] = []
    for rule in store.every_rule():
        result.rules += 1
        kind = TargetType(rule.target_type)
        pool = entities[kind]
        if rule.target_id:
            one = pool.get(rule.target_id)
            candidates = [one] if one is not None and one.path.startswith(rule.path) else []
        else:
            candidates = [e for e in pool.values() if e.path.startswith(rule.path)]
        states = store.crossed_entities(rule.id)
        percent = int(rule.threshold_percent)
        for entity in candidates:
            result.checked += 1
            state = states.get(entity.id)
            outcome = rules.evaluate(entity.used, entity.allocated, percent, state is not None)
            if outcome is not None:
                changes.append((outcome, rule, entity, state))

    def apply(change: tuple[Outcome, AlertRuleItem, Watched, Any]) -> tuple[str, str] | None:
        outcome, rule, entity, state = change
        key = f"{rule.id}:{entity.id}"
        if outcome == Outcome.CROSSED:
            return (
                ("crossed", key)
                if store.cross(rule, entity.id, _event_data(rule, entity))
                else None
            )
        if state is None:
            return None
        if outcome == Outcome.CLEARED:
            done = store.clear(rule, state, _event_data(rule, entity))
            return ("cleared", key) if done else None
        store.clear(rule, state, None)  # pay-per-use now: re-armed without an event
        return None

    # each change is its own conditional transaction, one after the other (the embedded moto
    # used locally and in tests is not safe for concurrent transactions)
    for change in changes:
        done = apply(change)
        if done is not None:
            getattr(result, done[0]).append(done[1])
    dispatch.dispatch_pending()  # this run's alert and quota events, at once
    result.seconds = round(time.perf_counter() - started, 4)
    return result
