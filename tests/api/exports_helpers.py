"""Driving exports in API tests: run the queued messages through the worker Lambda handler,
download the file from its presigned link, and read it back as CSV."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlparse

import requests

from tests.api.conftest import Api


def queue_url() -> str:
    from chalicelib.store import exports

    return exports.queue_url()


def sqs():
    from chalicelib.store.aws import client

    return client("sqs")


def take_messages() -> list[str]:
    bodies = []
    while True:
        got = sqs().receive_message(QueueUrl=queue_url(), MaxNumberOfMessages=10)
        messages = got.get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            bodies.append(message["Body"])
            sqs().delete_message(QueueUrl=queue_url(), ReceiptHandle=message["ReceiptHandle"])


def deliver(api: Api, bodies: list[str]) -> list[str]:
    """Invoke the SQS worker Lambda (the app.py shim) with these message bodies."""
    event = api.client.events.generate_sqs_event(bodies, queue_name="partner-console-exports")
    return api.client.lambda_.invoke("export_worker", event).payload


def run_worker(api: Api) -> list[str]:
    return deliver(api, take_messages())


def request(api: Api, body: dict, token="default") -> str:
    reply = api.post("/v1/exports", body, token=token)
    assert reply.status == 202, reply.json
    assert reply.json["status"] == "pending"
    return reply.json["id"]


def export(api: Api, body: dict, token="default") -> dict:
    """Request, run the worker, answer the export as ``GET /v1/exports/{id}`` shows it."""
    export_id = request(api, body, token)
    run_worker(api)
    reply = api.get(f"/v1/exports/{export_id}", token=token)
    assert reply.status == 200, reply.json
    return reply.json


def download(url: str) -> requests.Response:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    return response


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def rows_of(api: Api, body: dict, token="default") -> list[dict[str, str]]:
    done = export(api, body, token)
    assert done["status"] == "ready", done
    return read_csv(download(done["downloadUrl"]).content)


def link_params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def message_body(export_id: str) -> str:
    return json.dumps({"exportId": export_id})
