from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.login_in import LoginIn
from ...models.login_out import LoginOut
from ...models.mfa_required_out import MfaRequiredOut
from ...types import Response


def _get_kwargs(
    *,
    body: LoginIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/auth/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | LoginOut | MfaRequiredOut | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> LoginOut | MfaRequiredOut:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_login_answer_type_0 = LoginOut.from_dict(data)

                return componentsschemas_login_answer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_login_answer_type_1 = MfaRequiredOut.from_dict(data)

            return componentsschemas_login_answer_type_1

        response_200 = _parse_response_200(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorOut.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = ErrorOut.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorOut | LoginOut | MfaRequiredOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> Response[ErrorOut | LoginOut | MfaRequiredOut]:
    """Log in with email and password

     For a person with a second factor the answer is `{mfaRequired: true, mfaToken, methods}` and no
    session: complete it with `POST /v1/auth/mfa`. A member of an organization that enforces single
    sign-on gets `403 sso_required` (its admins with a second factor excepted: break-glass).

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | LoginOut | MfaRequiredOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> ErrorOut | LoginOut | MfaRequiredOut | None:
    """Log in with email and password

     For a person with a second factor the answer is `{mfaRequired: true, mfaToken, methods}` and no
    session: complete it with `POST /v1/auth/mfa`. A member of an organization that enforces single
    sign-on gets `403 sso_required` (its admins with a second factor excepted: break-glass).

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | LoginOut | MfaRequiredOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> Response[ErrorOut | LoginOut | MfaRequiredOut]:
    """Log in with email and password

     For a person with a second factor the answer is `{mfaRequired: true, mfaToken, methods}` and no
    session: complete it with `POST /v1/auth/mfa`. A member of an organization that enforces single
    sign-on gets `403 sso_required` (its admins with a second factor excepted: break-glass).

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | LoginOut | MfaRequiredOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> ErrorOut | LoginOut | MfaRequiredOut | None:
    """Log in with email and password

     For a person with a second factor the answer is `{mfaRequired: true, mfaToken, methods}` and no
    session: complete it with `POST /v1/auth/mfa`. A member of an organization that enforces single
    sign-on gets `403 sso_required` (its admins with a second factor excepted: break-glass).

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | LoginOut | MfaRequiredOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
