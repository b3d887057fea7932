"""Alert rules and their per-entity state. A crossing is the state item's conditional put with
its ``usage.threshold_crossed`` event in one transaction; a clearing is the conditional delete
with ``usage.threshold_cleared``. A rerun finds the state already as it should be, and its
transaction's condition fails: nothing is emitted twice."""

from __future__ import annotations

from chalicelib import clock
from chalicelib.domain.principal import Principal
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit, events
from chalicelib.store.base import Tx, not_found_on_failure, run_transaction
from chalicelib.store.models import AlertRuleItem, AlertStateItem
from chalicelib.store.scoped import every_item, get_in_scope, query_page

WHAT = "Alert rule"


def snapshot(rule: AlertRuleItem) -> dict:
    return {
        "targetType": rule.target_type,
        "targetId": rule.target_id,
        "thresholdPercent": int(rule.threshold_percent),
        "emailRecipients": list(rule.email_recipients or []),
    }


def get(principal: Principal, rule_id: str) -> AlertRuleItem:
    return get_in_scope(AlertRuleItem, rule_id, principal, WHAT)


def list_for_org(
    org_id: str, page: PageRequest, *, descending: bool = False
) -> Page[AlertRuleItem]:
    """One page of the organization's rules, oldest first (``descending``: newest first)."""
    return query_page(AlertRuleItem.by_organization.query, org_id, page, newest_first=descending)


def position(rule: AlertRuleItem) -> dict:
    """Where ``rule`` stands on ``organization-index`` (a start key for either direction)."""
    return {
        "id": {"S": rule.id},
        "org_id": {"S": rule.org_id},
        "created_at": {"S": rule.created_at},
    }


def every_rule():
    """Every rule of every organization (the aggregation's evaluation), one Query paged."""
    return every_item(AlertRuleItem.every.query, "rule", 1000)


def create(principal: Principal, rule: AlertRuleItem) -> AlertRuleItem:
    tx = Tx().save("rule", rule, condition=AlertRuleItem.id.does_not_exist())
    audit.audited(
        tx,
        principal,
        "alert_rule.create",
        target_type="alert_rule",
        target_id=rule.id,
        path=rule.path,
        after=snapshot(rule),
    )
    run_transaction(lambda: tx, not_found_on_failure(WHAT, rule.id))
    return rule


def delete(principal: Principal, rule: AlertRuleItem) -> None:
    """The rule goes; its crossed states are left to expire unused (they are read per rule)."""
    tx = Tx().delete("rule", rule, condition=AlertRuleItem.id.exists())
    audit.audited(
        tx,
        principal,
        "alert_rule.delete",
        target_type="alert_rule",
        target_id=rule.id,
        path=rule.path,
        before=snapshot(rule),
    )
    run_transaction(lambda: tx, not_found_on_failure(WHAT, rule.id))


def crossed_entities(rule_id: str) -> dict[str, AlertStateItem]:
    """The entities on which ``rule_id`` has crossed (one Query)."""
    return {s.entity_id: s for s in every_item(AlertStateItem.query, rule_id, 1000)}


def _quietly(tx: Tx) -> bool:
    return run_transaction(lambda: tx, lambda _tx, _names: False, attempts=3) is None


def cross(rule: AlertRuleItem, entity_id: str, event_data: dict) -> bool:
    """Marks the rule crossed on the entity and emits ``usage.threshold_crossed``, once."""
    tx = Tx()
    event = events.emit(
        tx,
        "usage.threshold_crossed",
        rule.path,
        event_data,
        recipients=list(rule.email_recipients or []) or None,
    )
    state = AlertStateItem(
        rule_id=rule.id,
        entity_id=entity_id,
        crossed_at=clock.iso(clock.now()),
        event_id=event.id,
    )
    tx.save("state", state, condition=AlertStateItem.entity_id.does_not_exist())
    tx.check("rule", AlertRuleItem, rule.id, AlertRuleItem.id.exists())
    return _quietly(tx)


def clear(rule: AlertRuleItem, state: AlertStateItem, event_data: dict | None) -> bool:
    """Re-arms the rule on the entity, with ``usage.threshold_cleared`` unless ``event_data``
    is None (a pay-per-use entity: nothing to announce)."""
    tx = Tx().delete("state", state, condition=AlertStateItem.entity_id.exists())
    if event_data is not None:
        events.emit(
            tx,
            "usage.threshold_cleared",
            rule.path,
            event_data,
            recipients=list(rule.email_recipients or []) or None,
        )
    return _quietly(tx)
