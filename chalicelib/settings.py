"""Configuration, read lazily from the environment.

Nothing here runs at import time: Lambda, the local stack and the tests all set environment
variables (the tests' chalice Client only during a call), and every caller asks
``get_settings()`` when it needs a value. The result is cached per distinct environment, so a
call costs one tuple of ``os.environ`` look-ups.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache

from chalicelib.domain.delivery import parse_schedule
from chalicelib.errors import ConfigurationError

# Every variable this module reads, with its default (None = required when used).
DEFAULTS: dict[str, str | None] = {
    "STAGE": "local",
    "AWS_REGION": None,
    "AWS_DEFAULT_REGION": "eu-central-1",
    "TABLE_PREFIX": "partner-console-local-",
    "EXPORTS_BUCKET": "partner-console-local-exports",
    "REGIONS": "[]",
    "SECRET_KEY": None,
    "SECRET_KEY_ARN": None,
    "SESSION_IDLE_MINUTES": "30",
    "SESSION_LIFETIME_DAYS": "30",
    "LOGIN_MAX_FAILURES": "5",
    "LOGIN_FAILURE_WINDOW_MINUTES": "15",
    "LOGIN_LOCKOUT_MINUTES": "15",
    "API_KEY_MAX_DAYS": "397",
    "ARGON2_TIME_COST": "3",
    "ARGON2_MEMORY_KIB": "65536",
    "ARGON2_PARALLELISM": "4",
    "NOTIFIER": "outbox",
    "NOTIFICATION_SENDER": "",
    "LOG_LEVEL": "INFO",
    "PUBLIC_BASE_URL": "",
    "EXPORTS_QUEUE_URL": "",
    "EXPORTS_QUEUE_NAME": "partner-console-exports",
    "EXPORT_LINK_SECONDS": "900",
    "USAGE_SHARDS": "8",
    "USAGE_QUEUE_URL": "",
    "USAGE_QUEUE_NAME": "partner-console-usage-shards",
    "USAGE_RUN_STALE_MINUTES": "60",
    "STORAGE_BACKEND": "s3iam",
    "STORAGE_PREFIX": "pcs",
    "DELETION_GRACE_DAYS": "30",
    "SAGA_STALE_MINUTES": "5",
    "NOTIFICATIONS_QUEUE_URL": "",
    "NOTIFICATIONS_QUEUE_NAME": "partner-console-notifications",
    "MAIL_DIR": "",
    "MAIL_RETRY_SCHEDULE": "30,120,600,1800,3600,7200,14400,28800",
    "WEBHOOK_RETRY_SCHEDULE": "5,300,1800,7200,18000,36000",
    "WEBHOOK_TIMEOUT_SECONDS": "10",
    "WEBHOOK_ALLOW_PRIVATE": "",
    "SSO_HTTP_TIMEOUT_SECONDS": "10",
    "CONSOLE_URL": "",
    "RGW_ENDPOINT": "",
    "RGW_ADMIN_ACCESS_KEY": "",
    "RGW_ADMIN_SECRET_KEY": "",
    "RGW_ADMIN_SECRET_ARN": "",
}


@dataclass(frozen=True)
class Region:
    name: str
    s3_url: str
    iam_url: str
    sts_url: str


@dataclass(frozen=True)
class Settings:
    stage: str
    aws_region: str
    table_prefix: str
    exports_bucket: str
    regions: tuple[Region, ...]
    secret_key: str | None
    secret_key_arn: str | None
    session_idle_minutes: int
    session_lifetime_days: int
    login_max_failures: int
    login_failure_window_minutes: int
    login_lockout_minutes: int
    api_key_max_days: int
    argon2_time_cost: int
    argon2_memory_kib: int
    argon2_parallelism: int
    notifier: str
    notification_sender: str
    log_level: str
    public_base_url: str
    exports_queue_url: str
    exports_queue_name: str
    export_link_seconds: int
    storage_backend: str = "s3iam"
    storage_prefix: str = "pcs"
    deletion_grace_days: int = 30
    saga_stale_minutes: int = 5
    #: Shards the usage aggregation fans out to (a power of two; see docs/usage.md#scaling).
    usage_shards: int = 8
    usage_queue_url: str = ""
    usage_queue_name: str = "partner-console-usage-shards"
    #: A queued run whose shards have not all finished after this long is resumed.
    usage_run_stale_minutes: int = 60
    notifications_queue_url: str = ""
    notifications_queue_name: str = "partner-console-notifications"
    mail_dir: str = ""
    mail_retry_schedule: tuple[int, ...] = (30, 120, 600, 1800, 3600, 7200, 14400, 28800)
    webhook_retry_schedule: tuple[int, ...] = (5, 300, 1800, 7200, 18000, 36000)
    webhook_timeout_seconds: float = 10.0
    #: http:// and loopback/private addresses for webhooks (the local stage only).
    webhook_allow_private: bool = False
    #: Timeout of each request to an organization's identity provider (discovery, keys, token).
    sso_http_timeout_seconds: float = 10.0
    #: Where e-mails link to (``https://console.example.com``); else ``PUBLIC_BASE_URL``.
    console_url: str = ""
    rgw_endpoint: str = ""
    rgw_admin_access_key: str = ""
    rgw_admin_secret_key: str = ""
    rgw_admin_secret_arn: str = ""

    def table_name(self, short_name: str) -> str:
        return f"{self.table_prefix}{short_name}"


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}.") from None


def _shards(raw: str) -> int:
    value = _int("USAGE_SHARDS", raw)
    if value < 1 or value > 1024 or value & (value - 1):
        raise ConfigurationError(f"USAGE_SHARDS must be a power of two from 1 to 1024, got {raw}.")
    return value


def _regions(raw: str) -> tuple[Region, ...]:
    try:
        items = json.loads(raw)
        return tuple(
            Region(name=i["name"], s3_url=i["s3_url"], iam_url=i["iam_url"], sts_url=i["sts_url"])
            for i in items
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise ConfigurationError(
            "REGIONS must be a JSON list of {name, s3_url, iam_url, sts_url} objects."
        ) from exc


def _flag(raw: str, *, default: bool) -> bool:
    """``1``/``true``/``yes`` or ``0``/``false``/``no``; empty means ``default``."""
    if not raw.strip():
        return default
    return raw.strip().lower() in ("1", "true", "yes")


def _schedule(name: str, raw: str) -> tuple[int, ...]:
    try:
        return parse_schedule(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name}: {exc}") from None


@lru_cache(maxsize=8)
def _build(values: tuple[str | None, ...]) -> Settings:
    env = dict(zip(DEFAULTS, values, strict=True))
    return Settings(
        stage=env["STAGE"],
        aws_region=env["AWS_REGION"] or env["AWS_DEFAULT_REGION"],
        table_prefix=env["TABLE_PREFIX"],
        exports_bucket=env["EXPORTS_BUCKET"],
        regions=_regions(env["REGIONS"]),
        secret_key=env["SECRET_KEY"],
        secret_key_arn=env["SECRET_KEY_ARN"],
        session_idle_minutes=_int("SESSION_IDLE_MINUTES", env["SESSION_IDLE_MINUTES"]),
        session_lifetime_days=_int("SESSION_LIFETIME_DAYS", env["SESSION_LIFETIME_DAYS"]),
        login_max_failures=_int("LOGIN_MAX_FAILURES", env["LOGIN_MAX_FAILURES"]),
        login_failure_window_minutes=_int(
            "LOGIN_FAILURE_WINDOW_MINUTES", env["LOGIN_FAILURE_WINDOW_MINUTES"]
        ),
        login_lockout_minutes=_int("LOGIN_LOCKOUT_MINUTES", env["LOGIN_LOCKOUT_MINUTES"]),
        api_key_max_days=_int("API_KEY_MAX_DAYS", env["API_KEY_MAX_DAYS"]),
        argon2_time_cost=_int("ARGON2_TIME_COST", env["ARGON2_TIME_COST"]),
        argon2_memory_kib=_int("ARGON2_MEMORY_KIB", env["ARGON2_MEMORY_KIB"]),
        argon2_parallelism=_int("ARGON2_PARALLELISM", env["ARGON2_PARALLELISM"]),
        notifier=env["NOTIFIER"],
        notification_sender=env["NOTIFICATION_SENDER"],
        log_level=env["LOG_LEVEL"],
        public_base_url=env["PUBLIC_BASE_URL"],
        exports_queue_url=env["EXPORTS_QUEUE_URL"],
        exports_queue_name=env["EXPORTS_QUEUE_NAME"],
        export_link_seconds=min(900, _int("EXPORT_LINK_SECONDS", env["EXPORT_LINK_SECONDS"])),
        storage_backend=env["STORAGE_BACKEND"],
        storage_prefix=env["STORAGE_PREFIX"],
        deletion_grace_days=_int("DELETION_GRACE_DAYS", env["DELETION_GRACE_DAYS"]),
        saga_stale_minutes=_int("SAGA_STALE_MINUTES", env["SAGA_STALE_MINUTES"]),
        notifications_queue_url=env["NOTIFICATIONS_QUEUE_URL"],
        notifications_queue_name=env["NOTIFICATIONS_QUEUE_NAME"],
        mail_dir=env["MAIL_DIR"],
        mail_retry_schedule=_schedule("MAIL_RETRY_SCHEDULE", env["MAIL_RETRY_SCHEDULE"]),
        webhook_retry_schedule=_schedule("WEBHOOK_RETRY_SCHEDULE", env["WEBHOOK_RETRY_SCHEDULE"]),
        webhook_timeout_seconds=float(
            _int("WEBHOOK_TIMEOUT_SECONDS", env["WEBHOOK_TIMEOUT_SECONDS"])
        ),
        sso_http_timeout_seconds=float(
            _int("SSO_HTTP_TIMEOUT_SECONDS", env["SSO_HTTP_TIMEOUT_SECONDS"])
        ),
        console_url=env["CONSOLE_URL"],
        webhook_allow_private=_flag(env["WEBHOOK_ALLOW_PRIVATE"], default=env["STAGE"] == "local"),
        rgw_endpoint=env["RGW_ENDPOINT"],
        rgw_admin_access_key=env["RGW_ADMIN_ACCESS_KEY"],
        rgw_admin_secret_key=env["RGW_ADMIN_SECRET_KEY"],
        rgw_admin_secret_arn=env["RGW_ADMIN_SECRET_ARN"],
        usage_shards=_shards(env["USAGE_SHARDS"]),
        usage_queue_url=env["USAGE_QUEUE_URL"],
        usage_queue_name=env["USAGE_QUEUE_NAME"],
        usage_run_stale_minutes=_int("USAGE_RUN_STALE_MINUTES", env["USAGE_RUN_STALE_MINUTES"]),
    )


def get_settings() -> Settings:
    environ = os.environ
    return _build(tuple(environ.get(name, default) for name, default in DEFAULTS.items()))
