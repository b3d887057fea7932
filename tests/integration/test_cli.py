"""``partner-console`` (the CLI over the generated SDK) against the real local stack: profiles,
contracts and partners, storage accounts, usage as CSV, exports with wait and download, deals,
``--output json|csv``, the exit codes and the API's sentence on failure."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

from devstack.process import start_stack


def day(offset: int) -> str:
    """Today (the clock the stack sees too) plus ``offset`` days: contracts and deals relative
    to the clock, so the test does not depend on the day it runs."""
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


pytestmark = pytest.mark.integration
TB = 10**12
PASSWORD = "Sturdy-Passw0rd!"


@pytest.fixture(scope="module")
def stack():
    running = start_stack()
    yield running
    assert running.stop(timeout=60) == 0, running.log()[-3000:]


@pytest.fixture(scope="module")
def channel(stack) -> dict[str, str]:
    """A distributor with a 10 TB contract and an admin, through the API (provider's work)."""
    base = f"{stack.base_url}/v1"
    login = {"email": stack.admin_email, "password": stack.admin_password}
    provider = requests.post(f"{base}/auth/login", json=login, timeout=30).json()["token"]
    auth = {"Authorization": f"Bearer {provider}"}
    dist = requests.post(
        f"{base}/organizations",
        json={"type": "distributor", "name": "CLI Dist"},
        headers=auth,
        timeout=30,
    ).json()["id"]
    email = "cli-admin@dist.example"
    member = {"email": email, "password": PASSWORD, "role": "admin"}
    made = requests.post(
        f"{base}/organizations/{dist}/members", json=member, headers=auth, timeout=30
    )
    assert made.status_code == 201, made.text
    contract = {
        "organizationId": dist,
        "details": "CLI frame",
        "reservedCapacity": 10 * TB,
        "costStorageGBCents": 1.2,
        "currency": "EUR",
        "startDate": day(-30),
        "endDate": day(4 * 365),
    }
    contract_id = requests.post(
        f"{base}/contracts", json=contract, headers=auth, timeout=30
    ).json()["id"]
    return {"dist": dist, "email": email, "contract": contract_id}


@pytest.fixture
def cli(tmp_path, monkeypatch):
    from partner_console_cli.main import app

    monkeypatch.setenv("PARTNER_CONSOLE_CONFIG", str(tmp_path / "config.json"))
    for name in ("PARTNER_CONSOLE_URL", "PARTNER_CONSOLE_API_KEY", "PARTNER_CONSOLE_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def run(*args: str, code: int = 0, env: dict[str, str] | None = None):
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
        return result

    return run


def test_the_daily_jobs_from_a_terminal(stack, channel, cli, tmp_path):
    # an interactive-free login (password from the environment), saved as a session profile
    cli(
        "login",
        "--url",
        stack.base_url,
        "--email",
        channel["email"],
        env={"PARTNER_CONSOLE_PASSWORD": PASSWORD},
    )
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["profiles"]["default"]["token"]
    assert (tmp_path / "config.json").stat().st_mode & 0o077 == 0  # secrets: owner only
    listed = json.loads(cli("-o", "json", "contracts", "list").stdout)
    assert [c["id"] for c in listed] == [channel["contract"]]

    made = cli(
        "-o", "json", "partners", "create", "--name", "CLI MSP",
        "--contract", channel["contract"], "--allocation-tb", "2",
    )  # fmt: skip
    partner = json.loads(made.stdout)[0]["id"]
    rows = list(
        csv.DictReader(
            io.StringIO(
                cli("-o", "csv", "partners", "list", "--contract", channel["contract"]).stdout
            )
        )
    )
    assert [(r["name"], r["allocatedCapacity"]) for r in rows] == [("CLI MSP", str(2 * TB))]
    assert "2.000 TB" in cli("partners", "list", "--contract", channel["contract"]).stdout

    refused = cli("partners", "reallocate", partner, "--allocation-tb", "50", code=5)
    assert refused.stderr.startswith("Error: ") and "TB" in refused.stderr  # the API's sentence

    account = cli(
        "-o", "json", "accounts", "create", "--partner", partner, "--name", "Bäckerei Müller",
        "--email", "it@baeckerei.example", "--allocation-tb", "0.5",
        env={"PARTNER_CONSOLE_ACCOUNT_PASSWORD": PASSWORD},
    )  # fmt: skip
    account_id = json.loads(account.stdout)[0]["clientAccountId"]
    accounts = json.loads(cli("-o", "json", "accounts", "list", "--partner", partner).stdout)
    assert [a["clientAccountId"] for a in accounts] == [account_id]
    cli("accounts", "delete", account_id)
    restored = json.loads(cli("-o", "json", "accounts", "restore", account_id).stdout)[0]
    assert restored["clientAccountId"] == account_id and "pendingDeletedAt" not in restored

    today = datetime.now(UTC).date()
    usage = cli(
        "-o", "csv", "usage", "--from", (today - timedelta(days=2)).isoformat(),
        "--to", today.isoformat(),
    )  # fmt: skip
    assert usage.stdout.splitlines()[0] == "date,clientAccountId,name,usage,allocatedCapacity"

    saved = cli(
        "-o", "json", "exports", "request", "storageAccounts", "--format", "xlsx",
        "--download", str(tmp_path), "--timeout", "120",
    )  # fmt: skip
    export = json.loads(saved.stdout)[0]
    assert export["status"] == "ready" and export["rowCount"] == 1
    file = Path(export["savedTo"])
    assert file.suffix == ".xlsx" and file.read_bytes()[:2] == b"PK"
    assert export["id"] in cli("exports", "list").stdout

    deal = cli(
        "-o", "json", "deals", "register", "--customer", "Müller Logistik", "--country", "DE",
        "--capacity-tb", "250", "--close-date", day(120),
    )  # fmt: skip
    assert json.loads(deal.stdout)[0]["status"] == "submitted"
    assert "Müller Logistik" in cli("deals", "list").stdout
    deal_id = json.loads(deal.stdout)[0]["id"]
    withdrawn = cli("-o", "json", "deals", "withdraw", deal_id)
    assert json.loads(withdrawn.stdout)[0]["status"] == "withdrawn"


def test_key_profiles_exit_codes_and_the_installed_command(stack, channel, cli, tmp_path):
    base = f"{stack.base_url}/v1"
    login = {"email": channel["email"], "password": PASSWORD}
    token = requests.post(f"{base}/auth/login", json=login, timeout=30).json()["token"]
    expires = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    key = requests.post(
        f"{base}/api-keys",
        json={"description": "cli test", "expiresAt": expires, "role": "viewer"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()["key"]
    cli("-p", "ci", "profiles", "set", "--url", stack.base_url, "--api-key", key)
    assert "API key" in cli("profiles", "list").stdout and key not in cli("profiles", "list").stdout
    assert channel["contract"] in cli("-p", "ci", "contracts", "list").stdout
    # a viewer key may not create: the API's sentence, exit 3
    refused = cli(
        "-p", "ci", "partners", "create", "--name", "X", "--contract", channel["contract"],
        "--allocation-tb", "1", code=3,
    )  # fmt: skip
    assert refused.stderr.startswith("Error: ")
    assert cli("-p", "ci", "accounts", "restore", "999999999999", code=4).stderr
    cli("-p", "ci", "contracts", "list", code=3, env={"PARTNER_CONSOLE_API_KEY": "pck_wrong"})
    cli("-p", "ci", "contracts", "list", code=6, env={"PARTNER_CONSOLE_URL": "http://127.0.0.1:9"})
    bad = cli(
        "-p", "ci", "exports", "request", "usage", "--timeout", "5", code=1
    )  # usage needs a range: 400
    assert "from" in bad.stderr
    cli("exports", "request", code=2)  # the command line itself is wrong
    # the command installed into the virtualenv, with the key from the environment
    command = Path(sys.executable).parent / "partner-console"
    ran = subprocess.run(
        [str(command), "-o", "json", "contracts", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PARTNER_CONSOLE_URL": stack.base_url,
            "PARTNER_CONSOLE_API_KEY": key,
        },
    )
    assert ran.returncode == 0, ran.stderr
    assert [c["id"] for c in json.loads(ran.stdout)] == [channel["contract"]]


def test_login_with_a_second_factor_and_the_deal_review(stack, channel, cli, tmp_path):
    """``login --otp`` with the authenticator app's code, the prompt taking a recovery code, a
    wrong code refused with the API's sentence; the provider approves and rejects deals, the
    registrant closes one as won."""
    import pyotp

    base = f"{stack.base_url}/v1"
    email = "cli-totp@dist.example"
    provider = requests.post(
        f"{base}/auth/login",
        json={"email": stack.admin_email, "password": stack.admin_password},
        timeout=30,
    ).json()["token"]
    member = {"email": email, "password": PASSWORD, "role": "staff"}
    made = requests.post(
        f"{base}/organizations/{channel['dist']}/members",
        json=member,
        headers={"Authorization": f"Bearer {provider}"},
        timeout=30,
    )
    assert made.status_code == 201, made.text
    session = requests.post(
        f"{base}/auth/login", json={"email": email, "password": PASSWORD}, timeout=30
    ).json()["token"]
    own = {"Authorization": f"Bearer {session}"}
    secret = requests.post(f"{base}/me/mfa/totp", headers=own, timeout=30).json()["secret"]
    totp = pyotp.TOTP(secret)
    confirmed = requests.post(
        f"{base}/me/mfa/totp/confirm", json={"code": totp.now()}, headers=own, timeout=30
    )
    assert confirmed.status_code == 200, confirmed.text
    recovery = confirmed.json()["recoveryCodes"]

    env = {"PARTNER_CONSOLE_PASSWORD": PASSWORD}
    login = ["login", "--url", stack.base_url, "--email", email]
    wrong = cli(*login, "--otp", "000000", env=env, code=3)
    assert wrong.stderr.startswith("Error: ")
    # the code the app shows one step ahead (the confirmation used this step's)
    ahead = totp.at(datetime.now(UTC).timestamp() + 30)
    cli(*login, "--otp", ahead, env=env)
    assert json.loads(cli("-o", "json", "contracts", "list").stdout)[0]["id"] == channel["contract"]
    prompted = CliRunner().invoke(
        __import__("partner_console_cli.main", fromlist=["app"]).app,
        login,
        env=env,
        input=f"{recovery[0]}\n",
    )
    assert prompted.exit_code == 0, (prompted.stdout, prompted.stderr)
    assert "Code from your authenticator app" in prompted.stdout
    registered = []
    for customer in ("Approve GmbH", "Reject AG"):
        deal = cli(
            "-o", "json", "deals", "register", "--customer", customer, "--country", "DE",
            "--capacity-tb", "150", "--close-date", day(210),
        )  # fmt: skip
        registered.append(json.loads(deal.stdout)[0]["id"])
    refused = cli("deals", "approve", registered[0], "--reason", "fine", code=3)  # not the provider
    assert refused.stderr.startswith("Error: ")

    cli("-p", "provider", "login", "--url", stack.base_url, "--email", stack.admin_email,
        env={"PARTNER_CONSOLE_PASSWORD": stack.admin_password})  # fmt: skip
    approved = cli("-p", "provider", "-o", "json", "deals", "approve", registered[0],
                   "--reason", "Volume confirmed")  # fmt: skip
    assert json.loads(approved.stdout)[0]["status"] == "approved"
    rejected = cli("-p", "provider", "-o", "json", "deals", "reject", registered[1],
                   "--reason", "Duplicate of an existing deal")  # fmt: skip
    assert json.loads(rejected.stdout)[0]["status"] == "rejected"
    again = cli("-p", "provider", "deals", "approve", registered[1], "--reason", "x", code=5)
    assert again.stderr.startswith("Error: ")
    won = cli("-o", "json", "deals", "close", registered[0], "--won")
    assert json.loads(won.stdout)[0]["status"] == "won"
