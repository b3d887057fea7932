"""Secrets: argon2id password hashes, session tokens and API keys.

* Passwords are hashed with argon2id (argon2-cffi); parameters come from settings.
* Session tokens and API keys are 256-bit random secrets, shown to their owner once. A session
  is stored under the SHA-256 of its token; an API key under its id with an HMAC-SHA256 (keyed
  with the server's SECRET_KEY) of its secret, so a leaked table does not yield usable keys.
* Both carry a public id in the clear (``pcs_<user>_<secret>``, ``pck_<key>_<secret>``) so the
  server finds the record with one read.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache
from typing import Any

from chalicelib.errors import ConfigurationError
from chalicelib.settings import get_settings
from chalicelib.store.aws import client

SESSION_PREFIX = "pcs"
API_KEY_PREFIX = "pck"


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> Any:
    from argon2 import PasswordHasher, Type

    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
    )


def hasher() -> Any:
    s = get_settings()
    return _hasher(s.argon2_time_cost, s.argon2_memory_kib, s.argon2_parallelism)


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def burn_verification_time(password: str) -> None:
    """Spend the time of a real verification, so unknown emails answer as slowly as known ones."""
    verify_password(_dummy_hash(), password)


def _compact(uuid_text: str) -> str:
    return uuid_text.replace("-", "")


def _expand(hex32: str) -> str | None:
    if len(hex32) != 32 or any(c not in "0123456789abcdef" for c in hex32):
        return None
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


def new_token(prefix: str, record_id: str) -> str:
    return f"{prefix}_{_compact(record_id)}_{secrets.token_urlsafe(32)}"


def parse_token(token: str) -> tuple[str, str, str] | None:
    """``(prefix, record id, secret)``, or None when the text is not one of our credentials."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] not in (SESSION_PREFIX, API_KEY_PREFIX):
        return None
    record_id = _expand(parts[1])
    if record_id is None or len(parts[2]) < 32:
        return None
    return parts[0], record_id, parts[2]


def session_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@lru_cache(maxsize=4)
def _secret_from_secrets_manager(arn: str) -> str:
    return client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]


def server_secret() -> bytes:
    """The key behind API-key hashes, brute-force counters and signed cursors: ``SECRET_KEY``
    (local, tests), or the Secrets Manager secret ``SECRET_KEY_ARN`` names (deployed; read once
    per cold start). Refuses to run without one of at least 32 characters."""
    s = get_settings()
    secret = s.secret_key or (
        _secret_from_secrets_manager(s.secret_key_arn) if s.secret_key_arn else ""
    )
    if len(secret) < 32:
        raise ConfigurationError("SECRET_KEY (or SECRET_KEY_ARN) must give at least 32 characters.")
    return secret.encode()


def api_key_hash(secret: str) -> str:
    return hmac.new(server_secret(), secret.encode(), "sha256").hexdigest()


def api_key_matches(stored_hash: str, secret: str) -> bool:
    return hmac.compare_digest(stored_hash, api_key_hash(secret))


def pair_key(email: str, source_ip: str) -> str:
    """The brute-force counter key for one email + source address (hashed: no PII in keys)."""
    digest = hmac.new(server_secret(), f"{email.lower()}|{source_ip}".encode(), "sha256")
    return digest.hexdigest()[:40]
