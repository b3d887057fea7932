"""The partner sagas' records (``domain/partner_sagas.py``): the stale ones, page by page, and
the conditional write that settles one."""

from __future__ import annotations

from chalicelib.domain import partner_sagas as rules
from chalicelib.domain.plans import Plan
from chalicelib.paging import Page, PageRequest
from chalicelib.store.models import OrganizationItem
from chalicelib.store.scoped import get_unscoped, query_page
from chalicelib.store.unit_of_work import commit_once


def stale(before: str, page: PageRequest) -> Page[OrganizationItem]:
    """Tombstones and transfer markers recorded at or before ``before`` (one Query of the sparse
    saga index)."""
    return query_page(
        OrganizationItem.with_saga.query,
        rules.SAGA_QUEUE,
        page,
        range_key_condition=OrganizationItem.saga_at <= before,
    )


def tombstone(partner_id: str) -> OrganizationItem | None:
    return get_unscoped(OrganizationItem, rules.tombstone_id(partner_id))


def settle(record: OrganizationItem) -> bool:
    """End the saga ``record`` holds (False: a newer change holds another one, or it was
    already settled)."""
    return commit_once(None, Plan([rules.settled(record)]))
