from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...types import UNSET, Response


def _get_kwargs(
    *,
    email: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["email"] = email

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/auth/sso/start",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorOut | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 400:
        response_400 = ErrorOut.from_dict(response.json())

        return response_400

    if response.status_code == 502:
        response_502 = ErrorOut.from_dict(response.json())

        return response_502

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    email: str,
) -> Response[Any | ErrorOut]:
    """Start signing in with single sign-on (redirects to the identity provider)

     Finds the organization by the email's domain and answers 302 to its identity provider (authorization
    code flow with PKCE S256, state and nonce). The browser gets the state in an httpOnly cookie; the
    provider sends it back to `GET /v1/auth/sso/callback`, a console page (HTML for the browser, so not
    in this document) that checks the answer and opens a console session.

    Args:
        email (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorOut]
    """

    kwargs = _get_kwargs(
        email=email,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    email: str,
) -> Any | ErrorOut | None:
    """Start signing in with single sign-on (redirects to the identity provider)

     Finds the organization by the email's domain and answers 302 to its identity provider (authorization
    code flow with PKCE S256, state and nonce). The browser gets the state in an httpOnly cookie; the
    provider sends it back to `GET /v1/auth/sso/callback`, a console page (HTML for the browser, so not
    in this document) that checks the answer and opens a console session.

    Args:
        email (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorOut
    """

    return sync_detailed(
        client=client,
        email=email,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    email: str,
) -> Response[Any | ErrorOut]:
    """Start signing in with single sign-on (redirects to the identity provider)

     Finds the organization by the email's domain and answers 302 to its identity provider (authorization
    code flow with PKCE S256, state and nonce). The browser gets the state in an httpOnly cookie; the
    provider sends it back to `GET /v1/auth/sso/callback`, a console page (HTML for the browser, so not
    in this document) that checks the answer and opens a console session.

    Args:
        email (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorOut]
    """

    kwargs = _get_kwargs(
        email=email,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    email: str,
) -> Any | ErrorOut | None:
    """Start signing in with single sign-on (redirects to the identity provider)

     Finds the organization by the email's domain and answers 302 to its identity provider (authorization
    code flow with PKCE S256, state and nonce). The browser gets the state in an httpOnly cookie; the
    provider sends it back to `GET /v1/auth/sso/callback`, a console page (HTML for the browser, so not
    in this document) that checks the answer and opens a console session.

    Args:
        email (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorOut
    """

    return (
        await asyncio_detailed(
            client=client,
            email=email,
        )
    ).parsed
