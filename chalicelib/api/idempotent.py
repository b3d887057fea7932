"""``Idempotency-Key`` at the HTTP edge: reads the key, turns Chalice responses into stored
answers and back. The API middleware wraps every authenticated POST/PUT/PATCH/DELETE with
``respond``; console form posts do the same with the key their page put in the form."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalice import Response

from chalicelib.domain import idempotency as rules
from chalicelib.errors import ValidationFailed
from chalicelib.services import idempotency as service


def header_key(ctx: Any) -> str | None:
    """The request's ``Idempotency-Key``, None when it sends none; a 400 when it is malformed."""
    raw = ctx.headers.get(rules.HEADER.lower())
    if raw is None:
        return None
    return checked(raw, rules.HEADER, "header")


def checked(key: str, field: str, location: str) -> str:
    problem = rules.key_problem(key)
    if problem is not None:
        raise ValidationFailed(
            f"The {rules.HEADER} must be 1 to {rules.MAX_LENGTH} printable ASCII characters.",
            code="invalid_idempotency_key",
            details=[{"field": field, "location": location, "message": problem}],
        )
    return key


def _answer(response: Response) -> service.Answer:
    body = response.body
    if body is None:
        raw = b""
    elif isinstance(body, bytes):
        raw = body
    elif isinstance(body, str):
        raw = body.encode()
    else:
        raw = json.dumps(body, separators=(",", ":")).encode()
    return service.Answer(response.status_code, dict(response.headers), raw)


def respond(
    ctx: Any,
    scope: str,
    key: str,
    call: Callable[[], Response],
    *,
    wait_seconds: float = 0.0,
    keep: Callable[[Response], Response] | None = None,
) -> Response:
    """``call()`` at most once for (scope, key); a retry gets the stored answer (``keep`` of the
    first answer, when given: what a replay should show instead of it)."""
    fingerprint = rules.fingerprint(ctx.method, ctx.path, ctx.query, ctx.raw_body)
    produced: list[Response] = []

    def run() -> service.Answer:
        response = call()
        produced.append(response)
        return _answer(keep(response) if keep else response)

    answer, replayed = service.run(scope, key, fingerprint, run, wait_seconds=wait_seconds)
    if not replayed:
        return produced[0]
    headers: dict[str, Any] = dict(answer.headers)
    headers[rules.REPLAYED_HEADER] = "true"
    return Response(
        body=answer.body.decode("utf-8", errors="replace"),
        status_code=answer.status,
        headers=headers,
    )
