"""Passkeys (WebAuthn, with py_webauthn): register several named ones, use one as the second
factor, or sign in with one alone (a discoverable credential).

* The relying party is ``PUBLIC_BASE_URL``'s host (``localhost`` on the local stack, which must
  then be opened at ``http://localhost:<port>``); ``domain.mfa.relying_party`` decides.
* Every ceremony's challenge is random, lives ``CHALLENGE_MINUTES`` and is used once: the
  record holding it (or the second-factor ticket's ``challenge``) is removed with a condition
  before the answer is verified.
* Sign counts only move forward: an assertion whose count is not above the stored one (a cloned
  authenticator, or a replay) is refused.
* Passwordless sign-in requires user verification (the authenticator's PIN or biometrics), so a
  passkey alone is two factors; as a second factor after the password, presence is enough.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain import mfa as rules
from chalicelib.domain.principal import Principal
from chalicelib.errors import NotFound, Unauthorized, ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.services import sessions
from chalicelib.services.mfa import ISSUER, person, reauthenticate, ticket_of
from chalicelib.services.passkey_checks import (
    REFUSED,
    b64,
    client_challenge,
    credential_id,
    relying_party,
    unb64,
    verify,
)
from chalicelib.store import mfa as tickets
from chalicelib.store import passkeys as store
from chalicelib.store.models import PasskeyItem, WebAuthnChallengeItem


def _new_challenge(purpose: str, user_id: str | None) -> bytes:
    from webauthn.helpers import generate_challenge

    challenge = generate_challenge()
    expires = clock.now() + timedelta(minutes=rules.CHALLENGE_MINUTES)
    store.save_challenge(
        WebAuthnChallengeItem(
            id=store.challenge_key(b64(challenge)),
            purpose=purpose,
            user_id=user_id,
            expires_at=clock.iso(expires),
            ttl=expires + timedelta(hours=1),
        )
    )
    return challenge


def _fresh(item: WebAuthnChallengeItem | None, purpose: str, user_id: str | None) -> bool:
    return (
        item is not None
        and item.purpose == purpose
        and item.user_id == user_id
        and clock.now() < clock.parse_iso(item.expires_at)
    )


def _descriptors(user_id: str) -> list[Any]:
    from webauthn.helpers.structs import (
        AuthenticatorTransport,
        PublicKeyCredentialDescriptor,
    )

    found = []
    for p in store.every_for_user(user_id):
        transports = []
        for t in p.transports or []:
            try:
                transports.append(AuthenticatorTransport(t))
            except ValueError:
                continue
        found.append(PublicKeyCredentialDescriptor(id=unb64(p.id), transports=transports))
    return found


# --- registration ----------------------------------------------------------------------------


def registration_options(principal: Principal, origin: str) -> dict[str, Any]:
    """Options for ``navigator.credentials.create()``: a discoverable credential for this
    person, excluding the passkeys they already have."""
    from webauthn import generate_registration_options
    from webauthn.helpers import options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    user = person(principal)
    rp_id, _ = relying_party(origin)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=ISSUER,
        user_id=user.id.encode(),
        user_name=user.email,
        user_display_name=user.name or user.email,
        challenge=_new_challenge("register", user.id),
        timeout=rules.CHALLENGE_MINUTES * 60_000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(user.id),
    )
    return json.loads(options_to_json(options))


def register(
    principal: Principal, name: str, credential: dict[str, Any], origin: str
) -> PasskeyItem:
    from webauthn import verify_registration_response
    from webauthn.helpers.exceptions import WebAuthnException

    user = person(principal)
    name = name.strip()
    if not rules.valid_passkey_name(name):
        raise ValidationFailed(
            "Give the passkey a name of 1 to 60 characters (e.g. 'Work laptop').",
            details=[{"field": "name", "location": "body", "message": "1 to 60 characters."}],
        )
    rp_id, expected_origin = relying_party(origin)
    challenge = client_challenge(credential)
    if not _fresh(store.take_challenge(challenge), "register", user.id):
        raise ValidationFailed(
            "This passkey set-up has expired or was already used; start again.",
            code="passkey_challenge_invalid",
            details=[{"field": "credential", "location": "body", "message": "Start again."}],
        )
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=unb64(challenge),
            expected_rp_id=rp_id,
            expected_origin=expected_origin,
        )
    except WebAuthnException as exc:
        message = f"The passkey could not be registered: {exc}."
        raise ValidationFailed(
            message, details=[{"field": "credential", "location": "body", "message": str(exc)}]
        ) from None
    transports = credential.get("response", {}).get("transports") or []
    passkey = PasskeyItem(
        id=b64(verified.credential_id),
        user_id=user.id,
        path=user.path,
        name=name,
        public_key=b64(verified.credential_public_key),
        sign_count=int(verified.sign_count),
        transports=[str(t) for t in transports if isinstance(t, str)][:8],
        created_at=clock.iso(clock.now()),
    )
    store.create(principal, user, passkey)
    return passkey


def list_own(principal: Principal, page: PageRequest) -> Page[PasskeyItem]:
    user = person(principal)
    return store.list_for_user(user.id, page)


def delete_own(
    principal: Principal, passkey_id: str, code: str | None = None, password: str | None = None
) -> None:
    """Remove one of my passkeys: like removing the authenticator app, it needs a current code
    (when I have the app) or my password, under the login attempt budget."""
    user = person(principal)
    passkey = store.get(passkey_id)
    if passkey is None or passkey.user_id != user.id:
        raise NotFound.of("Passkey", passkey_id)
    reauthenticate(principal, user, code, password, f"the passkey '{passkey.name}' was kept")
    store.delete(principal, user, passkey)


# --- sign-in ---------------------------------------------------------------------------------


def login_options(origin: str, mfa_token: str | None, source_ip: str) -> dict[str, Any]:
    """Options for ``navigator.credentials.get()``: for a second-factor ticket (that person's
    passkeys; the challenge is kept on the ticket), or for a passwordless sign-in (any
    discoverable passkey of this site)."""
    from webauthn import generate_authentication_options
    from webauthn.helpers import generate_challenge, options_to_json
    from webauthn.helpers.structs import UserVerificationRequirement

    rp_id, _ = relying_party(origin)
    if mfa_token is not None:
        ticket, user = ticket_of(mfa_token, source_ip)
        challenge = generate_challenge()
        tickets.set_ticket_challenge(ticket.id, b64(challenge))
        options = generate_authentication_options(
            rp_id=rp_id,
            challenge=challenge,
            timeout=rules.CHALLENGE_MINUTES * 60_000,
            allow_credentials=_descriptors(user.id),
            user_verification=UserVerificationRequirement.PREFERRED,
        )
    else:
        options = generate_authentication_options(
            rp_id=rp_id,
            challenge=_new_challenge("login", None),
            timeout=rules.CHALLENGE_MINUTES * 60_000,
            user_verification=UserVerificationRequirement.REQUIRED,
        )
    return json.loads(options_to_json(options))


def passwordless(
    credential: dict[str, Any], origin: str, *, source_ip: str, request_id: str
) -> sessions.LoginResult:
    """Sign in with a discoverable passkey alone (user verification required)."""
    challenge = client_challenge(credential)
    if not _fresh(store.take_challenge(challenge), "login", None):
        raise Unauthorized(
            "This passkey sign-in has expired or was already used; start again.",
            code="passkey_challenge_invalid",
        )
    passkey = store.get(credential_id(credential))
    user = tickets.get_user(passkey.user_id) if passkey else None
    handle = (credential.get("response") or {}).get("userHandle")
    if (
        passkey is None
        or user is None
        or (handle and unb64(str(handle)) != user.id.encode())
        or not verify(credential, challenge, passkey, origin, require_user_verification=True)
    ):
        raise Unauthorized(REFUSED, code="invalid_passkey")
    return sessions.open_session(user, source_ip=source_ip, request_id=request_id)
