"""E-mail that is really sent: recorded in the outbox, sent by the notification worker through
SES (the embedded one here), marked sent once, retried after a failure, never lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.services import notifications, sweep
from chalicelib.store.models import OutboxItem
from tests.api.notification_helpers import run_worker, sent_mail, take_messages


@pytest.fixture
def mail_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "mail"
    monkeypatch.setenv("MAIL_DIR", str(folder))
    monkeypatch.setenv("MAIL_RETRY_SCHEDULE", "1,1")
    return folder


def test_a_message_is_sent_once_and_written_as_eml(api, mail_dir):
    status = notifications.notify("test", "ops@example.com", None, "Subject å", "Body ü")
    assert status == "pending"
    assert run_worker(api) == ["sent"]

    (mail,) = sent_mail()
    assert set(mail["to"]) == {"ops@example.com"} and "Subject" in mail["raw"]
    (item,) = [i for i in OutboxItem.scan() if i.kind == "test"]
    assert item.status == "sent" and item.sent_at and item.attempts == 1
    assert item.queue is None  # off the sweep's index
    (eml,) = mail_dir.glob("*.eml")
    text = eml.read_text()
    assert "To: ops@example.com" in text and "X-Partner-Console-Kind: test" in text

    # the same message delivered again (SQS is at-least-once) sends nothing
    assert notifications.send_mail(item.id) == "skipped"
    assert len(sent_mail()) == 1


def _sender_unverified() -> None:
    """SES refuses mail from a sender that is not a verified identity."""
    from chalicelib.settings import get_settings
    from chalicelib.store.aws import client

    client("ses").delete_identity(Identity=get_settings().notification_sender)


def test_a_failed_send_is_retried_and_then_sent_once(api, mail_dir, clock):
    from chalicelib import bootstrap

    _sender_unverified()
    notifications.notify("test", "ops@example.com", None, "Retry me", "Body")
    assert run_worker(api) == ["retrying"]
    (item,) = [i for i in OutboxItem.scan() if i.kind == "test"]
    assert item.status == "pending" and item.attempts == 1
    assert "MessageRejected" in item.last_error
    assert sent_mail() == [] and list(mail_dir.glob("*.eml")) == []

    bootstrap.ensure_mail_identity()
    clock.advance(seconds=2)
    assert run_worker(api, wait=1.2) == ["sent"]
    item.refresh()
    assert item.status == "sent" and item.attempts == 2
    assert len(sent_mail()) == 1 and len(list(mail_dir.glob("*.eml"))) == 1


def test_a_message_that_keeps_failing_ends_failed_not_lost(api, mail_dir, clock):
    _sender_unverified()
    notifications.notify("test", "ops@example.com", None, "Never", "Body")
    assert run_worker(api) == ["retrying"]
    clock.advance(seconds=2)
    assert run_worker(api, wait=1.2) == ["retrying"]
    clock.advance(seconds=2)
    assert run_worker(api, wait=1.2) == ["failed"]
    (item,) = [i for i in OutboxItem.scan() if i.kind == "test"]
    assert item.status == "failed" and item.attempts == 3
    assert "MessageRejected" in item.last_error
    assert item.queue is None and sent_mail() == []


def test_the_sweep_sends_what_a_lost_queue_message_left_behind(api, mail_dir):
    notifications.notify("test", "ops@example.com", None, "Lost", "Body")
    assert len(take_messages()) == 1  # the queue message is gone; the record is not
    assert run_worker(api) == []
    summary = sweep.run()
    assert summary["mailsQueued"] == 1
    assert run_worker(api) == ["sent"]
    assert sweep.run()["mailsQueued"] == 0
    assert len(sent_mail()) == 1
