"""What a partner change leaves to do after its transaction, as a marker the reconciler can find
(pure): the writes that record it, in the change's own transaction, and the write that clears
it once done.

* **Deleting a partner** removes the organization and returns its allocation in one transaction
  (``domain.partners.plan_delete``); its console users and API keys are removed afterwards (they
  are found through an eventually consistent index). The same transaction puts a **tombstone**:
  an organizations-table record ``deleted#<partner id>`` on the saga index. Authentication
  already refuses credentials of an organization that no longer exists, at once; the request
  then removes people and keys, and the reconciler, once the tombstone is older than
  ``SAGA_STALE_MINUTES`` (the indexes have caught up), removes whatever is left (also a person
  or key created in the instant before the delete) and only then deletes the tombstone.
* **Transferring a partner** moves it to another contract in one transaction; its storage
  accounts are then re-pointed one by one. The transaction sets a ``follow_contract`` marker on
  the partner (on the saga index); the request re-points the accounts and clears the marker
  (only if it is still the same one: a later transfer sets a new one), and the reconciler
  re-points and clears any marker left by a request that died half-way.

The tombstone's ``path`` is outside every organization's scope (``/deleted/…``), so no scoped
read ever answers it, and it carries none of the other indexes' keys, so no list shows it.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.plans import DELETE, PUT, UPDATE, Write, absent, eq

#: The saga index's partition for organizations (partners) with work left after a change.
SAGA_QUEUE = "partner-sagas"
DELETE_CASCADE = "delete_cascade"
FOLLOW_CONTRACT = "follow_contract"
TOMBSTONE_PREFIX = "deleted#"
TOMBSTONE_TYPE = "deleted_partner"


def tombstone_id(partner_id: str) -> str:
    return TOMBSTONE_PREFIX + partner_id


def deleted_partner_id(tombstone: str) -> str:
    return tombstone[len(TOMBSTONE_PREFIX) :]


def tombstone(partner: Any, now: str) -> Write:
    """The record a partner's delete leaves for the reconciler (a put that must be new)."""
    return Write(
        "tombstone",
        "organization",
        tombstone_id(partner.id),
        PUT,
        set={
            "type": TOMBSTONE_TYPE,
            "name": partner.name,
            "path": "/deleted" + partner.path,
            "created_at": now,
            "updated_at": now,
            "saga": DELETE_CASCADE,
            "saga_queue": SAGA_QUEUE,
            "saga_at": now,
        },
        when=(absent(),),
    )


def follow_contract_marker(now: str) -> dict[str, Any]:
    """The attributes a transfer sets on the partner, beside its new ``contract_id``."""
    return {"saga": FOLLOW_CONTRACT, "saga_queue": SAGA_QUEUE, "saga_at": now}


def settled(record: Any) -> Write:
    """The write that ends a saga once its work is done: the tombstone goes; a transfer's marker
    is removed. Only while the record still holds the same saga (``saga_at``) and, for a
    transfer, the same contract: a newer change keeps its own marker."""
    if record.saga == DELETE_CASCADE:
        return Write(
            "settled", "organization", record.id, DELETE, when=(eq("saga_at", record.saga_at),)
        )
    return Write(
        "settled",
        "organization",
        record.id,
        UPDATE,
        set={"saga": None, "saga_queue": None, "saga_at": None},
        when=(eq("saga_at", record.saga_at), eq("contract_id", record.contract_id)),
    )
