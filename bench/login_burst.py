"""A burst of parallel password guesses for one email from one address, against a running
stack: how many passwords the server checked, and whether the right one, sent last, got in.

A password is checked by every request answered 401, plus the one request whose failed check
used the last attempt and locked the pair out (it answers 429 and records ``auth.lockout``).
Used by the integration test (which asserts) and by ``make bench`` (which prints the figures).
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests


@dataclass
class Burst:
    requests: int
    statuses: Counter
    passwords_checked: int
    right_password_status: int
    seconds: float


def burst(
    base: str,
    admin_token: str,
    email: str,
    user_id: str,
    right_password: str,
    *,
    guesses: int = 40,
    parallel: int = 32,
) -> Burst:
    """``guesses`` wrong passwords in parallel, then the right one as the last request."""
    passwords = [f"Wrong-Guess-{i}!" for i in range(guesses)] + [right_password]

    def attempt(password: str) -> int:
        return requests.post(
            f"{base}/v1/auth/login", json={"email": email, "password": password}, timeout=120
        ).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        statuses = list(pool.map(attempt, passwords))
    seconds = time.perf_counter() - started
    events = requests.get(
        f"{base}/v1/audit-events?action=auth.lockout",
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=30,
    ).json()
    lockouts = sum(1 for e in events if e["targetId"] == user_id)
    counted = Counter(statuses[:-1])
    return Burst(
        requests=len(passwords),
        statuses=counted,
        passwords_checked=counted[401] + lockouts,
        right_password_status=statuses[-1],
        seconds=seconds,
    )


def report(result: Burst) -> str:
    return (
        f"login burst: {result.requests} parallel attempts ({result.requests - 1} wrong, the "
        f"right one last): {result.passwords_checked} passwords checked, answers "
        f"{dict(sorted(result.statuses.items()))}, right password -> "
        f"{result.right_password_status}, {result.seconds:.2f} s"
    )
