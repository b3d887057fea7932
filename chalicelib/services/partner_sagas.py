"""Finishing what a partner's delete or transfer leaves after its transaction
(``domain/partner_sagas.py``): the request does it at once, and the reconciler (the
``storage-account-reconciler`` schedule, ``POST /v1/jobs/storage-account-reconcile``) does it
again for every saga older than ``SAGA_STALE_MINUTES``, so a request that died half-way leaves
nothing behind. Every step is idempotent."""

from __future__ import annotations

from typing import Any

from chalicelib.domain import partner_sagas as rules
from chalicelib.domain.principal import Principal
from chalicelib.paging import drain
from chalicelib.store import credentials as credential_store
from chalicelib.store import partner_sagas as store
from chalicelib.store import storage_accounts as storage_account_store
from chalicelib.store import users
from chalicelib.store.models import OrganizationItem


def remove_people_and_keys(principal: Principal, partner_id: str) -> None:
    """A deleted partner's console users (with their invitations) and API keys."""
    users.delete_all_in_org(principal, partner_id)
    credential_store.delete_api_keys_of_org(principal, partner_id)


def follow_contract(partner: OrganizationItem) -> int:
    """Point the transferred partner's storage accounts at its contract, then clear its marker
    (unless a newer transfer set another). Answers how many accounts changed."""
    changed = storage_account_store.follow_partner_contract(partner.id, partner.contract_id)
    store.settle(partner)
    return changed


def reconcile(actor: Principal, before: str) -> dict[str, Any]:
    """Settle every partner saga recorded at or before ``before``: a deleted partner's people
    and keys are removed (also any the request missed) and its tombstone goes; a transferred
    partner's accounts follow its contract and its marker goes."""
    summary: dict[str, Any] = {"deleted": 0, "transferred": 0, "accountsMoved": 0}
    for record in list(drain(lambda page: store.stale(before, page))):
        if record.saga == rules.DELETE_CASCADE:
            remove_people_and_keys(actor, rules.deleted_partner_id(record.id))
            if store.settle(record):
                summary["deleted"] += 1
        elif record.saga == rules.FOLLOW_CONTRACT:
            summary["accountsMoved"] += follow_contract(record)
            summary["transferred"] += 1
    return summary
