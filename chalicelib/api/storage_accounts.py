"""Storage accounts: the ten ICMC operations (distributor-side under
``/v1/partner/{partnerID}/storage-accounts`` and partner-side under ``/v1/storage-account``),
``POST /v1/storage-account/{id}/password``, and the purge and reconciler jobs on demand."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_serializer
from pydantic.json_schema import SkipJsonSchema

from chalicelib.api.http import Router
from chalicelib.api.models import (
    Capacity,
    Email,
    IcmcRequestModel,
    Name,
    RequestModel,
    ResponseModel,
)
from chalicelib.services import storage_accounts as accounts

router = Router(__name__, "Storage accounts")
STRENGTH_RULE = (
    "8–128 characters with a lower-case letter, an upper-case letter, a digit and a special "
    "character."
)


class ClientAccountIn(IcmcRequestModel):
    """``api.StorageAccountClientAccount``."""

    contact_email: Email
    password: str = Field(description=STRENGTH_RULE, max_length=1024)


class AccountIn(IcmcRequestModel):
    """``api.CreateStorageAccountReqBody``."""

    allocated_capacity: Capacity = Field(
        description="Under a pay-per-use partner a quota only; otherwise held from the "
        "partner's allocation (a direct channel partner: from its contract)."
    )
    allow_overdraft: bool
    client_account: ClientAccountIn
    name: Name


class AccountPatchIn(IcmcRequestModel):
    """``api.PatchStorageAccountReqBody`` (``pendingDeletedAt: null`` restores a pending
    deletion) plus ``name``, ``allocatedCapacity`` and ``allowOverdraft``."""

    pending_deleted_at: None = Field(
        default=None, description="Only `null` is accepted: it cancels a pending deletion."
    )
    name: Name | None = None
    allocated_capacity: Capacity | None = None
    allow_overdraft: bool | None = None


class PasswordIn(RequestModel):
    password: str = Field(description=STRENGTH_RULE, max_length=1024)


class AccountOut(ResponseModel):
    """``api.StorageAccountResponse`` plus ``usedCapacity``, ``usageUpdatedAt``, ``status``
    and ``partnerId``. ``pendingDeletedAt`` is left out when no deletion is pending."""

    allocated_capacity: int
    allow_overdraft: bool
    client_account_id: str
    contact_email: str
    name: str
    pending_deleted_at: str | SkipJsonSchema[None] = Field(
        default=None,
        description="Present only while a deletion is pending.",
        json_schema_extra=lambda schema: schema.pop("default", None),
    )
    used_capacity: int
    usage_updated_at: str | None
    status: str = Field(description="`active`, `suspended` or `pending_deletion`.")
    partner_id: str
    quota_enforced: bool = Field(
        default=False,
        description="Extension: `true` while the storage backend holds the account read-only "
        "for using more than its allocation with overdraft off (writes are refused; reads and "
        "deletes work). Lifted by the usage aggregation once it is back under.",
    )
    quota_enforced_at: str | None = Field(
        default=None, description="Extension: since when `quotaEnforced` holds (else null)."
    )

    @model_serializer(mode="wrap")
    def _omit_no_deletion(self, handler: Any):  # unannotated: the schema stays the fields'
        data = handler(self)
        for key in ("pendingDeletedAt", "pending_deleted_at"):
            if key in data and data[key] is None:
                del data[key]
        return data


class PurgeSummaryOut(ResponseModel):
    due: int
    purged: int
    failed: int
    skipped: int
    accounts: list[dict]


class PartnerSagasOut(ResponseModel):
    deleted: int = Field(description="Deleted partners whose people and keys were finished.")
    transferred: int = Field(description="Transferred partners whose accounts now follow.")
    accounts_moved: int = Field(description="Storage accounts re-pointed to their new contract.")


class ReconcileSummaryOut(ResponseModel):
    examined: int
    completed: int
    rolled_back: int
    failed: int
    accounts: list[dict]
    partners: PartnerSagasOut = Field(
        description="Partner deletes and transfers a crash left half-done, now finished."
    )


def account_out(a) -> AccountOut:
    return AccountOut(
        allocated_capacity=int(a.allocated_capacity),
        allow_overdraft=bool(a.allow_overdraft),
        client_account_id=a.id,
        contact_email=a.contact_email,
        name=a.name,
        pending_deleted_at=a.pending_deleted_at,
        used_capacity=int(a.used_capacity or 0),
        usage_updated_at=a.usage_updated_at,
        status=a.status,
        partner_id=a.partner_id,
        quota_enforced=bool(a.quota_enforced),
        quota_enforced_at=a.quota_enforced_at if a.quota_enforced else None,
    )


def _create(ctx, partner_id: str | None, body: AccountIn) -> AccountOut:
    account = accounts.create_account(
        ctx.principal,
        partner_id,
        name=body.name,
        allocation=body.allocated_capacity,
        allow_overdraft=body.allow_overdraft,
        contact_email=body.client_account.contact_email,
        password=body.client_account.password,
    )
    return account_out(account)


def _patch(ctx, partner_id: str | None, account_id: str, body: AccountPatchIn) -> AccountOut:
    account = accounts.update_account(
        ctx.principal,
        partner_id,
        account_id,
        restore="pending_deleted_at" in body.model_fields_set,
        name=body.name,
        allocation=body.allocated_capacity,
        allow_overdraft=body.allow_overdraft,
    )
    return account_out(account)


_WRITE_ERRORS = (403, 409, 502, 503)

# --- distributor side: one of the caller's partners ------------------------------------------


@router.route(
    "/v1/partner/{partnerID}/storage-accounts",
    "GET",
    summary="Get list of available storage accounts",
    response=AccountOut,
    paginated=True,
)
def list_partner_accounts(ctx, partnerID: str):
    return accounts.list_accounts(ctx.principal, partnerID, ctx.page).map(account_out)


@router.route(
    "/v1/partner/{partnerID}/storage-accounts",
    "POST",
    summary="Create a storage account for a partner",
    body=AccountIn,
    response=AccountOut,
    status=201,
    errors=_WRITE_ERRORS,
)
def create_partner_account(ctx, partnerID: str, body: AccountIn) -> AccountOut:
    return _create(ctx, partnerID, body)


@router.route(
    "/v1/partner/{partnerID}/storage-accounts/{accountID}",
    "GET",
    summary="Get account info by accountID",
    response=AccountOut,
)
def get_partner_account(ctx, partnerID: str, accountID: str) -> AccountOut:
    return account_out(accounts.get_account(ctx.principal, partnerID, accountID))


@router.route(
    "/v1/partner/{partnerID}/storage-accounts/{accountID}",
    "PATCH",
    summary="Update information of an account by accountID (pendingDeletedAt: null restores)",
    body=AccountPatchIn,
    response=AccountOut,
    errors=_WRITE_ERRORS,
)
def patch_partner_account(ctx, partnerID: str, accountID: str, body: AccountPatchIn) -> AccountOut:
    return _patch(ctx, partnerID, accountID, body)


@router.route(
    "/v1/partner/{partnerID}/storage-accounts/{accountID}",
    "DELETE",
    summary="Schedule the deletion of a storage account",
    status=204,
    errors=_WRITE_ERRORS,
)
def delete_partner_account(ctx, partnerID: str, accountID: str) -> None:
    accounts.delete_account(ctx.principal, partnerID, accountID)


# --- partner side: the caller's own partner --------------------------------------------------


@router.route(
    "/v1/storage-account",
    "POST",
    summary="Create a storage account",
    body=AccountIn,
    response=AccountOut,
    status=201,
    errors=_WRITE_ERRORS,
)
def create_account(ctx, body: AccountIn) -> AccountOut:
    return _create(ctx, None, body)


@router.route(
    "/v1/storage-account/list",
    "GET",
    summary="Get list of available storage accounts",
    response=AccountOut,
    paginated=True,
    errors=(403,),
)
def list_accounts(ctx):
    return accounts.list_accounts(ctx.principal, None, ctx.page).map(account_out)


@router.route(
    "/v1/storage-account/{accountID}",
    "GET",
    summary="Get account info by accountID",
    response=AccountOut,
)
def get_account(ctx, accountID: str) -> AccountOut:
    return account_out(accounts.get_account(ctx.principal, None, accountID))


@router.route(
    "/v1/storage-account/{accountID}",
    "PATCH",
    summary="Update information of an account by accountID (pendingDeletedAt: null restores)",
    body=AccountPatchIn,
    response=AccountOut,
    errors=_WRITE_ERRORS,
)
def patch_account(ctx, accountID: str, body: AccountPatchIn) -> AccountOut:
    return _patch(ctx, None, accountID, body)


@router.route(
    "/v1/storage-account/{accountID}",
    "DELETE",
    summary="Schedule the deletion of a storage account",
    status=204,
    errors=_WRITE_ERRORS,
)
def delete_account(ctx, accountID: str) -> None:
    accounts.delete_account(ctx.principal, None, accountID)


@router.route(
    "/v1/storage-account/{accountID}/password",
    "POST",
    summary="Set a new root password for the storage account at the storage backend",
    body=PasswordIn,
    status=204,
    errors=_WRITE_ERRORS,
)
def set_password(ctx, accountID: str, body: PasswordIn) -> None:
    accounts.set_password(ctx.principal, accountID, body.password)


# --- jobs on demand (provider admins) --------------------------------------------------------


@router.route(
    "/v1/jobs/storage-account-purge",
    "POST",
    summary="Purge the storage accounts whose deletion is due, now (the daily job)",
    response=PurgeSummaryOut,
    errors=(403,),
    tags=("Jobs",),
)
def run_purge(ctx) -> PurgeSummaryOut:
    return PurgeSummaryOut(**accounts.purge_due(ctx.principal))


@router.route(
    "/v1/jobs/storage-account-reconcile",
    "POST",
    summary="Settle storage-account and partner changes a crash left half-done, now (the job)",
    response=ReconcileSummaryOut,
    errors=(403,),
    tags=("Jobs",),
)
def run_reconcile(ctx) -> ReconcileSummaryOut:
    summary = accounts.reconcile(ctx.principal)
    return ReconcileSummaryOut(
        examined=summary["examined"],
        completed=summary["completed"],
        rolled_back=summary["rolledBack"],
        failed=summary["failed"],
        accounts=summary["accounts"],
        partners=PartnerSagasOut(
            deleted=summary["partners"]["deleted"],
            transferred=summary["partners"]["transferred"],
            accounts_moved=summary["partners"]["accountsMoved"],
        ),
    )
