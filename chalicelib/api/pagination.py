"""Pagination for every list route: ``limit`` (default 100, max 1000), an opaque ``cursor``, and a
``Link: <…>; rel="next"`` header when there is more.

The cursor is the store's last-evaluated key, bound to the concrete request path and to the
principal who asked (``binding``), encrypted and authenticated with keys derived from the server
secret: a client can neither read the key values in it, nor forge one, nor replay it against
another list or as someone else (each is a 400 ``invalid_cursor``).

Encryption is HMAC-SHA256 in counter mode over a random nonce (a stream cipher from the standard
library), then an HMAC tag over nonce and ciphertext (encrypt-then-MAC, separate derived keys).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any
from urllib.parse import urlencode

from chalicelib.errors import ValidationFailed
from chalicelib.paging import DEFAULT_LIMIT, MAX_LIMIT, PageRequest
from chalicelib.services.credentials import server_secret

_NONCE = 12
_TAG = 16


def _derived(purpose: bytes) -> bytes:
    return hmac.new(server_secret(), b"cursor|" + purpose, hashlib.sha256).digest()


def _keystream(nonce: bytes, length: int) -> bytes:
    key = _derived(b"encrypt")
    blocks = (length + 31) // 32
    return b"".join(
        hmac.new(key, nonce + i.to_bytes(4, "big"), hashlib.sha256).digest() for i in range(blocks)
    )[:length]


def _tag(data: bytes) -> bytes:
    return hmac.new(_derived(b"authenticate"), data, hashlib.sha256).digest()[:_TAG]


def binding(path: str, principal: Any) -> str:
    """What a cursor is valid for: this list (its concrete path) for this principal."""
    who = f"{principal.org_id}|{principal.actor_id}" if principal is not None else "-"
    return f"{path}|{who}"


def encode_cursor(key: dict[str, Any], bound_to: str) -> str:
    payload = json.dumps({"k": key, "p": bound_to}, separators=(",", ":"), sort_keys=True).encode()
    nonce = secrets.token_bytes(_NONCE)
    sealed = nonce + bytes(
        a ^ b for a, b in zip(payload, _keystream(nonce, len(payload)), strict=True)
    )
    return base64.urlsafe_b64encode(sealed + _tag(sealed)).decode().rstrip("=")


def decode_cursor(cursor: str, bound_to: str) -> dict[str, Any]:
    invalid = ValidationFailed(
        "The cursor is not valid for this list; start again without a cursor.",
        code="invalid_cursor",
        details=[{"field": "cursor", "location": "query", "message": "Invalid cursor."}],
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (ValueError, TypeError):
        raise invalid from None
    sealed, tag = raw[:-_TAG], raw[-_TAG:]
    if len(sealed) <= _NONCE or not hmac.compare_digest(tag, _tag(sealed)):
        raise invalid
    nonce, ciphertext = sealed[:_NONCE], sealed[_NONCE:]
    payload = bytes(
        a ^ b for a, b in zip(ciphertext, _keystream(nonce, len(ciphertext)), strict=True)
    )
    try:
        data = json.loads(payload)
    except ValueError:
        raise invalid from None
    if data.get("p") != bound_to or not isinstance(data.get("k"), dict):
        raise invalid
    return data["k"]


def parse_page_request(query: dict[str, str], bound_to: str) -> PageRequest:
    raw_limit = query.get("limit")
    limit = DEFAULT_LIMIT
    if raw_limit is not None:
        try:
            limit = int(raw_limit)
        except ValueError:
            limit = -1
        if not 1 <= limit <= MAX_LIMIT:
            raise ValidationFailed(
                f"limit must be a whole number between 1 and {MAX_LIMIT}.",
                details=[
                    {
                        "field": "limit",
                        "location": "query",
                        "message": f"Must be an integer from 1 to {MAX_LIMIT}.",
                    }
                ],
            )
    cursor = query.get("cursor")
    start_key = decode_cursor(cursor, bound_to) if cursor else None
    return PageRequest(limit=limit, start_key=start_key)


def next_link(base_url: str, path: str, query: dict[str, str], cursor: str) -> str:
    params = {k: v for k, v in query.items() if k != "cursor"}
    params["cursor"] = cursor
    return f'<{base_url}{path}?{urlencode(params)}>; rel="next"'
