import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_event_out import AuditEventOut
from ...models.error_out import ErrorOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    target_id: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_actor: None | str | Unset
    if isinstance(actor, Unset):
        json_actor = UNSET
    else:
        json_actor = actor
    params["actor"] = json_actor

    json_target_id: None | str | Unset
    if isinstance(target_id, Unset):
        json_target_id = UNSET
    else:
        json_target_id = target_id
    params["targetId"] = json_target_id

    json_target_type: None | str | Unset
    if isinstance(target_type, Unset):
        json_target_type = UNSET
    else:
        json_target_type = target_type
    params["targetType"] = json_target_type

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit-events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | list[AuditEventOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = AuditEventOut.from_dict(response_200_item_data)

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
) -> Response[ErrorOut | list[AuditEventOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    target_id: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorOut | list[AuditEventOut]]:
    """List audit events in my organization's tree

     Filters combine: `from`/`to` (date or RFC 3339 time, inclusive), `action`, `actor` (user or API key
    id), `targetId`, `targetType`.

    Args:
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        action (None | str | Unset):
        actor (None | str | Unset):
        target_id (None | str | Unset):
        target_type (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | list[AuditEventOut]]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        action=action,
        actor=actor,
        target_id=target_id,
        target_type=target_type,
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
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    target_id: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorOut | list[AuditEventOut] | None:
    """List audit events in my organization's tree

     Filters combine: `from`/`to` (date or RFC 3339 time, inclusive), `action`, `actor` (user or API key
    id), `targetId`, `targetType`.

    Args:
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        action (None | str | Unset):
        actor (None | str | Unset):
        target_id (None | str | Unset):
        target_type (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | list[AuditEventOut]
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        action=action,
        actor=actor,
        target_id=target_id,
        target_type=target_type,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    target_id: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorOut | list[AuditEventOut]]:
    """List audit events in my organization's tree

     Filters combine: `from`/`to` (date or RFC 3339 time, inclusive), `action`, `actor` (user or API key
    id), `targetId`, `targetType`.

    Args:
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        action (None | str | Unset):
        actor (None | str | Unset):
        target_id (None | str | Unset):
        target_type (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | list[AuditEventOut]]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        action=action,
        actor=actor,
        target_id=target_id,
        target_type=target_type,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date | datetime.datetime | None | Unset = UNSET,
    to: datetime.date | datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    target_id: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorOut | list[AuditEventOut] | None:
    """List audit events in my organization's tree

     Filters combine: `from`/`to` (date or RFC 3339 time, inclusive), `action`, `actor` (user or API key
    id), `targetId`, `targetType`.

    Args:
        from_ (datetime.date | datetime.datetime | None | Unset):
        to (datetime.date | datetime.datetime | None | Unset):
        action (None | str | Unset):
        actor (None | str | Unset):
        target_id (None | str | Unset):
        target_type (None | str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | list[AuditEventOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            action=action,
            actor=actor,
            target_id=target_id,
            target_type=target_type,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
