"""Secrets the server must read back (TOTP secrets, identity providers' client secrets), sealed
at rest with the server secret, and one-way hashes of sign-in tokens.

* ``seal``/``unseal``: AES-256-GCM with a key derived from ``SECRET_KEY`` (HMAC-SHA256 over a
  fixed label), a random 96-bit nonce, and the record it belongs to as associated data, so a
  sealed value copied onto another person's record does not open. ``v1.<base64url>``.
* ``token_hash``: HMAC-SHA256 keyed with the server secret, for codes and links (recovery codes,
  invitations, password resets) that are stored only as a hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from chalicelib.errors import ConfigurationError
from chalicelib.services.credentials import server_secret

_VERSION = "v1"


@lru_cache(maxsize=4)
def _key(secret: bytes) -> bytes:
    return hmac.new(secret, b"partner-console seal v1", hashlib.sha256).digest()


def seal(plaintext: str, bound_to: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(_key(server_secret())).encrypt(nonce, plaintext.encode(), bound_to.encode())
    return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def unseal(value: str, bound_to: str) -> str:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    version, _, body = value.partition(".")
    if version != _VERSION:
        raise ConfigurationError("A sealed secret has an unknown format.")
    raw = base64.urlsafe_b64decode(body.encode())
    try:
        plain = AESGCM(_key(server_secret())).decrypt(raw[:12], raw[12:], bound_to.encode())
    except InvalidTag:
        raise ConfigurationError(
            "A sealed secret cannot be opened (was SECRET_KEY changed?)."
        ) from None
    return plain.decode()


def token_hash(purpose: str, value: str) -> str:
    message = f"{purpose}|{value}".encode()
    return hmac.new(server_secret(), message, hashlib.sha256).hexdigest()
