"""The real embedded stack (`make run`'s program) on free ports, over HTTP."""

from __future__ import annotations

import re
import urllib.parse

import pytest
import requests

from bench.login_burst import burst
from bench.login_burst import report as burst_report
from bench.race import race, report
from devstack.process import start_stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack():
    running = start_stack()
    print(f"\nlocal stack ready in {running.seconds_to_ready:.2f}s")
    yield running
    assert running.stop() == 0, running.log()[-3000:]


@pytest.fixture(scope="module")
def admin_token(stack) -> str:
    reply = requests.post(
        f"{stack.base_url}/v1/auth/login",
        json={"email": stack.admin_email, "password": stack.admin_password},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["token"]


def test_public_routes_and_offline_swagger_ui(stack):
    regions = requests.get(f"{stack.base_url}/v1/integration/regions/list", timeout=10)
    assert regions.status_code == 200
    assert regions.json()["regions"][0]["s3_url"] == stack.aws_url
    document = requests.get(f"{stack.base_url}/v1/openapi.json", timeout=10)
    assert document.status_code == 200 and document.json()["openapi"] == "3.1.0"
    page = requests.get(f"{stack.base_url}/v1/swagger/", timeout=10)
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    for asset in re.findall(r'(?:src|href)="(/v1/swagger/[^"]+)"', page.text):
        assert requests.get(stack.base_url + asset, timeout=10).status_code == 200


def test_unknown_paths_and_methods_answer_the_envelope(stack):
    unknown = requests.get(f"{stack.base_url}/v1/nowhere", timeout=10)
    assert unknown.status_code == 404
    assert set(unknown.json()) == {"code", "message", "details"}
    assert unknown.headers["X-Request-Id"]
    wrong = requests.delete(f"{stack.base_url}/v1/integration/regions/list", timeout=10)
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"


def test_bootstrapped_admin_can_log_in(stack, admin_token):
    me = requests.get(
        f"{stack.base_url}/v1/me", headers={"Authorization": f"Bearer {admin_token}"}, timeout=10
    )
    assert me.status_code == 200
    assert me.json()["organization"]["type"] == "provider"
    assert me.json()["user"]["email"] == stack.admin_email


def test_presigned_links_download_from_the_local_stack(stack, monkeypatch):
    """What exports will hand out: SigV4, path-style, downloadable with plain HTTP."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", stack.aws_url)
    from chalicelib.settings import get_settings
    from chalicelib.store.aws import client

    s3 = client("s3")
    bucket = get_settings().exports_bucket
    s3.put_object(Bucket=bucket, Key="probe.csv", Body=b"a,b\n1,2\n")
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "probe.csv"}, ExpiresIn=900
    )
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    assert url.startswith(f"{stack.aws_url}/{bucket}/probe.csv?")
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Expires"] == ["900"]
    download = requests.get(url, timeout=10)
    assert download.status_code == 200 and download.content == b"a,b\n1,2\n"


def test_capacity_holds_under_parallel_clicks(stack, admin_token):
    """>= 32 parallel creates, re-allocations and transfers (and deletes and reserve changes)
    racing on the same contracts: counters equal the partners' sum, never above the reserve,
    and nobody gets a 5xx."""
    result = race(stack.base_url, admin_token, parallel=32)
    print("\n" + report(result))
    assert not result["problems"], result["problems"]
    for outcome in result["outcomes"]:
        assert outcome.requests >= 32
        unexpected = {s: n for s, n in outcome.statuses.items() if s not in (200, 201, 204, 409)}
        assert not unexpected, (outcome.phase, outcome.statuses)
    create = result["outcomes"][0]
    assert create.statuses[201] == 33 and create.statuses[409] == 7, create.statuses
    assert stack.process.poll() is None


def test_a_burst_of_parallel_guesses_checks_at_most_the_limit(stack, admin_token):
    """40 simultaneous wrong passwords, then the right one: at most LOGIN_MAX_FAILURES (5)
    passwords are checked, everything else is 429, and the right password does not get in."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    org = requests.post(
        f"{stack.base_url}/v1/organizations",
        json={"type": "distributor", "name": "Burst target"},
        headers=headers,
        timeout=30,
    ).json()["id"]
    password = "Burst-Target-Passw0rd!"
    member = requests.post(
        f"{stack.base_url}/v1/organizations/{org}/members",
        json={"email": "burst@example.com", "password": password, "role": "admin"},
        headers=headers,
        timeout=30,
    ).json()
    result = burst(stack.base_url, admin_token, member["email"], member["id"], password)
    print("\n" + burst_report(result))
    assert result.passwords_checked <= 5
    assert set(result.statuses) <= {401, 429}, result.statuses
    assert result.statuses[401] == 4 and result.statuses[429] == 36
    assert result.right_password_status == 429


def test_ctrl_c_stops_everything():
    running = start_stack()
    assert running.stop() == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{running.aws_url}/", timeout=2)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{running.base_url}/v1/openapi.json", timeout=2)


def test_storage_accounts_race_under_one_partner(stack, admin_token):
    """>= 32 racing creates and re-allocations: counters equal the sums, never above the
    partner's allocation, no 5xx (the serialised moto behaves as DynamoDB does)."""
    from bench.account_race import account_race
    from bench.account_race import report as account_report

    result = account_race(stack.base_url, admin_token, stack.aws_url)
    print("\n" + account_report(result))
    assert result["outcome"].requests >= 32
    assert result["problems"] == []
    assert set(result["outcome"].statuses) <= {200, 201, 409}
    assert 409 in result["outcome"].statuses, "more was asked than fits"


def test_a_partner_admin_manages_storage_accounts_on_the_local_stack(stack, admin_token):
    """The README walk-through: create, list, patch, delete, restore; the IAM user and its
    deny-writes policy change in the embedded AWS."""
    import boto3

    from bench.race import Client, login, setup_channel

    provider = Client(stack.base_url, admin_token)
    channel = setup_channel(stack.base_url, provider, reserve_tb=10, small_tb=1)
    dist = Client(stack.base_url, channel["token"])
    partner = dist.call(
        "POST",
        "/v1/partner",
        {"distributorContractId": channel["main"], "allocatedCapacity": 5 * 10**12, "name": "P"},
    ).json()["id"]
    email, password = "walkthrough-admin@example.com", "Walk-Through-1!"
    assert (
        dist.call(
            "POST",
            f"/v1/partner/{partner}/member",
            {"email": email, "name": "Pat", "password": password, "role": "admin"},
        ).status_code
        == 201
    )
    me = Client(stack.base_url, login(stack.base_url, email, password))
    created = me.call(
        "POST",
        "/v1/storage-account",
        {
            "name": "Acme GmbH",
            "allocatedCapacity": 2 * 10**12,
            "allowOverdraft": False,
            "clientAccount": {"contactEmail": "it@acme.example", "password": "Blue-Harbor-42"},
        },
    )
    assert created.status_code == 201, created.text
    aid = created.json()["clientAccountId"]
    assert [a["clientAccountId"] for a in me.call("GET", "/v1/storage-account/list").json()] == [
        aid
    ]
    patched = me.call("PATCH", f"/v1/storage-account/{aid}", {"allocatedCapacity": 3 * 10**12})
    assert patched.status_code == 200 and patched.json()["allocatedCapacity"] == 3 * 10**12
    iam = boto3.client(
        "iam",
        endpoint_url=stack.aws_url,
        region_name="eu-central-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    user = f"pcs-{aid}"
    assert me.call("DELETE", f"/v1/storage-account/{aid}").status_code == 204
    assert "suspended" in iam.list_user_policies(UserName=user)["PolicyNames"]
    restored = me.call("PATCH", f"/v1/storage-account/{aid}", {"pendingDeletedAt": None})
    assert restored.status_code == 200 and restored.json()["status"] == "active"
    assert "suspended" not in iam.list_user_policies(UserName=user)["PolicyNames"]


def test_sixteen_identical_creates_with_one_key_have_exactly_one_effect(stack, admin_token):
    """16 identical POST /v1/partner with one Idempotency-Key at the same instant, against the
    serialised embedded AWS: one partner, one allocation counted; every other answer is the
    stored 201 (replayed) or 409 in progress. The same burst without a key creates 16."""
    from bench.idempotency_race import TB, idempotency_race
    from bench.idempotency_race import report as retry_report

    result = idempotency_race(stack.base_url, admin_token, parallel=16)
    print("\n" + retry_report(result))
    baseline, keyed = result["baseline"], result["keyed"]
    assert baseline.partners_created == 16 and baseline.statuses[201] == 16
    assert keyed.partners_created == 1 and keyed.allocated == TB
    assert set(keyed.statuses) <= {201, 409}, keyed.statuses
    assert keyed.statuses[201] - keyed.replayed == 1
    assert len(keyed.bodies) == 1, "every 201 is the same answer"
    late = result["late_retry"]
    assert late.status_code == 201 and late.headers["Idempotent-Replayed"] == "true"
    assert late.text in keyed.bodies
