"""Single sign-on with OpenID Connect (the rules are ``domain/sso.py``).

Settings: ``GET|PUT|DELETE /v1/organizations/{id}/sso``, for the organization's admins and the
provider's admins (404 outside the caller's tree, like every record).

Sign-in: ``start`` finds the organization from the email's domain, reads the provider's
discovery document and answers the authorization URL (code flow, PKCE S256, ``state``,
``nonce``, ``login_hint``). The state is random; the server keeps only its keyed hash with the
nonce and the sealed PKCE verifier, for ``STATE_SECONDS``, and the browser gets it in an
httpOnly cookie. ``complete`` takes the provider's answer: the ``state`` must be the browser's
own and still unused (it is deleted with a condition), the code is exchanged at the token
endpoint with the verifier, and the ID token is verified with authlib/joserfc against the
provider's published keys (signature), its issuer, the client id (audience and ``azp``), the
project clock (``exp``, ``iat``, ``nbf``) and the nonce. Only then is the person found, or
created "just in time" for the configured domains, and a session opened. Any failed check is
an ``SsoFailed`` with the reason, and nothing is created.
"""

from __future__ import annotations

import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from chalicelib import clock
from chalicelib.domain import sso as rules
from chalicelib.domain.principal import Principal, system_principal
from chalicelib.errors import AppError, ConfigurationError, Forbidden, NotFound, ValidationFailed
from chalicelib.services import sealed, sessions
from chalicelib.services.credentials import hash_password
from chalicelib.settings import get_settings
from chalicelib.store import oidc_http, users
from chalicelib.store import organizations as orgs
from chalicelib.store import sso as store
from chalicelib.store.models import OrganizationItem, SsoConfigItem, SsoStateItem, UserItem

CALLBACK_PATH = "/v1/auth/sso/callback"
STATE_COOKIE = "pc_sso_state"
SCOPE = "openid email profile"


class SsoFailed(AppError):
    """A sign-in through the identity provider failed a check; nothing was created."""

    status = 400
    code = "sso_failed"


class ProviderUnavailable(AppError):
    status = 502
    code = "identity_provider_unavailable"


@dataclass(frozen=True)
class SsoSettings:
    issuer: str
    client_id: str
    client_secret: str | None
    email_domains: list[str]
    role_claim: str | None
    role_mapping: dict[str, str]
    default_role: str
    jit: bool
    enforce: bool


@dataclass(frozen=True)
class Started:
    authorization_url: str
    state: str


def _field(
    field: str, message: str, sentence: str, code: str = "validation_error"
) -> ValidationFailed:
    return ValidationFailed(
        sentence, code=code, details=[{"field": field, "location": "body", "message": message}]
    )


# --- settings --------------------------------------------------------------------------------


def _managed_org(principal: Principal, org_id: str) -> OrganizationItem:
    org = orgs.get(principal, org_id)
    if principal.kind != "system" and not rules.may_manage(
        principal.role, principal.org_type, org.id == principal.org_id
    ):
        raise Forbidden(
            f"Your role ({principal.role}) does not allow you to see or change this "
            "organization's single sign-on: its admins (or the provider's) can."
        )
    return org


def get_config(principal: Principal, org_id: str) -> SsoConfigItem:
    org = _managed_org(principal, org_id)
    config = store.get_config(org.id)
    if config is None:
        raise NotFound(
            "This organization has no single sign-on; configure it with PUT.",
            code="sso_not_configured",
        )
    return config


def find_config(principal: Principal, org_id: str) -> SsoConfigItem | None:
    """For the settings page: the configuration, or None."""
    org = _managed_org(principal, org_id)
    return store.get_config(org.id)


def role_mapping(config: SsoConfigItem) -> dict[str, str]:
    try:
        value = json.loads(config.role_mapping or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def put_config(principal: Principal, org_id: str, wanted: SsoSettings) -> SsoConfigItem:
    org = _managed_org(principal, org_id)
    problem = rules.issuer_problem(wanted.issuer, get_settings().stage)
    if problem:
        raise _field("issuer", problem, f"The issuer cannot be used: {problem}")
    domains = []
    for raw in wanted.email_domains:
        domain = rules.normalise_domain(raw)
        if domain is None:
            raise _field(
                "emailDomains",
                f"{raw!r} is not a domain.",
                f"{raw!r} is not an email domain (such as example.com).",
            )
        domains.append(domain)
    problem = rules.domains_problem(domains)
    if problem:
        raise _field("emailDomains", problem, problem)
    if wanted.role_mapping and not wanted.role_claim:
        raise _field(
            "roleClaim",
            "Required with a role mapping.",
            "Name the ID token claim (such as groups) whose values the role mapping maps.",
        )
    previous = store.get_config(org.id)
    if wanted.client_secret:
        secret = sealed.seal(wanted.client_secret, _bound(org.id))
    elif previous is not None:
        secret = previous.client_secret
    else:
        raise _field(
            "clientSecret",
            "Required the first time.",
            "Give the client secret the identity provider issued for this console.",
        )
    now = clock.iso(clock.now())
    config = SsoConfigItem(
        id=store.config_key(org.id),
        org_id=org.id,
        path=org.path,
        issuer=wanted.issuer,
        client_id=wanted.client_id,
        client_secret=secret,
        email_domains=domains,
        role_claim=wanted.role_claim or None,
        role_mapping=json.dumps(wanted.role_mapping, sort_keys=True),
        default_role=wanted.default_role,
        jit=wanted.jit,
        enforce=wanted.enforce,
        version=int(previous.version) + 1 if previous else 1,
        created_at=previous.created_at if previous else now,
        updated_at=now,
    )
    return store.save_config(principal, org, config, previous)


def delete_config(principal: Principal, org_id: str) -> None:
    config = get_config(principal, org_id)
    org = orgs.get(principal, org_id)
    store.delete_config(principal, org, config)


def _bound(org_id: str) -> str:
    return f"sso|{org_id}"


# --- sign-in ---------------------------------------------------------------------------------


def _state_key(state: str) -> str:
    return f"sso#{sealed.token_hash('sso-state', state)}"


def _metadata(issuer: str) -> dict[str, Any]:
    try:
        return oidc_http.discover(issuer)
    except oidc_http.ProviderError as exc:
        raise ProviderUnavailable(str(exc)) from None


def redirect_uri(base_url: str) -> str:
    uri = f"{base_url}{CALLBACK_PATH}"
    if urlsplit(uri).scheme not in ("http", "https"):
        raise ConfigurationError(
            "Single sign-on needs PUBLIC_BASE_URL (the console's public address) to tell the "
            "identity provider where to send people back."
        )
    return uri


def start(email: str, base_url: str) -> Started:
    """The identity provider's authorization URL for the person with ``email``."""
    from authlib.common.urls import add_params_to_uri
    from authlib.oauth2.rfc7636 import create_s256_code_challenge

    domain = rules.email_domain(email)
    if domain is None:
        raise _field("email", "Not an email address.", "Enter your work email address.")
    claim = store.claim_for(domain)
    config = store.get_config(claim.org_id) if claim else None
    if config is None:
        raise ValidationFailed(
            f"No organization signs in with single sign-on for {domain}; sign in with your "
            "password instead.",
            code="sso_not_configured",
            details=[{"field": "email", "location": "query", "message": "No SSO for this domain."}],
        )
    callback = redirect_uri(base_url)
    metadata = _metadata(config.issuer)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    key = _state_key(state)
    expires = clock.now() + timedelta(seconds=rules.STATE_SECONDS)
    store.save_state(
        SsoStateItem(
            id=key,
            org_id=config.org_id,
            config_version=int(config.version),
            nonce=nonce,
            verifier=sealed.seal(verifier, key),
            redirect_uri=callback,
            email=email.strip(),
            expires_at=clock.iso(expires),
            ttl=expires,
        )
    )
    url = add_params_to_uri(
        metadata["authorization_endpoint"],
        [
            ("response_type", "code"),
            ("client_id", config.client_id),
            ("redirect_uri", callback),
            ("scope", SCOPE),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", create_s256_code_challenge(verifier)),
            ("code_challenge_method", "S256"),
            ("login_hint", email.strip()),
        ],
    )
    return Started(authorization_url=url, state=state)


def _verify_id_token(
    id_token: str, keys: dict[str, Any], config: SsoConfigItem, nonce: str, access_token: Any
) -> dict[str, Any]:
    """The ID token's claims, after authlib (on joserfc) checked its signature against the
    provider's keys and its issuer, audience, authorized party, times and nonce."""
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.errors import (
        BadSignatureError,
        ExpiredTokenError,
        InvalidClaimError,
        JoseError,
        MissingClaimError,
    )
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    try:
        key_set = KeySet.import_key_set(keys)
    except (JoseError, ValueError, TypeError, KeyError):
        raise SsoFailed("The identity provider's key set (JWKS) cannot be read.") from None
    try:
        token = jwt.decode(
            id_token,
            key_set,
            registry=JWSRegistry(algorithms=["RS256", "PS256", "ES256", "EdDSA"]),
        )
    except BadSignatureError:
        raise SsoFailed(
            "The ID token's signature does not verify against the identity provider's keys."
        ) from None
    except (JoseError, ValueError) as exc:
        raise SsoFailed(
            f"The ID token cannot be read or verified ({type(exc).__name__})."
        ) from None
    claims = CodeIDToken(
        token.claims,
        token.header,
        {
            "iss": {"essential": True, "value": config.issuer},
            "aud": {"essential": True, "value": config.client_id},
        },
        {"nonce": nonce, "client_id": config.client_id, "access_token": access_token},
    )
    now = int(clock.now().timestamp())
    try:
        claims.validate(now=now, leeway=rules.LEEWAY_SECONDS)
    except ExpiredTokenError:
        raise SsoFailed("The ID token has expired.") from None
    except MissingClaimError as exc:
        raise SsoFailed(f"The ID token has no {exc.claim} claim.") from None
    except InvalidClaimError as exc:
        what = {
            "iss": "was issued by another issuer than the one configured",
            "aud": "was issued for another client (audience)",
            "azp": "was issued for another client (authorized party)",
            "nonce": "does not carry the nonce of this sign-in (it was issued for another one)",
            "iat": "is dated in the future",
            "nbf": "is not valid yet",
            "at_hash": "does not match its access token",
        }.get(exc.claim, f"has an invalid {exc.claim} claim")
        raise SsoFailed(f"The ID token {what}.") from None
    except JoseError as exc:
        raise SsoFailed(f"The ID token is not valid ({exc.description}).") from None
    if "nonce" not in claims:
        raise SsoFailed("The ID token has no nonce claim.")
    return dict(claims)


def _person(
    claims: dict[str, Any], config: SsoConfigItem, request_id: str, source_ip: str
) -> UserItem:
    email = claims.get("email")
    if not isinstance(email, str) or rules.email_domain(email) is None:
        raise SsoFailed("The ID token has no email claim (ask for the email scope).")
    if claims.get("email_verified") is False:
        raise SsoFailed(f"The identity provider has not verified the email {email}.")
    domain = rules.email_domain(email)
    if domain not in config.email_domains:
        raise SsoFailed(
            f"The email {email} is not in a domain this organization signs in with single sign-on."
        )
    user = users.find_by_email(email)
    if user is not None:
        if user.org_id != config.org_id:
            raise SsoFailed(
                f"The console user {email} belongs to another organization than the one whose "
                "identity provider signed you in."
            )
        return user
    if not config.jit:
        raise SsoFailed(
            f"There is no console user with the email {email}, and this organization does not "
            "create people at their first sign-in; ask one of its admins to add you."
        )
    org = orgs.get(system_principal(), config.org_id)
    claim_value = claims.get(config.role_claim) if config.role_claim else None
    role = rules.role_for(claim_value, role_mapping(config), config.default_role)
    now = clock.iso(clock.now())
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    user = UserItem(
        id=str(uuid.uuid4()),
        email=email.strip(),
        email_lower=email.strip().lower(),
        name=name[:200],
        role=role,
        org_id=org.id,
        path=org.path,
        org_type=org.type,
        # Nobody knows this password: the person signs in through their identity provider
        # (and may set one with "Forgot password?" where single sign-on is not enforced).
        password_hash=hash_password(secrets.token_urlsafe(32)),
        session_epoch=0,
        created_at=now,
        updated_at=now,
    )
    actor = system_principal(
        f"single sign-on ({config.issuer})", request_id=request_id, source_ip=source_ip
    )
    return store.create_user(actor, user, config.issuer)


def complete(
    query: dict[str, str], browser_state: str, *, source_ip: str, request_id: str
) -> sessions.LoginResult:
    """Check the provider's answer and open a session; ``SsoFailed`` says what failed."""
    if query.get("error"):
        raise SsoFailed(
            f"The identity provider did not sign you in ({query['error'][:100]}: "
            f"{query.get('error_description', 'no description')[:300]})."
        )
    state = query.get("state", "")
    if not state or not browser_state or not hmac.compare_digest(state, browser_state):
        raise SsoFailed(
            "The state of this answer does not match the sign-in this browser started (it was "
            "changed, or the sign-in began in another browser); start again."
        )
    item = store.take_state(_state_key(state))
    if item is None:
        raise SsoFailed("This sign-in is unknown or was already used; start again.")
    if clock.now() >= clock.parse_iso(item.expires_at):
        raise SsoFailed(
            f"This sign-in took longer than {rules.STATE_SECONDS // 60} minutes; start again."
        )
    code = query.get("code", "")
    if not code:
        raise SsoFailed("The identity provider's answer has no authorization code.")
    config = store.get_config(item.org_id)
    if config is None or int(config.version) != int(item.config_version):
        raise SsoFailed(
            "The organization's single sign-on settings changed during this sign-in; start again."
        )
    metadata = _metadata(config.issuer)
    try:
        tokens = oidc_http.exchange_code(
            metadata,
            client_id=config.client_id,
            client_secret=sealed.unseal(config.client_secret, _bound(config.org_id)),
            code=code,
            verifier=sealed.unseal(item.verifier, item.id),
            redirect_uri=item.redirect_uri,
        )
        keys = oidc_http.jwks(metadata)
    except oidc_http.ProviderError as exc:
        raise SsoFailed(str(exc)) from None
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise SsoFailed("The identity provider's token answer has no ID token.")
    claims = _verify_id_token(id_token, keys, config, item.nonce, tokens.get("access_token"))
    user = _person(claims, config, request_id, source_ip)
    return sessions.open_session(user, source_ip=source_ip, request_id=request_id, via_sso=True)


def state_cookie(state: str, *, clear: bool = False) -> str:
    """The browser's half of a started sign-in: httpOnly, ``SameSite=Lax`` (the provider sends
    the browser back with a top-level GET from its own site, which ``Strict`` would not
    accompany), as long as the sign-in may take; cleared by the callback."""
    parts = [
        f"{STATE_COOKIE}={'' if clear else state}",
        "Path=/",
        "HttpOnly",
        "SameSite=Lax",
        f"Max-Age={0 if clear else rules.STATE_SECONDS}",
    ]
    if get_settings().stage != "local":
        parts.append("Secure")
    return "; ".join(parts)
