"""Alerts and webhooks, measured.

1. Delivery: events emitted (each in its own transaction, as a change would), dispatched, queued
   on SQS and sent by the notification worker's own function to a receiver on loopback, one
   worker, against moto in-process. Figures: events per second for a batch, and the latency
   from an event's commit to its receipt, event by event (p50/p95). Baseline in the same run:
   the same bodies POSTed to the same receiver with a bare ``http.client`` loop.
2. Rule evaluation in the usage aggregation: ``bench.usage_aggregation``'s channel (N accounts
   of 1 TB, partners of 100, two contracts) with five rules (three on every storage account,
   one on every partner, one on a contract), against the serialised moto server. Figure: the
   run's wall time with and without the evaluation (measured inside the same run), and the
   steady state (a rerun, nothing crossing).

``python -m bench.alerts --accounts 10000``; ``make bench`` runs a smaller size.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Receiver:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.count = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.times[self.headers.get("webhook-id", "")] = time.perf_counter()
                receiver.count += 1
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


_CALLS: dict[str, int] = {}


def _count(event_name: str = "", **kwargs: Any) -> None:
    service = event_name.split(".")[1] if "." in event_name else event_name
    _CALLS[service] = _CALLS.get(service, 0) + 1


def _drain(handle) -> int:
    from chalicelib.store import notification_queue
    from chalicelib.store.aws import client

    sqs, url = client("sqs"), notification_queue.queue_url()
    done = 0
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        messages = got.get("Messages", [])
        if not messages:
            return done
        for message in messages:
            import json

            handle(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            done += 1


def delivery(events: int = 300, single: int = 60) -> dict[str, Any]:
    import tests.conftest  # noqa: F401 - throw-away credentials, local stage settings

    os.environ.pop("AWS_ENDPOINT_URL", None)
    from moto import mock_aws

    receiver = _Receiver()
    with mock_aws():
        from chalicelib import bootstrap, clock
        from chalicelib.domain.principal import system_principal
        from chalicelib.services import dispatch, notifications, webhooks
        from chalicelib.store import events as event_store
        from chalicelib.store import webhooks as webhook_store
        from chalicelib.store.base import Tx
        from chalicelib.store.models import WebhookEndpointItem

        bootstrap.create_tables()
        bootstrap.ensure_notifications_queue()
        path = "/bench-provider/bench-dist/"
        now = clock.iso(clock.now())
        endpoint = WebhookEndpointItem(
            id="bench-endpoint",
            org_id="bench-dist",
            path=path,
            url=receiver.url,
            event_types=["*"],
            secret_box="",
            created_at=now,
            updated_at=now,
        )
        from chalicelib.services import sealed

        endpoint.secret_box = sealed.seal("whsec_QmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA==", endpoint.id)
        webhook_store.create(system_principal("bench"), endpoint)

        def emit() -> tuple[str, float]:
            tx = Tx()
            item = event_store.emit(tx, "deal.status_changed", path, {"dealId": "d", "n": 1})
            tx.commit()
            return item.id, time.perf_counter()

        from botocore.endpoint import Endpoint

        original = Endpoint.make_request

        def counted(self, operation_model, request_dict):
            _count(f"x.{operation_model.service_model.endpoint_prefix}")
            return original(self, operation_model, request_dict)

        Endpoint.make_request = counted
        # 1. a batch: emit, dispatch, one worker drains the queue
        _CALLS.clear()
        started = time.perf_counter()
        emitted = dict(emit() for _ in range(events))
        dispatch.dispatch_pending(limit=events)
        _drain(notifications.handle_message)
        batch_seconds = time.perf_counter() - started
        assert all(e in receiver.times for e in emitted), "not every event arrived"
        batch_latency = sorted(receiver.times[e] - t for e, t in emitted.items())
        batch_calls = dict(_CALLS)

        # 2. one event at a time: commit -> dispatch -> queue -> worker -> receipt
        latencies = []
        for _ in range(single):
            event_id, at = emit()
            dispatch.dispatch_pending(limit=1)
            _drain(notifications.handle_message)
            latencies.append(receiver.times[event_id] - at)

        # baseline: the same bodies, bare POSTs to the same receiver
        item = event_store.reload(next(iter(emitted)))
        body = webhooks.payload(item)
        host, port = receiver.server.server_address
        t = time.perf_counter()
        for i in range(events):
            conn = http.client.HTTPConnection(host, port, timeout=10)
            conn.request("POST", "/hooks", body=body, headers={"webhook-id": f"bare-{i}"})
            conn.getresponse().read()
            conn.close()
        bare_seconds = time.perf_counter() - t
    receiver.stop()

    def pct(values: list[float], p: float) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, round(p * (len(values) - 1)))] * 1000

    return {
        "events": events,
        "batch_rate": events / batch_seconds,
        "batch_p50": pct(batch_latency, 0.5),
        "batch_p95": pct(batch_latency, 0.95),
        "single": single,
        "single_p50": statistics.median(latencies) * 1000,
        "single_p95": pct(latencies, 0.95),
        "bare_rate": events / bare_seconds,
        "calls_per_event": {k: v / events for k, v in sorted(batch_calls.items())},
        "ms_per_call": batch_seconds * 1000 / max(1, sum(batch_calls.values())),
    }


def delivery_table(r: dict[str, Any]) -> str:
    return "\n".join(
        [
            "webhook delivery: one notification worker, moto in-process, receiver on loopback",
            "| figure | value |",
            "|---|---|",
            f"| batch of {r['events']} events (emit, dispatch, queue, sign, POST, log) | "
            f"{r['batch_rate']:.0f} events/s |",
            f"| batch: event committed → received, p50 / p95 | {r['batch_p50']:.0f} ms / "
            f"{r['batch_p95']:.0f} ms (queueing behind the batch included) |",
            f"| one at a time ({r['single']} events): committed → received, p50 / p95 | "
            f"{r['single_p50']:.1f} ms / {r['single_p95']:.1f} ms |",
            f"| baseline: bare http.client POSTs of the same body | {r['bare_rate']:.0f} "
            "requests/s |",
            f"| ratio worker throughput / bare POSTs | {r['batch_rate'] / r['bare_rate']:.3f} |",
            "| AWS calls per event (emit + dispatch + delivery) | "
            + ", ".join(f"{k} {v:.1f}" for k, v in r["calls_per_event"].items())
            + f"; {r['ms_per_call']:.1f} ms of the batch per call |",
        ]
    )


def rules_in_aggregation(accounts: int) -> dict[str, Any]:
    """The usage aggregation bench's channel with five rules; the evaluation's share."""
    os.environ["TABLE_PREFIX"] = "bench-alerts-"
    import tests.conftest  # noqa: F401
    from bench import usage_aggregation as ua

    proc, endpoint = ua.start_moto()
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    try:
        from datetime import UTC, datetime

        from chalicelib import bootstrap, clock
        from chalicelib.domain.principal import system_principal
        from chalicelib.services import usage_aggregation
        from chalicelib.store import alerts as alert_store
        from chalicelib.store.models import AlertRuleItem

        bootstrap.create_tables()
        bootstrap.ensure_notifications_queue()
        ua.seed(accounts)
        from chalicelib.store.organizations import provider_id

        root = f"/{provider_id()}/"
        # Seeded account i holds (i+1) GB of 1 TB: thresholds above 100 % make a realistic few
        # cross (5 %, 2 % and 0.1 % of 10,000 accounts); every partner and one contract too.
        for made, (target, percent, target_id) in enumerate(
            (
                ("storageAccount", 950, None),
                ("storageAccount", 980, None),
                ("storageAccount", 1000, None),
                ("partner", 80, None),
                ("contract", 50, "bench-contract-0"),
            ),
            start=1,
        ):
            alert_store.create(
                system_principal("bench"),
                AlertRuleItem(
                    id=f"bench-rule-{made}",
                    org_id=provider_id(),
                    path=root,
                    target_type=target,
                    target_id=target_id,
                    threshold_percent=percent,
                    created_by="bench",
                    created_at="2026-11-01T00:00:00.000000Z",
                ),
            )
        clock.now = lambda: datetime(2026, 11, 23, 0, 30, tzinfo=UTC)
        t = time.perf_counter()
        summary = usage_aggregation.run()
        wall = time.perf_counter() - t
        t = time.perf_counter()
        again = usage_aggregation.run()
        rerun = time.perf_counter() - t
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {
        "accounts": accounts,
        "wall": wall,
        "alerts": summary.alerts,
        "rerun": rerun,
        "rerun_alerts": again.alerts,
    }


def rules_table(r: dict[str, Any]) -> str:
    a, b = r["alerts"], r["rerun_alerts"]
    without = r["wall"] - a["seconds"]
    rerun_without = r["rerun"] - b["seconds"]
    return "\n".join(
        [
            f"rule evaluation in the usage aggregation: {r['accounts']:,} accounts, 5 rules, "
            "serialised moto server",
            "| figure | value |",
            "|---|---|",
            f"| first run: wall time / of which rules | {r['wall']:.1f} s / {a['seconds']:.2f} s "
            f"({a['checked']:,} rule × entity checks, {len(a['crossed']):,} crossed) |",
            f"| ratio run with rules / without | {r['wall'] / without:.3f}× |",
            f"| rerun (nothing new): wall time / of which rules | {r['rerun']:.1f} s / "
            f"{b['seconds']:.2f} s ({len(b['crossed'])} crossed, {len(b['cleared'])} cleared) |",
            f"| ratio rerun with rules / without | {r['rerun'] / rerun_without:.3f}× |",
        ]
    )


def evaluation_alone(accounts: int) -> dict[str, Any]:
    """``evaluate_after_aggregation`` by itself on N synthetic accounts (partners of 100, two
    contracts, as the aggregation bench's channel) with the same five rules, moto in-process:
    the first evaluation (5 % crossing) and the steady state (nothing crossing)."""
    import tests.conftest  # noqa: F401

    os.environ.pop("AWS_ENDPOINT_URL", None)
    from types import SimpleNamespace

    from moto import mock_aws

    from chalicelib.domain.alerts import evaluate

    tb = 10**12
    root = "/bench-provider/"
    dist = root + "bench-dist/"
    contracts = [
        SimpleNamespace(
            id=f"bench-contract-{i}",
            details=f"C{i}",
            path=dist,
            used_capacity=0,
            reserved_capacity=accounts * tb // 2,
        )
        for i in range(2)
    ]
    partners = [
        SimpleNamespace(
            id=f"p{n}",
            name=f"P{n}",
            path=f"{dist}p{n}/",
            used_capacity=0,
            allocated_capacity=0 if n % 2 else 100 * tb,
        )
        for n in range(accounts // 100)
    ]
    items = [
        SimpleNamespace(
            id=f"{100_000_000_000 + i:012d}",
            name=f"A{i}",
            path=f"{dist}p{i // 100}/",
            partner_id=f"p{i // 100}",
            used_capacity=(i + 1) * 10**9,
            allocated_capacity=tb,
        )
        for i in range(accounts)
    ]
    with mock_aws():
        from chalicelib import bootstrap
        from chalicelib.domain.principal import system_principal
        from chalicelib.services.alerts import evaluate_after_aggregation
        from chalicelib.store import alerts as alert_store
        from chalicelib.store.models import AlertRuleItem

        bootstrap.create_tables()
        bootstrap.ensure_notifications_queue()
        rules = (
            ("storageAccount", 950 * accounts // 10_000, None),
            ("storageAccount", 980 * accounts // 10_000, None),
            ("storageAccount", 1000 * accounts // 10_000, None),
            ("partner", 80, None),
            ("contract", 50, "bench-contract-0"),
        )
        for n, (target, percent, target_id) in enumerate(rules, start=1):
            alert_store.create(
                system_principal("bench"),
                AlertRuleItem(
                    id=f"bench-rule-{n}",
                    org_id="bench-provider",
                    path=root,
                    target_type=target,
                    target_id=target_id,
                    threshold_percent=max(1, percent),
                    created_by="bench",
                    created_at="2026-11-01T00:00:00.000000Z",
                ),
            )
        first = evaluate_after_aggregation(contracts, partners, items)
        again = evaluate_after_aggregation(contracts, partners, items)
    t = time.perf_counter()
    checks = 0
    for _target, percent, _ in rules[:3]:
        for a in items:
            evaluate(a.used_capacity, a.allocated_capacity, max(1, percent), False)
            checks += 1
    bare = time.perf_counter() - t
    return {"accounts": accounts, "first": first, "again": again, "bare": bare, "checks": checks}


def evaluation_table(r: dict[str, Any], aggregation_wall: float) -> str:
    first, again = r["first"], r["again"]
    return "\n".join(
        [
            f"rule evaluation alone: {r['accounts']:,} accounts, 5 rules, moto in-process",
            "| figure | value |",
            "|---|---|",
            f"| first evaluation ({len(first.crossed):,} crossings: one transaction each, "
            f"then their dispatch) | {first.seconds:.2f} s |",
            f"| steady state (nothing crosses: 5 Queries of rule state, {again.checked:,} "
            f"checks) | {again.seconds:.2f} s |",
            f"| baseline: the bare domain rule over the same {r['checks']:,} account checks | "
            f"{r['bare'] * 1000:.0f} ms |",
            f"| steady state / a {aggregation_wall:.0f} s aggregation run at this size "
            f"(docs/benchmarks.md) | {1 + again.seconds / aggregation_wall:.4f}× |",
            f"| first evaluation / the same run | {1 + first.seconds / aggregation_wall:.3f}× |",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--part", choices=("all", "delivery", "rules", "evaluation"), default="all")
    parser.add_argument(
        "--aggregation-seconds",
        type=float,
        default=110.4,
        help="a whole aggregation run at --accounts, for the evaluation's ratio",
    )
    args = parser.parse_args(argv)
    if args.part in ("all", "delivery"):
        print(delivery_table(delivery(args.events)), flush=True)
    if args.part == "evaluation":
        result = evaluation_alone(args.accounts)
        print(evaluation_table(result, args.aggregation_seconds), flush=True)
    if args.part in ("all", "rules"):
        print(rules_table(rules_in_aggregation(args.accounts)), flush=True)


if __name__ == "__main__":
    main()
