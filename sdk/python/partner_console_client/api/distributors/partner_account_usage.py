import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_usage_out import ClientUsageOut
from ...models.error_out import ErrorOut
from ...types import UNSET, Response


def _get_kwargs(
    partner_id: str,
    account_id: str,
    *,
    from_: datetime.date,
    to: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partner/{partner_id}/storage-accounts/{account_id}/usage".format(
            partner_id=quote(str(partner_id), safe=""),
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientUsageOut | ErrorOut | None:
    if response.status_code == 200:
        response_200 = ClientUsageOut.from_dict(response.json())

        return response_200

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientUsageOut | ErrorOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    partner_id: str,
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> Response[ClientUsageOut | ErrorOut]:
    """Retrieves the usage of the storage account of a given distributor partner

    Args:
        partner_id (str):
        account_id (str):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientUsageOut | ErrorOut]
    """

    kwargs = _get_kwargs(
        partner_id=partner_id,
        account_id=account_id,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    partner_id: str,
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> ClientUsageOut | ErrorOut | None:
    """Retrieves the usage of the storage account of a given distributor partner

    Args:
        partner_id (str):
        account_id (str):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientUsageOut | ErrorOut
    """

    return sync_detailed(
        partner_id=partner_id,
        account_id=account_id,
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    partner_id: str,
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> Response[ClientUsageOut | ErrorOut]:
    """Retrieves the usage of the storage account of a given distributor partner

    Args:
        partner_id (str):
        account_id (str):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientUsageOut | ErrorOut]
    """

    kwargs = _get_kwargs(
        partner_id=partner_id,
        account_id=account_id,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    partner_id: str,
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> ClientUsageOut | ErrorOut | None:
    """Retrieves the usage of the storage account of a given distributor partner

    Args:
        partner_id (str):
        account_id (str):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientUsageOut | ErrorOut
    """

    return (
        await asyncio_detailed(
            partner_id=partner_id,
            account_id=account_id,
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
