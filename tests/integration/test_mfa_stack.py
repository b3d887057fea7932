"""Second factor against the real local stack (serialised moto, threaded server): a burst of
parallel wrong codes checks no more codes than the lockout allows."""

from __future__ import annotations

import pytest
import requests

from bench.mfa_burst import burst, enrolled_person, report
from devstack.process import start_stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack():
    running = start_stack()
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def test_a_burst_of_parallel_codes_checks_at_most_the_limit(stack):
    admin = requests.post(
        f"{stack.base_url}/v1/auth/login",
        json={"email": stack.admin_email, "password": stack.admin_password},
        timeout=30,
    ).json()["token"]
    password = "Burst-Target-Passw0rd!"
    email = "mfa-burst@example.com"
    user_id, secret = enrolled_person(stack.base_url, admin, email, password)
    result = burst(stack.base_url, admin, email, user_id, password, secret)
    print("\n" + report(result))
    assert result.codes_checked <= 5
    assert set(result.statuses) <= {401, 429}, result.statuses
    assert result.statuses[401] == 4 and result.statuses[429] == 36
    assert result.right_code_status == 429
