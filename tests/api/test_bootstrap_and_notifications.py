from __future__ import annotations

from chalicelib import bootstrap
from chalicelib.store.models import OrganizationItem, OutboxItem
from chalicelib.store.organizations import find_provider
from tests.api.conftest import ADMIN_EMAIL, PASSWORD


def test_bootstrap_is_idempotent(api):
    assert bootstrap.ensure_provider_admin(ADMIN_EMAIL, PASSWORD).startswith("created")
    again = bootstrap.ensure_provider_admin(ADMIN_EMAIL, "Something-Else-1!")
    assert "already exists" in again
    assert bootstrap.create_tables() == []
    provider = find_provider()
    assert provider.type == "provider" and provider.path == f"/{provider.id}/"
    assert OrganizationItem.count() == 1
    assert api.login(ADMIN_EMAIL, PASSWORD), "re-running never changes the password"


def test_bootstrap_cli_reads_the_password_from_the_environment(api, monkeypatch, capsys):
    monkeypatch.setenv("CONSOLE_ADMIN_PASSWORD", PASSWORD)
    bootstrap.main(["ops@example.com"])
    assert "created ops@example.com" in capsys.readouterr().out


def test_ses_adapter_sends_and_marks_the_outbox(api, monkeypatch):
    from chalicelib.services.notifications import notify
    from chalicelib.store.aws import client

    monkeypatch.setenv("NOTIFIER", "ses")
    monkeypatch.setenv("NOTIFICATION_SENDER", "no-reply@example.com")
    client("ses").verify_email_identity(EmailAddress="no-reply@example.com")
    assert notify("test", "ops@example.com", None, "Subject", "Body") == "sent"
    (item,) = [i for i in OutboxItem.scan() if i.kind == "test"]
    assert item.status == "sent" and item.sent_at


def test_ses_failure_leaves_the_message_pending(api, monkeypatch):
    from chalicelib.services.notifications import notify

    monkeypatch.setenv("NOTIFIER", "ses")
    monkeypatch.setenv("NOTIFICATION_SENDER", "")
    assert notify("test", "ops@example.com", None, "Subject", "Body") == "pending"
