"""A burst of parallel second-factor guesses for one person from one address, against a running
stack: how many codes the server checked, and whether the right code, sent last, got in.

The person has a password and an authenticator app. The right password gives a ticket
(``mfaToken``); then ``guesses`` wrong codes go to ``POST /v1/auth/mfa`` in parallel, and the
right code last. A code is checked by every request answered 401 (``invalid_mfa_code``) plus
the one whose failed check used the last attempt and locked the pair out (it answers 429 and
records ``auth.lockout``). A bare baseline in the same run: the same burst against the
password (``bench.login_burst``). Used by the integration test (which asserts) and by
``make bench`` (which prints the figures).
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests


@dataclass
class MfaBurst:
    requests: int
    statuses: Counter
    codes_checked: int
    right_code_status: int
    seconds: float


def enrolled_person(base: str, admin_token: str, email: str, password: str) -> tuple[str, str]:
    """A distributor admin with TOTP on; answers (member id, TOTP secret)."""
    import pyotp

    headers = {"Authorization": f"Bearer {admin_token}"}
    org = requests.post(
        f"{base}/v1/organizations",
        json={"type": "distributor", "name": f"MFA burst {email}"},
        headers=headers,
        timeout=30,
    ).json()["id"]
    member = requests.post(
        f"{base}/v1/organizations/{org}/members",
        json={"email": email, "password": password, "role": "admin"},
        headers=headers,
        timeout=30,
    ).json()
    token = requests.post(
        f"{base}/v1/auth/login", json={"email": email, "password": password}, timeout=30
    ).json()["token"]
    mine = {"Authorization": f"Bearer {token}"}
    secret = requests.post(f"{base}/v1/me/mfa/totp", headers=mine, timeout=30).json()["secret"]
    confirmed = requests.post(
        f"{base}/v1/me/mfa/totp/confirm",
        json={"code": pyotp.TOTP(secret).now()},
        headers=mine,
        timeout=30,
    )
    assert confirmed.status_code == 200, confirmed.text
    return member["id"], secret


def burst(
    base: str,
    admin_token: str,
    email: str,
    user_id: str,
    password: str,
    secret: str,
    *,
    guesses: int = 40,
    parallel: int = 32,
) -> MfaBurst:
    import pyotp

    ticket = requests.post(
        f"{base}/v1/auth/login", json={"email": email, "password": password}, timeout=30
    ).json()["mfaToken"]
    right = pyotp.TOTP(secret).at(time.time() + 30)  # one step ahead: not the enrolment's
    wrong = [f"{(int(right) + 1 + i) % 1_000_000:06d}" for i in range(guesses)]

    def attempt(code: str) -> int:
        return requests.post(
            f"{base}/v1/auth/mfa", json={"mfaToken": ticket, "code": code}, timeout=120
        ).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        statuses = list(pool.map(attempt, [*wrong, right]))
    seconds = time.perf_counter() - started
    events = requests.get(
        f"{base}/v1/audit-events?action=auth.lockout",
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=30,
    ).json()
    lockouts = sum(1 for e in events if e["targetId"] == user_id)
    counted = Counter(statuses[:-1])
    return MfaBurst(
        requests=len(statuses),
        statuses=counted,
        codes_checked=counted[401] + lockouts,
        right_code_status=statuses[-1],
        seconds=seconds,
    )


def report(result: MfaBurst) -> str:
    return (
        f"second-factor burst: {result.requests} parallel codes on one ticket "
        f"({result.requests - 1} wrong, the right one last): {result.codes_checked} codes "
        f"checked, answers {dict(sorted(result.statuses.items()))}, right code -> "
        f"{result.right_code_status}, {result.seconds:.2f} s"
    )


def main() -> None:
    from bench.login_burst import burst as password_burst
    from bench.login_burst import report as password_report
    from devstack.process import start_stack

    stack = start_stack()
    try:
        admin = requests.post(
            f"{stack.base_url}/v1/auth/login",
            json={"email": stack.admin_email, "password": stack.admin_password},
            timeout=30,
        ).json()["token"]
        password = "Burst-Target-Passw0rd!"
        user_id, secret = enrolled_person(stack.base_url, admin, "mfa-burst@example.com", password)
        print(
            report(burst(stack.base_url, admin, "mfa-burst@example.com", user_id, password, secret))
        )
        base_id, _ = enrolled_person(stack.base_url, admin, "pw-burst@example.com", password)
        print(
            "baseline, "
            + password_report(
                password_burst(stack.base_url, admin, "pw-burst@example.com", base_id, password)
            )
        )
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
