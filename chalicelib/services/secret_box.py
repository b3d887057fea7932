"""Secrets we must be able to use again (webhook signing secrets) are stored encrypted:
AES-256-GCM under a key derived from the server secret (``SECRET_KEY`` / ``SECRET_KEY_ARN``),
a fresh 96-bit nonce per secret, and the record's id as associated data, so a box copied onto
another record does not open."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chalicelib.services.credentials import server_secret

_PURPOSE = b"partner-console/webhook-secret/v1"


def _key() -> bytes:
    return hmac.new(server_secret(), _PURPOSE, hashlib.sha256).digest()


def seal(secret: str, record_id: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key()).encrypt(nonce, secret.encode(), record_id.encode())
    return "v1." + base64.urlsafe_b64encode(nonce + sealed).decode()


def open_box(box: str, record_id: str) -> str:
    if not box.startswith("v1."):
        raise ValueError("Unknown secret box version.")
    raw = base64.urlsafe_b64decode(box[3:])
    return AESGCM(_key()).decrypt(raw[:12], raw[12:], record_id.encode()).decode()
