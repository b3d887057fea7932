"""An embedded moto server whose every request runs under one lock.

moto applies a conditional write or a transaction in several Python steps; two requests
interleaving there would both pass a condition that DynamoDB would let only one of pass. Holding
one lock for the whole request (including reading the body and producing the response) makes
each call atomic, as it is in DynamoDB. Run as ``python -m devstack.moto_server --port 4566``.
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from typing import Any


class SerialisedApp:
    """WSGI wrapper: one request at a time, fully consumed before the lock is released."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        captured: list[Any] = []

        def capture(status: str, headers: list, exc_info: Any = None):
            captured[:] = [status, headers, exc_info]
            return lambda data: None

        with self.lock:
            result = self.app(environ, capture)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        status, headers, exc_info = captured
        start_response(status, headers, exc_info)
        return [body]


def fast_partition_queries() -> None:
    """moto answers every Query by sorting and filtering the whole table, so a Query's cost grows
    with the table (the usage tables hold hundreds of thousands of samples). A Query of a base
    table names one partition: hand moto only that partition's items. Same results, same order
    (moto still filters, sorts and pages them); index Queries are left as they are."""
    from moto.dynamodb.models.table import Table

    original = Table.query
    if getattr(original, "partition_only", False):
        return

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        if index_name or hash_key is None or not self.range_key_attr:
            return original(self, hash_key, *args, **kwargs)
        found = self.items.get(hash_key)
        partition = sorted(found.values(), key=lambda i: i.range_key) if found else []
        self.all_items = lambda: partition
        try:
            return original(self, hash_key, *args, **kwargs)
        finally:
            del self.all_items

    query.partition_only = True  # type: ignore[attr-defined]
    Table.query = query


def make_server(host: str, port: int) -> Any:
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server as werkzeug_server

    fast_partition_queries()
    app = SerialisedApp(DomainDispatcherApplication(create_backend_app))
    return werkzeug_server(host, port, app, threaded=True, request_handler=MotoRequestHandler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument(
        "--parent-pid", type=int, default=None, help="exit when this process is gone"
    )
    args = parser.parse_args()
    if args.parent_pid is not None:
        from devstack.lifecycle import exit_with_parent

        exit_with_parent(args.parent_pid)
    server = make_server(args.host, args.port)
    print(f"moto listening on http://{args.host}:{args.port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
