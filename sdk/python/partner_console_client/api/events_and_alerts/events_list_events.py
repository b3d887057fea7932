import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.event_out import EventOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: None | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.date):
        json_to = to.isoformat()
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | list[EventOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = EventOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorOut | list[EventOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    type_: None | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorOut | list[EventOut]]:
    """List events in my organization's tree

     Events of your organization and every organization below it (never a sibling's), newest first.
    Filters: `type`, `from`/`to` (date or RFC 3339 time, inclusive).

    Args:
        type_ (None | str | Unset):
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | list[EventOut]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        from_=from_,
        to=to,
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
    type_: None | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorOut | list[EventOut] | None:
    """List events in my organization's tree

     Events of your organization and every organization below it (never a sibling's), newest first.
    Filters: `type`, `from`/`to` (date or RFC 3339 time, inclusive).

    Args:
        type_ (None | str | Unset):
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | list[EventOut]
    """

    return sync_detailed(
        client=client,
        type_=type_,
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    type_: None | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorOut | list[EventOut]]:
    """List events in my organization's tree

     Events of your organization and every organization below it (never a sibling's), newest first.
    Filters: `type`, `from`/`to` (date or RFC 3339 time, inclusive).

    Args:
        type_ (None | str | Unset):
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | list[EventOut]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    type_: None | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorOut | list[EventOut] | None:
    """List events in my organization's tree

     Events of your organization and every organization below it (never a sibling's), newest first.
    Filters: `type`, `from`/`to` (date or RFC 3339 time, inclusive).

    Args:
        type_ (None | str | Unset):
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | list[EventOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            from_=from_,
            to=to,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
