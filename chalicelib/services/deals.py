"""Deal registration: an organization registers a deal (and may withdraw it while it is
submitted), the provider approves or rejects it (with a reason), the registering organization
then marks it won or lost. Every move is audited
(in the same transaction) and the person who registered the deal is told (outbox/SES)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from chalicelib import clock
from chalicelib.domain.deals import (
    REVIEW,
    DealStatus,
    check_reason,
    required_from,
    status_keys,
)
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import Forbidden
from chalicelib.paging import Page, PageRequest
from chalicelib.services import notifications
from chalicelib.store import deals as store
from chalicelib.store import organizations as orgs
from chalicelib.store.models import DealItem


@dataclass(frozen=True)
class NewDeal:
    customer_name: str
    country: str
    expected_capacity: int
    expected_close_date: str
    contract_type: str
    special_pricing: bool
    notes: str


def _tell(deal: DealItem, subject: str, body: str) -> None:
    if deal.registered_by_user_id:
        notifications.notify(
            "deal.status", deal.registered_by_label, deal.registered_by_user_id, subject, body
        )


def register_deal(principal: Principal, new: NewDeal) -> DealItem:
    principal.require(Action.REGISTER_DEALS)
    org = orgs.get(principal, principal.org_id)
    now = clock.iso(clock.now())
    deal_id = str(uuid.uuid4())
    is_user = principal.kind == "user"
    deal = DealItem(
        id=deal_id,
        sk=f"{now}#{deal_id}",
        org_id=org.id,
        org_name=org.name,
        path=org.path,
        **store.ancestors(org.path),
        customer_name=new.customer_name,
        country=new.country,
        expected_capacity=new.expected_capacity,
        expected_close_date=new.expected_close_date,
        contract_type=new.contract_type,
        special_pricing=new.special_pricing,
        notes=new.notes,
        status=str(DealStatus.SUBMITTED),
        **status_keys(org.path, str(DealStatus.SUBMITTED)),
        registered_by=principal.actor_id,
        registered_by_label=principal.actor_label,
        registered_by_user_id=principal.user_id if is_user else None,
        created_at=now,
        updated_at=now,
    )
    store.create(principal, deal)
    _tell(
        deal,
        f"Deal registered: {deal.customer_name}",
        f"Your deal for {deal.customer_name} ({deal.country}) was registered and awaits review.",
    )
    return deal


def get_deal(principal: Principal, deal_id: str) -> DealItem:
    principal.require(Action.VIEW)
    return store.get(principal, deal_id)


def list_deals(
    principal: Principal, page: PageRequest, status: str | None, *, oldest_first: bool = False
) -> Page[DealItem]:
    """One page of the subtree's deals (of one ``status``), newest first (``oldest_first``:
    backwards, for a console table's "Previous")."""
    principal.require(Action.VIEW)
    return store.list_in_scope(principal, page, status=status, oldest_first=oldest_first)


def position(principal: Principal, deal: DealItem, status: str | None) -> dict:
    """Where ``deal`` stands in the caller's list (of one ``status``): a start key either way."""
    return store.position(principal, deal, status)


def change_status(
    principal: Principal, deal_id: str, target: DealStatus, reason: str | None
) -> DealItem:
    """Review (provider admin/staff: approved/rejected, with a reason), withdraw (the
    registering organization, while submitted) or close (the registering organization:
    won/lost)."""
    required_from(target)  # 400 for a status nothing moves to
    deal = store.get(principal, deal_id)
    if target in REVIEW:
        principal.require(Action.MANAGE_CHANNEL)
        check_reason(target, reason)
    else:
        principal.require(Action.REGISTER_DEALS)
        if principal.org_id != deal.org_id:
            raise Forbidden(
                "Only the organization that registered a deal can withdraw it "
                "or mark it won or lost."
            )
    deal = store.transition(principal, deal, target, reason)
    why = f" Reason: {reason}" if reason else ""
    _tell(
        deal,
        f"Deal {target}: {deal.customer_name}",
        f"Your deal for {deal.customer_name} is now {target}.{why}",
    )
    return deal
