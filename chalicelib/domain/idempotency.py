"""The rules of ``Idempotency-Key`` (requests that are safe to retry), as pure functions.

A client sends ``Idempotency-Key: <1-255 printable ASCII characters>`` with a POST, PUT, PATCH or
DELETE. The key is scoped to the caller's organization and credential; the first request with it
claims the key, runs, and its answer is kept for 24 hours. What a later request with the same key
gets depends on what is recorded (``decide``):

* the first is still running                       -> 409 ``idempotency_in_progress``;
* it finished and this is the same request          -> its stored answer, ``Idempotent-Replayed``;
* it finished (or runs) and this is another request -> 422 ``idempotency_key_reused``.

"The same request" means the same method, path, query and body (``fingerprint``; a JSON body is
compared by content, so key order and spacing do not matter). A 5xx answer is never stored, so
the retry of a failed request runs again (``storable``). Fields that show a secret once are never
stored, so a replay never shows a secret a second time (``strip_secrets``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
#: The form field console pages send the key in (each rendered form carries a fresh one).
FORM_FIELD = "idempotencyKey"
METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_LENGTH = 255
RETENTION_HOURS = 24
#: How long a claim blocks retries when its request never finished (a crashed or timed-out
#: Lambda): longer than any request may run (API Gateway gives up after 29 s).
LEASE_SECONDS = 60
#: Response headers a replay repeats (the rest, e.g. X-Request-Id, belong to each answer).
REPLAYED_HEADERS = ("Content-Type", "Location", "Link", "Retry-After", "Set-Cookie", "Allow")
#: Response fields that show a secret once (API keys, storage access keys, webhook and TOTP
#: secrets, session tokens): left out of what is stored, so a replay never repeats them.
SECRET_FIELDS = frozenset(
    {"key", "token", "secret", "secretAccessKey", "otpauthUri", "recoveryCodes", "password"}
)
#: What a replay of a stored answer that showed a secret says instead of the secret.
OMITTED_NOTE = "The secret was shown once, in the first answer; a replay does not repeat it."


class Outcome(StrEnum):
    REPLAY = "replay"
    IN_PROGRESS = "in_progress"
    REUSED = "reused"


def key_problem(key: str) -> str | None:
    """Why an ``Idempotency-Key`` value is not acceptable, or None when it is."""
    if not key:
        return "Must not be empty."
    if len(key) > MAX_LENGTH:
        return f"Must be at most {MAX_LENGTH} characters."
    if any(not (0x20 <= ord(ch) < 0x7F) for ch in key):
        return "Only printable ASCII characters."
    return None


def _canonical_body(body: bytes) -> bytes:
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body
    return json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()


def fingerprint(method: str, path: str, query: dict[str, str], body: bytes) -> str:
    """What makes two requests "the same request" for one key."""
    digest = hashlib.sha256()
    for part in (method.upper(), path, json.dumps(sorted(query.items()))):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(_canonical_body(body))
    return digest.hexdigest()


def record_id(scope: str, key: str) -> str:
    """The stored record's id: the caller's scope and key, hashed (keys are the client's text)."""
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


@dataclass(frozen=True)
class Recorded:
    """What is stored under a key, as far as ``decide`` needs it."""

    fingerprint: str
    finished: bool


def decide(recorded: Recorded, fingerprint_now: str) -> Outcome:
    """What a request gets when its key is already claimed."""
    if recorded.fingerprint != fingerprint_now:
        return Outcome.REUSED
    return Outcome.REPLAY if recorded.finished else Outcome.IN_PROGRESS


def storable(status: int) -> bool:
    """5xx answers are not stored: the retry of a request that failed on our side runs again."""
    return status < 500


def strip_secrets(body: bytes, content_type: str) -> bytes:
    """The body to store: a JSON object's once-shown secret fields removed."""
    if "json" not in content_type:
        return body
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body
    if not isinstance(data, dict) or not SECRET_FIELDS & set(data):
        return body
    kept: dict[str, Any] = {k: v for k, v in data.items() if k not in SECRET_FIELDS}
    kept["secretOmitted"] = OMITTED_NOTE
    return json.dumps(kept, separators=(",", ":"), ensure_ascii=False).encode()
