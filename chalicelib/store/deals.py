"""Deals: registered by an organization, listed per subtree with one Query on the level index of
the caller's depth, and moved through their status machine by conditional updates (the condition
is the status the move starts from, so two reviewers racing can never both win)."""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.domain.deals import DealStatus, required_from, transition_message
from chalicelib.domain.principal import Principal, path_ids
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import DealItem
from chalicelib.store.scoped import get_in_scope, get_unscoped, query_page

_LEVEL_INDEXES = (DealItem.by_level1, DealItem.by_level2, DealItem.by_level3)


def snapshot(deal: DealItem) -> dict[str, Any]:
    return {
        "customerName": deal.customer_name,
        "country": deal.country,
        "expectedCapacity": int(deal.expected_capacity),
        "expectedCloseDate": deal.expected_close_date,
        "contractType": deal.contract_type,
        "specialPricing": bool(deal.special_pricing),
        "status": deal.status,
        "statusReason": deal.status_reason,
    }


def ancestors(path: str) -> dict[str, str | None]:
    ids = path_ids(path)
    return {f"anc{n + 1}": ids[n] if len(ids) > n else None for n in range(3)}


def get(principal: Principal, deal_id: str) -> DealItem:
    return get_in_scope(DealItem, deal_id, principal, "Deal")


def create(principal: Principal, deal: DealItem) -> DealItem:
    tx = Tx().save("deal", deal, condition=DealItem.id.does_not_exist())
    audit.audited(
        tx,
        principal,
        "deal.submit",
        target_type="deal",
        target_id=deal.id,
        path=deal.path,
        after=snapshot(deal),
    )

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise Conflict(f"Deal {deal.id} already exists.")

    run_transaction(lambda: tx, failed)
    return deal


def transition(
    principal: Principal, deal: DealItem, target: DealStatus, reason: str | None
) -> DealItem:
    """Move ``deal`` to ``target`` if, at the moment of writing, it is in the one status that
    move starts from; otherwise 409 naming the status it is actually in."""
    source = required_from(target)
    before = snapshot(deal)
    now = clock.iso(clock.now())
    actions = [
        DealItem.status.set(str(target)),
        DealItem.updated_at.set(now),
    ]
    if reason is not None:
        actions.append(DealItem.status_reason.set(reason))
    tx = Tx().update("deal", deal, actions, condition=DealItem.status == str(source))
    after = {**before, "status": str(target)}
    if reason is not None:
        after["statusReason"] = reason
    audit.audited(
        tx,
        principal,
        f"deal.{target}",
        target_type="deal",
        target_id=deal.id,
        path=deal.path,
        before=before,
        after=after,
    )

    def failed(_tx: Tx, _names: set[str]) -> None:
        current = get_unscoped(DealItem, deal.id)
        if current is None:
            raise NotFound.of("Deal", deal.id)
        raise Conflict(
            transition_message(deal.id, current.status, target),
            code="invalid_transition",
            details=[{"field": "status", "location": "body", "message": current.status}],
        )

    run_transaction(lambda: tx, failed)
    deal.status, deal.updated_at = str(target), now
    if reason is not None:
        deal.status_reason = reason
    return deal


def list_in_scope(
    principal: Principal,
    page: PageRequest,
    *,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Page[DealItem]:
    """Deals registered by the caller's organization and every organization below it, newest
    first; ``since``/``until`` bound ``created_at`` (RFC 3339 text)."""
    depth = len(path_ids(principal.org_path))
    index = _LEVEL_INDEXES[depth - 1]
    sk = DealItem.sk
    if since and until:
        window = sk.between(since, until + "~")
    elif since:
        window = sk >= since
    elif until:
        window = sk <= until + "~"
    else:
        window = None
    condition = DealItem.status == status if status else None
    return query_page(
        index.query,
        principal.org_id,
        page,
        range_key_condition=window,
        filter_condition=condition,
        newest_first=True,
    )
