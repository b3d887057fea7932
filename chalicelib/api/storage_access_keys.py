"""Storage-account access keys: ``/v1/storage-account/{accountID}/access-keys`` (the caller's own
partner) and ``/v1/partner/{partnerID}/storage-accounts/{accountID}/access-keys`` (a distributor
or the provider acting for one of its partners). The secret is in the creating response only."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import ResponseModel
from chalicelib.services import access_keys

router = Router(__name__, "Storage accounts")

_WRITE_ERRORS = (403, 409, 502, 503)


class AccessKeyOut(ResponseModel):
    access_key_id: str = Field(description="The S3 access key id.")
    created_at: str


class AccessKeyCreatedOut(AccessKeyOut):
    secret_access_key: str = Field(
        description="The S3 secret access key. Shown this once; store it now."
    )
    s3_endpoint: str | None = Field(
        description="Where S3 clients connect (the region's `s3_url`, as the regions list says)."
    )


def _out(key: access_keys.KeyOut) -> AccessKeyOut:
    return AccessKeyOut(access_key_id=key.access_key_id, created_at=key.created_at)


def _created(key: access_keys.KeyOut) -> AccessKeyCreatedOut:
    return AccessKeyCreatedOut(
        access_key_id=key.access_key_id,
        created_at=key.created_at,
        secret_access_key=key.secret_access_key or "",
        s3_endpoint=access_keys.s3_endpoint(),
    )


# --- partner side ----------------------------------------------------------------------------


@router.route(
    "/v1/storage-account/{accountID}/access-keys",
    "GET",
    summary="List the storage account's S3 access keys (ids and dates, never secrets)",
    response=AccessKeyOut,
    paginated=True,
)
def list_keys(ctx, accountID: str):
    return access_keys.list_keys(ctx.principal, None, accountID, ctx.page).map(_out)


@router.route(
    "/v1/storage-account/{accountID}/access-keys",
    "POST",
    summary="Create an S3 access key for the storage account (at most two); the secret is in "
    "this response only",
    response=AccessKeyCreatedOut,
    status=201,
    errors=_WRITE_ERRORS,
)
def create_key(ctx, accountID: str) -> AccessKeyCreatedOut:
    return _created(access_keys.create_key(ctx.principal, None, accountID))


@router.route(
    "/v1/storage-account/{accountID}/access-keys/{accessKeyId}",
    "DELETE",
    summary="Revoke an S3 access key of the storage account (at once, at the storage backend)",
    status=204,
    errors=_WRITE_ERRORS,
)
def revoke_key(ctx, accountID: str, accessKeyId: str) -> None:
    access_keys.revoke_key(ctx.principal, None, accountID, accessKeyId)


# --- distributor side ------------------------------------------------------------------------


@router.route(
    "/v1/partner/{partnerID}/storage-accounts/{accountID}/access-keys",
    "GET",
    summary="List a partner's storage account's S3 access keys (ids and dates, never secrets)",
    response=AccessKeyOut,
    paginated=True,
)
def list_partner_keys(ctx, partnerID: str, accountID: str):
    return access_keys.list_keys(ctx.principal, partnerID, accountID, ctx.page).map(_out)


@router.route(
    "/v1/partner/{partnerID}/storage-accounts/{accountID}/access-keys",
    "POST",
    summary="Create an S3 access key for a partner's storage account (at most two); the secret "
    "is in this response only",
    response=AccessKeyCreatedOut,
    status=201,
    errors=_WRITE_ERRORS,
)
def create_partner_key(ctx, partnerID: str, accountID: str) -> AccessKeyCreatedOut:
    return _created(access_keys.create_key(ctx.principal, partnerID, accountID))


@router.route(
    "/v1/partner/{partnerID}/storage-accounts/{accountID}/access-keys/{accessKeyId}",
    "DELETE",
    summary="Revoke an S3 access key of a partner's storage account (at once)",
    status=204,
    errors=_WRITE_ERRORS,
)
def revoke_partner_key(ctx, partnerID: str, accountID: str, accessKeyId: str) -> None:
    access_keys.revoke_key(ctx.principal, partnerID, accountID, accessKeyId)
