from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.partner_member_in import PartnerMemberIn
from ...models.partner_member_out import PartnerMemberOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    partner_id: str,
    *,
    body: PartnerMemberIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/partner/{partner_id}/member".format(
            partner_id=quote(str(partner_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | PartnerMemberOut | None:
    if response.status_code == 201:
        response_201 = PartnerMemberOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorOut.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorOut.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorOut.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorOut.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorOut.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ErrorOut.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorOut | PartnerMemberOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    partner_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PartnerMemberIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorOut | PartnerMemberOut]:
    """Create Management Console user for specific distributor partner

    Args:
        partner_id (str):
        idempotency_key (str | Unset):
        body (PartnerMemberIn): ``api.CreateMemberReqBody`` (an ICMC operation: unknown fields are
            ignored; the password
            is required, as in the vendor's API: invitations go through
            ``POST /v1/organizations/{id}/members``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | PartnerMemberOut]
    """

    kwargs = _get_kwargs(
        partner_id=partner_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    partner_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PartnerMemberIn,
    idempotency_key: str | Unset = UNSET,
) -> ErrorOut | PartnerMemberOut | None:
    """Create Management Console user for specific distributor partner

    Args:
        partner_id (str):
        idempotency_key (str | Unset):
        body (PartnerMemberIn): ``api.CreateMemberReqBody`` (an ICMC operation: unknown fields are
            ignored; the password
            is required, as in the vendor's API: invitations go through
            ``POST /v1/organizations/{id}/members``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | PartnerMemberOut
    """

    return sync_detailed(
        partner_id=partner_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    partner_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PartnerMemberIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorOut | PartnerMemberOut]:
    """Create Management Console user for specific distributor partner

    Args:
        partner_id (str):
        idempotency_key (str | Unset):
        body (PartnerMemberIn): ``api.CreateMemberReqBody`` (an ICMC operation: unknown fields are
            ignored; the password
            is required, as in the vendor's API: invitations go through
            ``POST /v1/organizations/{id}/members``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | PartnerMemberOut]
    """

    kwargs = _get_kwargs(
        partner_id=partner_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    partner_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PartnerMemberIn,
    idempotency_key: str | Unset = UNSET,
) -> ErrorOut | PartnerMemberOut | None:
    """Create Management Console user for specific distributor partner

    Args:
        partner_id (str):
        idempotency_key (str | Unset):
        body (PartnerMemberIn): ``api.CreateMemberReqBody`` (an ICMC operation: unknown fields are
            ignored; the password
            is required, as in the vendor's API: invitations go through
            ``POST /v1/organizations/{id}/members``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | PartnerMemberOut
    """

    return (
        await asyncio_detailed(
            partner_id=partner_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
