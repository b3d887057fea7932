"""The notification queue (SQS): e-mails to send and webhook deliveries to attempt. A message
only names the record to work on; the record (outbox message, delivery) holds the state, so a
message delivered twice, late or never changes nothing: the sweep re-queues what is due."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.observability import log_warning
from chalicelib.settings import get_settings
from chalicelib.store.aws import client


def queue_url() -> str:
    settings = get_settings()
    if settings.notifications_queue_url:
        return settings.notifications_queue_url
    return client("sqs").get_queue_url(QueueName=settings.notifications_queue_name)["QueueUrl"]


def enqueue(message: dict[str, Any], delay_seconds: int = 0) -> None:
    client("sqs").send_message(
        QueueUrl=queue_url(),
        MessageBody=json.dumps(message, sort_keys=True),
        DelaySeconds=max(0, min(900, int(delay_seconds))),
    )


def enqueue_many(messages: list[dict[str, Any]]) -> None:
    """Up to ten messages per SendMessageBatch call."""
    url = queue_url()
    for start in range(0, len(messages), 10):
        chunk = messages[start : start + 10]
        client("sqs").send_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "MessageBody": json.dumps(m, sort_keys=True)}
                for i, m in enumerate(chunk)
            ],
        )


def queue_mail(message_id: str, delay: int = 0) -> None:
    """Ask the worker to send a recorded message (``outbox``). If the queue refuses, the
    message stays due in the outbox and the sweep queues it again."""
    try:
        enqueue({"mail": message_id}, delay)
    except Exception as exc:
        log_warning("mail not queued", outbox_id=message_id, error=type(exc).__name__)
