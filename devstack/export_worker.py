"""Runs the application's queue workers (its ``@app.on_sqs_message`` handlers: the export worker,
the usage aggregation's shard workers) on the local queues; ``chalice local`` runs no queue
consumers.

Polls the queue without long polling (the embedded moto server serialises every request, so a
waiting receive would hold up everything else), hands each message to the same handler the
worker Lambda runs, as an SQS event, and deletes it once handled. A message whose handling
raises stays in the queue and comes back after its visibility timeout, as in AWS.
"""

from __future__ import annotations

import threading
from typing import Any

from devstack.scheduler import pause


def queue_handlers(app: Any, app_module: Any) -> list[tuple[str, Any]]:
    """(queue name, handler) for every ``@app.on_sqs_message`` of the app."""
    from chalice.app import SQSEventConfig

    return [
        (source.queue, getattr(app_module, source.handler_string.rsplit(".", 1)[-1]))
        for source in app.event_sources
        if isinstance(source, SQSEventConfig)
    ]


def sqs_event(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": "local",
            }
        ]
    }


class ExportPoller(threading.Thread):
    def __init__(
        self,
        handler: Any,
        queue_url: str,
        *,
        interval: float = 0.5,
        log=print,
        label: str = "exports",
    ) -> None:
        super().__init__(daemon=True, name=f"local-{label}-worker")
        self.label = label
        self.handler = handler
        self.queue_url = queue_url
        self.interval = interval
        self.log = log
        self.stopped = threading.Event()

    def poll_once(self) -> int:
        from chalicelib.store.aws import client

        sqs = client("sqs")
        got = sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=0)
        messages = got.get("Messages", [])
        for message in messages:
            try:
                outcome = self.handler(sqs_event(message, f"local:{self.queue_url}"), None)
                self.log(f"[{self.label}] message {message['MessageId']}: {outcome}")
                sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
            except Exception as exc:  # left in the queue: it comes back, as in AWS
                self.log(f"[{self.label}] message {message['MessageId']} failed: {exc!r}")
        return len(messages)

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                if self.poll_once():
                    continue
            except Exception as exc:  # keep polling; the error is printed
                self.log(f"[{self.label}] polling failed: {exc!r}")
            pause(self.stopped, self.interval)

    def stop(self) -> None:
        self.stopped.set()
