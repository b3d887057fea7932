"""Driving the notification worker in API tests: take the queued messages and hand them to the
worker Lambda (the ``app.py`` shim), as SQS would; a loopback HTTP receiver for webhooks."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.api.conftest import Api


def take_messages(wait: float = 0.0) -> list[str]:
    """Every visible message now (after ``wait`` seconds of real time, for delayed ones)."""
    from chalicelib.store import notification_queue
    from chalicelib.store.aws import client

    if wait:
        time.sleep(wait)
    sqs, url = client("sqs"), notification_queue.queue_url()
    bodies = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        messages = got.get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def deliver(api: Api, bodies: list[str]) -> list[str]:
    if not bodies:
        return []
    event = api.client.events.generate_sqs_event(bodies, queue_name="partner-console-notifications")
    outcomes = []
    for one in event["Records"]:  # batch_size=1, as deployed
        single = {"Records": [one]}
        outcomes += api.client.lambda_.invoke("notification_worker", single).payload
    return outcomes


def run_worker(api: Api, wait: float = 0.0) -> list[str]:
    return deliver(api, take_messages(wait))


def sent_mail() -> list[dict]:
    """What the embedded SES accepted (moto keeps every sent message)."""
    from moto.backends import get_backend

    backend = get_backend("ses")["123456789012"]["eu-central-1"]
    return [
        {"source": m.source, "to": m.destinations, "raw": m.raw_data} for m in backend.sent_messages
    ]


@dataclass
class Receiver:
    """A real HTTP server on loopback that answers with the statuses it is told to (then 200),
    optionally stalling, and records every request."""

    statuses: list[int] = field(default_factory=list)
    stall_seconds: float = 0.0
    stall_first: int = 0
    requests: list[dict] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                index = len(receiver.requests)
                receiver.requests.append(
                    {"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                )
                if index < receiver.stall_first:
                    time.sleep(receiver.stall_seconds)
                status = receiver.statuses[index] if index < len(receiver.statuses) else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def bodies(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests]
