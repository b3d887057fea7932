"""Deals: registered by an organization, listed per subtree with one Query on the level index of
the caller's depth, and moved through their status machine by conditional updates (the condition
is the status the move starts from, so two reviewers racing can never both win)."""

from __future__ import annotations

from chalicelib import clock
from chalicelib.domain import deals as rules
from chalicelib.domain.deals import DealStatus
from chalicelib.domain.principal import Principal, path_ids
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store.base import Tx
from chalicelib.store.models import DealItem
from chalicelib.store.scoped import get_in_scope, get_unscoped, query_page
from chalicelib.store.unit_of_work import apply, carry_out

_LEVEL_INDEXES = (DealItem.by_level1, DealItem.by_level2, DealItem.by_level3)


def ancestors(path: str) -> dict[str, str | None]:
    ids = path_ids(path)
    return {f"anc{n + 1}": ids[n] if len(ids) > n else None for n in range(3)}


def get(principal: Principal, deal_id: str) -> DealItem:
    return get_in_scope(DealItem, deal_id, principal, "Deal")


def create(principal: Principal, deal: DealItem) -> DealItem:
    def failed(_tx: Tx, _names: set[str]) -> None:
        raise Conflict(f"Deal {deal.id} already exists.")

    carry_out(principal, lambda: (deal,), rules.plan_submit, on_failure=failed)
    return deal


def _reload(deal_id: str) -> DealItem:
    deal = get_unscoped(DealItem, deal_id)
    if deal is None:
        raise NotFound.of("Deal", deal_id)
    return deal


def transition(
    principal: Principal, deal: DealItem, target: DealStatus, reason: str | None
) -> DealItem:
    """Move ``deal`` to ``target`` if, at the moment of writing, it is in the one status that
    move starts from; otherwise 409 naming the status it is actually in (re-planned from the
    deal as it is now)."""
    done, (current,) = carry_out(
        principal,
        lambda: (_reload(deal.id),),
        lambda current: rules.plan_transition(current, target, reason, clock.iso(clock.now())),
        first=(deal,),
    )
    return apply(current, done, "deal")


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
