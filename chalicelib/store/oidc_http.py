"""Talking to an organization's OpenID provider: its discovery document, its keys (JWKS) and its
token endpoint (the authorization code exchange, with authlib's OAuth 2 client).

Every request has the ``SSO_HTTP_TIMEOUT_SECONDS`` timeout, never follows a redirect, and goes
only to https (http on the local and test stages), never to link-local or cloud metadata
addresses, and to loopback or private addresses only on the local and test stages (an admin
must not be able to point the server at its own network).
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import quote, urlsplit

from chalicelib.domain.delivery import address_problem
from chalicelib.domain.sso import HTTP_STAGES, endpoint_allowed
from chalicelib.settings import get_settings

USER_AGENT = "PartnerConsole-SSO/1.0"


class ProviderError(Exception):
    """The identity provider could not be reached or answered something unusable; the message
    is a sentence for the person."""


def _check(url: str) -> None:
    stage = get_settings().stage
    if not endpoint_allowed(url, stage):
        raise ProviderError(f"The identity provider's address {url} is not allowed (https only).")
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except OSError:
        raise ProviderError(f"The identity provider's host {parts.hostname} is unknown.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        problem = address_problem(address, allow_private=stage in HTTP_STAGES)
        if problem:
            raise ProviderError(
                f"The identity provider's host {parts.hostname} resolves to {address}: {problem}"
            )


def _timeout() -> float:
    return get_settings().sso_http_timeout_seconds


def _get_json(url: str, what: str) -> dict[str, Any]:
    import httpx

    _check(url)
    try:
        response = httpx.get(
            url,
            timeout=_timeout(),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
    except httpx.HTTPError as exc:
        raise ProviderError(
            f"The identity provider's {what} could not be read ({type(exc).__name__})."
        ) from None
    if response.status_code != 200:
        raise ProviderError(f"The identity provider's {what} answered HTTP {response.status_code}.")
    try:
        data = response.json()
    except ValueError:
        raise ProviderError(f"The identity provider's {what} is not JSON.") from None
    if not isinstance(data, dict):
        raise ProviderError(f"The identity provider's {what} is not a JSON object.")
    return data


def discover(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery 1.0), checked to name the
    same issuer and to have the endpoints a code flow needs."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    metadata = _get_json(url, "discovery document")
    if metadata.get("issuer") != issuer:
        raise ProviderError(
            f"The discovery document names the issuer {metadata.get('issuer')!r}, not {issuer!r}."
        )
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = metadata.get(name)
        if not isinstance(value, str) or not endpoint_allowed(value, get_settings().stage):
            raise ProviderError(f"The discovery document has no usable {name}.")
    return metadata


def jwks(metadata: dict[str, Any]) -> dict[str, Any]:
    return _get_json(metadata["jwks_uri"], "key set (JWKS)")


def exchange_code(
    metadata: dict[str, Any],
    *,
    client_id: str,
    client_secret: str,
    code: str,
    verifier: str,
    redirect_uri: str,
) -> dict[str, Any]:
    """The token endpoint's answer to the authorization code (RFC 6749 §4.1.3, with the PKCE
    verifier of RFC 7636), the client authenticating with HTTP Basic (``client_secret_basic``,
    form-encoded id and secret as §2.3.1 asks) or, when the provider only offers it, in the
    body (``client_secret_post``)."""

    import httpx

    endpoint = metadata["token_endpoint"]
    _check(endpoint)
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": verifier,
        "redirect_uri": redirect_uri,
    }
    auth = None
    if "client_secret_basic" in methods:
        auth = httpx.BasicAuth(quote(client_id, safe=""), quote(client_secret, safe=""))
    else:
        form |= {"client_id": client_id, "client_secret": client_secret}
    try:
        response = httpx.post(
            endpoint,
            data=form,
            auth=auth,
            timeout=_timeout(),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
    except httpx.HTTPError as exc:
        raise ProviderError(
            f"The identity provider's token endpoint could not be reached ({type(exc).__name__})."
        ) from None
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ProviderError(
            f"The identity provider's token endpoint answered HTTP {response.status_code} "
            "without a JSON object."
        )
    if response.status_code != 200 or "error" in data:
        raise ProviderError(
            "The identity provider did not accept the authorization code "
            f"({data.get('error', response.status_code)}: "
            f"{data.get('error_description') or 'no description'})."
        )
    return data
