"""Deals: registered by an organization, listed per subtree with one Query on the level index of
the caller's depth, and moved through their status machine by conditional updates (the condition
is the status the move starts from, so two reviewers racing can never both win)."""

from __future__ import annotations

from typing import Any

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
_STATUS_INDEXES = (DealItem.by_status1, DealItem.by_status2, DealItem.by_status3)


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
    oldest_first: bool = False,
) -> Page[DealItem]:
    """Deals registered by the caller's organization and every organization below it, newest
    first (``oldest_first``: backwards); ``since``/``until`` bound ``created_at`` (RFC 3339
    text). One ``status`` is its own index's key (``levelN-status-index``), so a status
    reads only its deals."""
    index, _, key = _list_key(principal, status)
    sk = DealItem.sk
    if since and until:
        window = sk.between(since, until + "~")
    elif since:
        window = sk >= since
    elif until:
        window = sk <= until + "~"
    else:
        window = None
    return query_page(
        index.query, key, page, range_key_condition=window, newest_first=not oldest_first
    )


def _list_key(principal: Principal, status: str | None) -> tuple[Any, str, str]:
    """The index, its hash attribute and the hash key of the caller's deal list (of one
    ``status``)."""
    depth = len(path_ids(principal.org_path))
    if status:
        return (
            _STATUS_INDEXES[depth - 1],
            f"status{depth}",
            rules.status_key(principal.org_id, status),
        )
    return _LEVEL_INDEXES[depth - 1], f"anc{depth}", principal.org_id


def position(principal: Principal, deal: DealItem, status: str | None) -> dict:
    """Where ``deal`` stands in the caller's list (of one ``status``): a start key for
    either direction."""
    _, hash_name, key = _list_key(principal, status)
    return {"id": {"S": deal.id}, "sk": {"S": deal.sk}, hash_name: {"S": key}}
