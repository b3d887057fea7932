"""``make run DEMO=1``: a living console at once.

Creates, through the API itself (in-process, against the local AWS): a distributor and its
admin, two contracts (a 200 TB reservation and a 20 TB one for pay-per-use partners), twelve
partners (eight with reservations, four pay-per-use) with a partner admin, three storage
accounts per partner with a few objects in their buckets, and a metering key. Then it writes 60
days of usage history (a sample per account per day, and every hour for the last two days;
the hours between carry forward): the aggregation loads the whole days at once
(``usage_aggregation.load_history``, the rules of a run applied in this process, written in
bulk) and one run does the last day.

The history is made up and counted in terabytes, while the objects in the buckets are a few
kilobytes. So that the demo stays true after any number of metering and aggregation runs, the
local metering of each demo account adds its made-up volume (the history's last value, growing
at the history's rate) to what its buckets really hold (``_sustain``); accounts created by hand
are measured as they are. Idempotent: a second run finds the distributor and does nothing.
"""

from __future__ import annotations

import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TB = 10**12
GB = 10**9
PASSWORD = "Demo-Passw0rd!"  # noqa: S105 - documented local demo login
DISTRIBUTOR_EMAIL = "distributor@demo.example.com"
PARTNER_EMAIL = "partner@demo.example.com"
DISTRIBUTOR = "Northwind Distribution (demo)"
HISTORY_DAYS = 60
#: Partners whose accounts, and accounts whose buckets and objects, are made at the same time.
WORKERS = 4


class _Api:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.token: str | None = None

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if token or self.token:
            headers["Authorization"] = f"Bearer {token or self.token}"
        reply = self.client.http.request(
            method, path, headers=headers, body=json.dumps(body).encode() if body else b""
        )
        if reply.status_code >= 300:
            raise RuntimeError(f"demo: {method} {path} -> {reply.status_code} {reply.body!r}")
        return json.loads(reply.body) if reply.body else None

    def login(self, email: str, password: str) -> str:
        return self.call("POST", "/v1/auth/login", {"email": email, "password": password})["token"]


def load(app: Any, admin_email: str, admin_password: str) -> list[str]:
    """Fills the local stack; answers the lines to print (logins and what was made)."""
    from chalice.test import Client

    started = time.perf_counter()
    with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
        api = _Api(client)
        api.token = api.login(admin_email, admin_password)
        existing = api.call("GET", "/v1/organizations?type=distributor&limit=1000")
        if any(o["name"] == DISTRIBUTOR for o in existing):
            return [f"Demo data is already loaded ({DISTRIBUTOR}).", *_logins(None)]
        made = _channel(api)
    channel_done = time.perf_counter()
    history = _history(made["accounts"])["samples"]
    _sustain(made["accounts"])
    from chalicelib.services import usage

    history_done = time.perf_counter()
    summary = usage.run_aggregation()
    took = time.perf_counter() - started
    return [
        f"Demo data loaded in {took:.1f}s: 1 distributor, 2 contracts, {made['partners']} "
        f"partners, {len(made['accounts'])} storage accounts, {history:,} usage samples over "
        f"{HISTORY_DAYS} days (aggregated: {len(summary['days_recomputed'])} days, "
        f"usage up to {summary['usage_updated_at']}). Channel "
        f"{channel_done - started:.1f}s, history {history_done - channel_done:.1f}s, "
        f"aggregation {took - (history_done - started):.1f}s.",
        *_logins(made["meter"]),
    ]


def _logins(meter: str | None) -> list[str]:
    lines = [
        "Demo logins (password for both: " + PASSWORD + "):",
        f"  distributor admin  {DISTRIBUTOR_EMAIL}",
        f"  partner admin      {PARTNER_EMAIL}",
    ]
    if meter:
        lines.append(f"  metering API key   {meter}  (shown once; posts usage samples)")
    return lines


def _channel(api: _Api) -> dict[str, Any]:
    from chalicelib import clock

    dist = api.call("POST", "/v1/organizations", {"type": "distributor", "name": DISTRIBUTOR})
    api.call(
        "POST",
        f"/v1/organizations/{dist['id']}/members",
        {
            "email": DISTRIBUTOR_EMAIL,
            "name": "Dana Distributor",
            "password": PASSWORD,
            "role": "admin",
        },
    )
    today = clock.now().date()
    contracts = []
    for details, reserved, price in (
        ("Northwind frame agreement", 200 * TB, 1.2),
        ("Northwind pay-per-use", 20 * TB, 2.0),
    ):
        contracts.append(
            api.call(
                "POST",
                "/v1/contracts",
                {
                    "organizationId": dist["id"],
                    "details": details,
                    "reservedCapacity": reserved,
                    "costStorageGBCents": price,
                    "currency": "EUR",
                    "startDate": (today - timedelta(days=365)).isoformat(),
                    "endDate": (today + timedelta(days=730)).isoformat(),
                },
            )
        )
    dist_token = api.login(DISTRIBUTOR_EMAIL, PASSWORD)
    names = [
        "Alpine Backup",
        "Baltic Cloud",
        "Cedar IT",
        "Delta Systems",
        "Elm Archive",
        "Fjord Data",
        "Granite MSP",
        "Harbor Hosting",
        "Iris Networks",
        "Juniper Ops",
        "Kestrel Storage",
        "Lumen Services",
    ]
    rng = random.Random(42)  # noqa: S311 - made-up demo figures
    partners = []
    for i, name in enumerate(names):
        pay_per_use = i >= 8
        allocation = 0 if pay_per_use else rng.choice((15, 20, 25)) * TB
        partner = api.call(
            "POST",
            "/v1/partner",
            {
                "distributorContractId": contracts[1 if pay_per_use else 0]["id"],
                "allocatedCapacity": allocation,
                "name": name,
            },
            token=dist_token,
        )
        partners.append((name, allocation, partner))
    first_partner = partners[0][2]

    def customers(entry: tuple[str, int, dict[str, Any]]) -> list[dict[str, Any]]:
        name, allocation, partner = entry
        made = []
        for n in range(3):
            quota = (allocation // 3) if allocation else 2 * TB
            account = api.call(
                "POST",
                f"/v1/partner/{partner['id']}/storage-accounts",
                {
                    "name": f"{name} customer {n + 1}",
                    "allocatedCapacity": quota,
                    "allowOverdraft": n != 0,
                    "clientAccount": {
                        "contactEmail": f"ops{n + 1}@{name.split()[0].lower()}.example.com",
                        "password": "Blue-Harbor-42",
                    },
                },
                token=dist_token,
            )
            made.append(
                {"id": account["clientAccountId"], "quota": quota, "partner": partner["id"]}
            )
        return made

    # partners one after the other (they share their contract's capacity), then their
    # customers' accounts side by side (each partner's own, in order)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        accounts = [a for made in pool.map(customers, partners) for a in made]
    api.call(
        "POST",
        f"/v1/partner/{first_partner['id']}/member",
        {"email": PARTNER_EMAIL, "name": "Pat Partner", "password": PASSWORD, "role": "admin"},
        token=dist_token,
    )
    expires = (clock.now() + timedelta(days=90)).isoformat()
    meter = api.call(
        "POST",
        "/v1/api-keys",
        {"description": "demo metering", "expiresAt": expires, "role": "metering"},
    )["key"]
    _objects(api, accounts)
    return {"partners": len(names), "accounts": accounts, "meter": meter}


def _objects(api: _Api, accounts: list[dict[str, Any]]) -> None:
    """A bucket per account with a few small objects, as a customer would have: through an S3
    access key made for the account (listed on its page), at the region's S3 endpoint, so they
    are real objects on whichever backend runs (moto, or Ceph RGW)."""
    import boto3
    from botocore.config import Config

    from chalicelib.settings import get_settings

    region = get_settings().aws_region

    def fill(numbered: tuple[int, dict[str, Any]]) -> None:
        i, account = numbered
        path = f"/v1/partner/{account['partner']}/storage-accounts/{account['id']}/access-keys"
        key = api.call("POST", path)
        s3 = boto3.client(
            "s3",
            region_name=region,
            endpoint_url=key["s3Endpoint"],
            aws_access_key_id=key["accessKeyId"],
            aws_secret_access_key=key["secretAccessKey"],
            config=Config(s3={"addressing_style": "path"}),
        )
        bucket = f"{get_settings().storage_prefix}-{account['id']}-files"  # valid on both backends
        if get_settings().storage_backend == "rgw":
            s3.create_bucket(Bucket=bucket)
        else:
            s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
        for k in range(1 + i % 3):
            s3.put_object(Bucket=bucket, Key=f"report-{k}.txt", Body=b"demo " * (200 * (k + 1)))

    # the accounts side by side, as customers would (the local AWS serialises what it must)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(fill, enumerate(accounts)))


def _history(accounts: list[dict[str, Any]]) -> dict[str, Any]:
    """Samples for the last 60 days (the API refuses samples older than 35 days), loaded at
    once by the aggregation's ``load_history``: it writes them in bulk and aggregates every
    whole day before today (before yesterday in the first hour of a day) in this process, with
    the rules of a run, so that the run that follows has only the last day to do."""
    from chalicelib import clock
    from chalicelib.domain import usage as rules
    from chalicelib.services import usage_aggregation
    from chalicelib.store.usage.samples import Sample

    rng = random.Random(7)  # noqa: S311 - made-up demo figures
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=HISTORY_DAYS)
    hourly_from = now - timedelta(days=2)
    samples = []
    for account in accounts:
        quota = account["quota"]
        value = rng.uniform(0.2, 0.6) * quota
        growth = rng.uniform(-0.002, 0.012)  # per day
        moment = start + timedelta(minutes=rng.randrange(60))
        while moment < now:
            step = timedelta(hours=1) if moment >= hourly_from else timedelta(days=1)
            share = step / timedelta(days=1)  # an hour grows by a 24th of a day's growth
            value = max(0.0, value * (1 + (growth + rng.uniform(-0.004, 0.004)) * share))
            samples.append(Sample(account["id"], clock.iso(moment), int(value)))
            moment += step
        account["last"], account["growth"], account["at"] = int(value), growth, now
    # every whole day before the latest complete hour's: the run publishes "Used" from that one
    until = rules.day_of(rules.last_complete_hour(clock.now()))
    return usage_aggregation.load_history(samples, until)


def _sustain(accounts: list[dict[str, Any]]) -> None:
    """The local metering of each demo account measures its buckets plus its made-up volume,
    continuing the history (its last value, growing at its daily rate), so that "Used" stays
    what the history says after any metering and aggregation run."""
    from chalicelib.store.backend import get_backend

    install_volumes(get_backend(), {a["id"]: (a["last"], a["growth"], a["at"]) for a in accounts})


def install_volumes(backend: Any, volumes: dict[str, tuple[int, float, Any]]) -> None:
    """Wraps ``backend.measure``: an account in ``volumes`` (id -> bytes, daily growth, since
    when) measures its real bytes plus that volume grown to now."""
    from chalicelib import clock

    real = backend.measure

    def measure(account_id: str) -> int:
        measured = int(real(account_id))
        if account_id not in volumes:
            return measured
        volume, growth, since = volumes[account_id]
        days = max(0.0, (clock.now() - since).total_seconds() / 86400)
        return measured + int(volume * (1 + growth) ** days)

    backend.measure = measure
