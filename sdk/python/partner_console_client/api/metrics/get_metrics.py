from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    organization_id: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_organization_id: None | str | Unset
    if isinstance(organization_id, Unset):
        json_organization_id = UNSET
    else:
        json_organization_id = organization_id
    params["organizationId"] = json_organization_id

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/metrics",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorOut | str | None:
    if response.status_code == 200:
        response_200 = response.text
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorOut | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    organization_id: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorOut | str]:
    """Usage and capacity of your organization's level, for Prometheus

     Used, allocated and reserved bytes per contract, partner and storage account (labels `kind`, `id`,
    `name`), the last usage update (Unix seconds) and each contract's month-to-date excess usage fee
    (cents, label `currency`), from what the usage aggregation stored. OpenMetrics when the `Accept`
    header asks for `application/openmetrics-text` (as Prometheus does), else the Prometheus text format
    0.0.4. One organization's level per request, `limit` records at a time (`Link: rel=next` when there
    are more).

    Args:
        organization_id (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | str]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    organization_id: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorOut | str | None:
    """Usage and capacity of your organization's level, for Prometheus

     Used, allocated and reserved bytes per contract, partner and storage account (labels `kind`, `id`,
    `name`), the last usage update (Unix seconds) and each contract's month-to-date excess usage fee
    (cents, label `currency`), from what the usage aggregation stored. OpenMetrics when the `Accept`
    header asks for `application/openmetrics-text` (as Prometheus does), else the Prometheus text format
    0.0.4. One organization's level per request, `limit` records at a time (`Link: rel=next` when there
    are more).

    Args:
        organization_id (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | str
    """

    return sync_detailed(
        client=client,
        organization_id=organization_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    organization_id: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorOut | str]:
    """Usage and capacity of your organization's level, for Prometheus

     Used, allocated and reserved bytes per contract, partner and storage account (labels `kind`, `id`,
    `name`), the last usage update (Unix seconds) and each contract's month-to-date excess usage fee
    (cents, label `currency`), from what the usage aggregation stored. OpenMetrics when the `Accept`
    header asks for `application/openmetrics-text` (as Prometheus does), else the Prometheus text format
    0.0.4. One organization's level per request, `limit` records at a time (`Link: rel=next` when there
    are more).

    Args:
        organization_id (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | str]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    organization_id: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorOut | str | None:
    """Usage and capacity of your organization's level, for Prometheus

     Used, allocated and reserved bytes per contract, partner and storage account (labels `kind`, `id`,
    `name`), the last usage update (Unix seconds) and each contract's month-to-date excess usage fee
    (cents, label `currency`), from what the usage aggregation stored. OpenMetrics when the `Accept`
    header asks for `application/openmetrics-text` (as Prometheus does), else the Prometheus text format
    0.0.4. One organization's level per request, `limit` records at a time (`Link: rel=next` when there
    are more).

    Args:
        organization_id (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | str
    """

    return (
        await asyncio_detailed(
            client=client,
            organization_id=organization_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
