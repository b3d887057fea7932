"""Creating what the application needs to start: tables, the exports bucket, and the provider
organization with its first admin.

The local stack runs all of it at every start (idempotently). For a deployed stage the tables
and bucket come from CloudFormation; create the first admin once with::

    TABLE_PREFIX=<stack>- AWS_REGION=<region> python -m chalicelib.bootstrap admin@example.com

which asks for the password (or reads CONSOLE_ADMIN_PASSWORD).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import uuid

from chalicelib import clock
from chalicelib.domain.passwords import require_console_password
from chalicelib.domain.principal import system_principal
from chalicelib.domain.roles import OrgType, Role
from chalicelib.services.credentials import hash_password
from chalicelib.settings import get_settings
from chalicelib.store import organizations as orgs
from chalicelib.store import users
from chalicelib.store.aws import client
from chalicelib.store.models import ALL_MODELS, UserItem


def create_tables() -> list[str]:
    """Create every missing table (PAY_PER_REQUEST, indexes, TTL); return their names."""
    created = []
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
            created.append(model.Meta.table_name)
    return created


def ensure_exports_bucket() -> str:
    s3 = client("s3")
    bucket = get_settings().exports_bucket
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        region = get_settings().aws_region
        kwargs = {}
        if region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        s3.create_bucket(Bucket=bucket, **kwargs)
    return bucket


def ensure_exports_queue() -> str:
    """The export queue (its URL); in AWS, CloudFormation creates it with its dead-letter queue."""
    settings = get_settings()
    if settings.exports_queue_url:
        return settings.exports_queue_url
    sqs = client("sqs")
    return sqs.create_queue(
        QueueName=settings.exports_queue_name, Attributes={"VisibilityTimeout": "960"}
    )["QueueUrl"]


def ensure_usage_queue() -> str:
    """The usage aggregation's shard queue (its URL); in AWS, CloudFormation creates it with
    its dead-letter queue."""
    settings = get_settings()
    if settings.usage_queue_url:
        return settings.usage_queue_url
    return client("sqs").create_queue(
        QueueName=settings.usage_queue_name, Attributes={"VisibilityTimeout": "960"}
    )["QueueUrl"]


def ensure_notifications_queue() -> str:
    """The notification queue (e-mails, webhook deliveries); in AWS, CloudFormation creates it
    with its dead-letter queue and alarm."""
    settings = get_settings()
    if settings.notifications_queue_url:
        return settings.notifications_queue_url
    return client("sqs").create_queue(
        QueueName=settings.notifications_queue_name, Attributes={"VisibilityTimeout": "120"}
    )["QueueUrl"]


def ensure_mail_identity() -> str | None:
    """Locally (the embedded SES), the sender address is verified so that SES accepts mail
    from it; deployed stacks verify their identity in SES once, outside the app."""
    sender = get_settings().notification_sender
    if sender and get_settings().stage == "local":
        client("ses").verify_email_identity(EmailAddress=sender)
    return sender or None


def ensure_provider_admin(email: str, password: str, name: str = "Provider admin") -> str:
    """Create the provider organization and its first admin unless they exist; return a line
    saying what happened. Re-running never changes an existing user's password."""
    system = system_principal("bootstrap")
    provider = orgs.find_provider()
    if provider is None:
        provider = orgs.create(system, orgs.new_org(OrgType.PROVIDER, "Provider", None))
    existing = users.find_by_email(email)
    if existing is not None:
        return f"{existing.email} already exists (role {existing.role})"
    require_console_password(password, email)
    now = clock.iso(clock.now())
    users.create(
        system,
        UserItem(
            id=str(uuid.uuid4()),
            email=email,
            email_lower=email.lower(),
            name=name,
            role=str(Role.ADMIN),
            org_id=provider.id,
            path=provider.path,
            org_type=provider.type,
            password_hash=hash_password(password),
            created_at=now,
            updated_at=now,
        ),
    )
    return f"created {email} as provider admin"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Create the provider organization and its first admin in a deployed stage."
    )
    parser.add_argument("email", help="The first provider admin's email address.")
    args = parser.parse_args(argv)
    password = os.environ.get("CONSOLE_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    try:
        print(ensure_provider_admin(args.email, password))
    except Exception as exc:
        print(f"bootstrap failed: {getattr(exc, 'message', exc)}", file=sys.stderr)
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
