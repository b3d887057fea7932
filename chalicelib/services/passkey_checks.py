"""Checking a passkey's answer (a WebAuthn assertion): the relying party, base64url, the
challenge the browser signed, the signature and the sign count. Shared by passkey sign-in
(``services/passkeys.py``) and the second step after the password (``services/mfa.py``), which
need nothing else of each other.

py_webauthn is imported where it is used: it is not needed to start the application.
"""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.domain import mfa as rules
from chalicelib.errors import ValidationFailed
from chalicelib.settings import get_settings
from chalicelib.store import passkeys as store
from chalicelib.store.models import MfaTicketItem, PasskeyItem, UserItem

REFUSED = "The passkey could not be verified."


def relying_party(origin: str) -> tuple[str, str]:
    try:
        return rules.relying_party(get_settings().public_base_url, origin)
    except ValueError as exc:
        raise ValidationFailed(str(exc), code="passkey_needs_host_name", details=[]) from None


def b64(data: bytes) -> str:
    from webauthn.helpers import bytes_to_base64url

    return bytes_to_base64url(data)


def unb64(text: str) -> bytes:
    from webauthn.helpers import base64url_to_bytes

    return base64url_to_bytes(text)


def client_challenge(credential: dict[str, Any]) -> str:
    """The challenge the browser signed, from the credential's ``clientDataJSON``."""
    from webauthn.helpers import parse_client_data_json
    from webauthn.helpers.exceptions import WebAuthnException

    try:
        raw = unb64(str(credential["response"]["clientDataJSON"]))
        return b64(parse_client_data_json(raw).challenge)
    except (KeyError, TypeError, ValueError, WebAuthnException):
        raise ValidationFailed(
            "credential is not a WebAuthn credential (PublicKeyCredential as JSON).",
            details=[{"field": "credential", "location": "body", "message": "Not a credential."}],
        ) from None


def verify(
    credential: dict[str, Any],
    challenge: str,
    passkey: PasskeyItem,
    origin: str,
    require_user_verification: bool,
) -> bool:
    from webauthn import verify_authentication_response
    from webauthn.helpers.exceptions import WebAuthnException

    rp_id, expected_origin = relying_party(origin)
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=unb64(challenge),
            expected_rp_id=rp_id,
            expected_origin=expected_origin,
            credential_public_key=unb64(passkey.public_key),
            credential_current_sign_count=int(passkey.sign_count),
            require_user_verification=require_user_verification,
        )
    except WebAuthnException:
        return False
    return store.record_use(passkey, int(verified.new_sign_count), clock.now())


def credential_id(credential: dict[str, Any]) -> str:
    raw = credential.get("rawId") or credential.get("id")
    if not isinstance(raw, str) or not raw or len(raw) > 1400:
        raise ValidationFailed(
            "credential has no id.",
            details=[{"field": "credential", "location": "body", "message": "Missing id."}],
        )
    return raw


def second_factor_check(
    user: UserItem, ticket: MfaTicketItem, credential: dict[str, Any], origin: str
):
    """The check ``mfa.complete`` runs (under the login attempt budget) for a passkey."""

    def check() -> bool:
        challenge = client_challenge(credential)
        if not ticket.challenge or challenge != ticket.challenge:
            return False
        if not store.take_ticket_challenge(ticket.id, challenge):
            return False
        passkey = store.get(credential_id(credential))
        if passkey is None or passkey.user_id != user.id:
            return False
        return verify(credential, challenge, passkey, origin, require_user_verification=False)

    return check
