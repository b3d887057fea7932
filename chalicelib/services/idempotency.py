"""Running a request at most once per ``Idempotency-Key`` (rules in ``domain/idempotency.py``,
records in ``store/idempotency.py``). The API middleware and the console's form dispatch both
call ``run`` with the caller's scope, the key, the request's fingerprint and the request itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from chalicelib import clock
from chalicelib.domain import idempotency as rules
from chalicelib.errors import Conflict, Unprocessable
from chalicelib.store import idempotency as store


@dataclass
class Answer:
    """An HTTP answer as the store keeps it."""

    status: int
    headers: dict[str, object] = field(default_factory=dict)
    body: bytes = b""


def in_progress() -> Conflict:
    return Conflict(
        "A request with this Idempotency-Key is still being processed; retry it in a moment "
        "to get its answer.",
        code="idempotency_in_progress",
        headers={"Retry-After": "1"},
    )


def reused() -> Unprocessable:
    return Unprocessable(
        "This Idempotency-Key was already used for a different request (method, path or body) "
        "in the last 24 hours; use a new key for a new request.",
        code="idempotency_key_reused",
        details=[{"field": rules.HEADER, "location": "header", "message": "Key already used."}],
    )


def scope_of(org_id: str, credential_id: str) -> str:
    """Keys are scoped to the caller's organization and credential (person or API key)."""
    return f"{org_id}|{credential_id}"


def _stored(answer: Answer) -> tuple[dict[str, object], bytes]:
    headers = {
        name: value
        for name, value in answer.headers.items()
        if name.lower() in {h.lower() for h in rules.REPLAYED_HEADERS}
    }
    content_type = str(answer.headers.get("Content-Type", ""))
    return headers, rules.strip_secrets(answer.body, content_type)


def run(
    scope: str,
    key: str,
    fingerprint: str,
    call: Callable[[], Answer],
    *,
    wait_seconds: float = 0.0,
) -> tuple[Answer, bool]:
    """Run ``call`` once for (scope, key); answer (its answer, replayed?).

    While the first request is running, waits up to ``wait_seconds`` for its answer (the
    console does, so a double click shows the first click's result), then raises 409
    ``idempotency_in_progress``; another request under the same key raises 422
    ``idempotency_key_reused``.
    """
    record_id = rules.record_id(scope, key)
    deadline = time.monotonic() + wait_seconds
    while True:
        outcome = store.claim(
            record_id,
            fingerprint,
            lease=timedelta(seconds=rules.LEASE_SECONDS),
            retention=timedelta(hours=rules.RETENTION_HOURS),
        )
        if isinstance(outcome, store.Claim):
            break
        decision = rules.decide(rules.Recorded(outcome.fingerprint, outcome.finished), fingerprint)
        if decision is rules.Outcome.REUSED:
            raise reused()
        if decision is rules.Outcome.REPLAY:
            return Answer(
                int(outcome.status or 200), dict(outcome.headers or {}), outcome.body
            ), True
        if time.monotonic() >= deadline:
            raise in_progress()
        time.sleep(0.1)
    try:
        answer = call()
    except BaseException:
        store.release(outcome)
        raise
    if not rules.storable(answer.status):
        store.release(outcome)
        return answer, False
    headers, body = _stored(answer)
    store.finish(outcome, answer.status, headers, body, clock.now())
    return answer, False
