"""Pagination for every list route: ``limit`` (default 100, max 1000), an opaque ``cursor``, and a
``Link: <…>; rel="next"`` header when there is more.

The cursor is the store's last-evaluated key, signed with the server secret and bound to the
concrete request path, so a client can neither forge one nor replay it against another list.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import urlencode

from chalicelib.errors import ValidationFailed
from chalicelib.paging import DEFAULT_LIMIT, MAX_LIMIT, PageRequest
from chalicelib.services.credentials import server_secret


def _sign(payload: bytes) -> bytes:
    return hmac.new(server_secret(), payload, hashlib.sha256).digest()[:16]


def encode_cursor(key: dict[str, Any], bound_to: str) -> str:
    payload = json.dumps({"k": key, "p": bound_to}, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(_sign(payload) + payload).decode().rstrip("=")


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
    mac, payload = raw[:16], raw[16:]
    if len(mac) != 16 or not hmac.compare_digest(mac, _sign(payload)):
        raise invalid
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
