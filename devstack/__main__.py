"""`make run`: the whole product on this machine, with nothing but Python.

1. an embedded moto server (serialised, see ``devstack.moto_server``) on 127.0.0.1:$AWS_PORT;
2. tables, exports bucket, provider organization and its first admin (idempotent);
3. the API with Chalice's local server, stage ``local``, on 127.0.0.1:$PORT;
4. the scheduled jobs on a timer, the export worker on the export queue, and the usage
   aggregation's shard workers on the shard queue.
Ctrl-C stops everything, and so do SIGTERM, SIGHUP and the death of the parent; no child
outlives the main process however it ends (``devstack.lifecycle``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from devstack import lifecycle

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADMIN_EMAIL = "admin@example.com"
DEFAULT_ADMIN_PASSWORD = "Change-me-1st!"  # noqa: S105 - documented local default
HOST = "127.0.0.1"


def configure_environment(aws_port: int) -> str:
    """Point every AWS client at the embedded server, with throw-away credentials."""
    endpoint = f"http://{HOST}:{aws_port}"
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-central-1"),
        }
    )
    os.environ.pop("AWS_PROFILE", None)
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.setdefault("MAIL_DIR", str(ROOT / "build" / "mail"))
    os.environ.setdefault("CONSOLE_URL", f"http://{HOST}:{os.environ.get('PORT', '8000')}")
    os.environ.setdefault(
        "REGIONS",
        json.dumps(
            [{"name": "local", "s3_url": endpoint, "iam_url": endpoint, "sts_url": endpoint}]
        ),
    )
    return endpoint


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex((HOST, port)) != 0


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"The embedded AWS server exited with code {proc.returncode}.")
        if not _port_free(port):
            return
        time.sleep(0.05)
    raise SystemExit(f"The embedded AWS server did not start on port {port} in {timeout:.0f}s.")


def start_moto(aws_port: int) -> subprocess.Popen:
    if not _port_free(aws_port):
        raise SystemExit(lifecycle.describe_holder(aws_port, "AWS_PORT", "the embedded AWS"))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devstack.moto_server",
            "--host",
            HOST,
            "--port",
            str(aws_port),
            "--parent-pid",
            str(os.getpid()),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lifecycle.die_with_parent,  # before any thread exists: only a prctl
    )
    lifecycle.adopt(proc)
    _wait_for_port(aws_port, proc)
    return proc


def load_app() -> tuple[Any, Any, Any]:
    """Load app.py the way `chalice local --stage local` does (stage variables applied)."""
    from chalice.cli.factory import CLIFactory

    factory = CLIFactory(project_dir=str(ROOT), environ=os.environ)
    config = factory.create_config_obj(chalice_stage_name="local")
    app_obj = config.chalice_app
    return app_obj, sys.modules["app"], config


def make_api_server(app_obj: Any, config: Any, port: int) -> Any:
    from chalice.local import CustomLocalChalice, LocalChalice, LocalDevServer, ThreadedHTTPServer

    from devstack.http_server import Handler

    class Server(ThreadedHTTPServer):
        request_queue_size = 128  # many people clicking at once must not be turned away

    if not _port_free(port):
        raise SystemExit(lifecycle.describe_holder(port, "PORT", "the API"))
    CustomLocalChalice.__bases__ = (LocalChalice, app_obj.__class__)
    app_obj.__class__ = CustomLocalChalice
    return LocalDevServer(app_obj, config, HOST, port, handler_cls=Handler, server_cls=Server)


def start_export_worker(app_obj: Any, app_module: Any) -> Any:
    """The queues, and each of the app's queue handlers polling its own (the export worker,
    the notification worker; see devstack.export_worker). Answers the pollers."""
    from chalicelib import bootstrap
    from devstack.export_worker import ExportPoller, queue_handlers

    urls = {
        bootstrap.get_settings().exports_queue_name: bootstrap.ensure_exports_queue(),
        bootstrap.get_settings().notifications_queue_name: bootstrap.ensure_notifications_queue(),
    }
    pollers = []
    for queue_name, handler in queue_handlers(app_obj, app_module):
        if queue_name not in urls:
            continue
        poller = ExportPoller(handler, urls[queue_name], label=queue_name.rsplit("-", 1)[-1])
        poller.start()
        pollers.append(poller)
    return pollers


#: Shard workers the local stack runs side by side (Lambda runs up to the reserved concurrency).
LOCAL_SHARD_WORKERS = 2


def start_usage_workers(app_obj: Any, app_module: Any) -> list[Any]:
    """The usage shard queue and ``LOCAL_SHARD_WORKERS`` pollers running the app's shard worker
    on it, as Lambda would run several at once."""
    from chalicelib import bootstrap
    from devstack.export_worker import ExportPoller, queue_handlers

    queue_url = bootstrap.ensure_usage_queue()
    handler = dict(queue_handlers(app_obj, app_module)).get(
        bootstrap.get_settings().usage_queue_name
    )
    if handler is None:
        return []
    workers = [
        ExportPoller(handler, queue_url, label=f"usage-shards-{i}", interval=0.2)
        for i in range(LOCAL_SHARD_WORKERS)
    ]
    for worker in workers:
        worker.start()
    return workers


def start_ceph() -> Any:
    """``STORAGE_BACKEND=rgw``: a single-node Ceph with RGW on 127.0.0.1:$RGW_PORT (default
    7480), the admin keys from RGW_ADMIN_ACCESS_KEY/RGW_ADMIN_SECRET_KEY or generated; the
    regions list names its S3 endpoint. Installs Debian's packages when missing and root."""
    from devstack import ceph

    try:
        ceph.ensure_installed(install=True)
    except ceph.CephMissing as missing:
        raise SystemExit(f"{missing}\n(run it as root, then make run again)") from None
    port = int(os.environ.get("RGW_PORT", "7480"))
    print(f"Starting a single-node Ceph (RGW on {HOST}:{port})…", flush=True)
    try:
        cluster = ceph.start(
            port, os.environ.get("RGW_ADMIN_ACCESS_KEY"), os.environ.get("RGW_ADMIN_SECRET_KEY")
        )
    except RuntimeError as failed:
        raise SystemExit(f"Ceph did not start: {failed}") from None
    os.environ.update(cluster.environment())
    url = cluster.endpoint
    os.environ.setdefault(
        "REGIONS", json.dumps([{"name": "local", "s3_url": url, "iam_url": url, "sts_url": url}])
    )
    return cluster


def storage_lines(cluster: Any, endpoint: str) -> list[str]:
    if cluster is None:
        return [f"  Storage      S3 + IAM on the local AWS ({endpoint})"]
    return [
        f"  Storage      Ceph RGW {cluster.endpoint} (up in {cluster.seconds_to_ready:.1f}s; "
        "S3 for the customers' keys)",
        f"               admin key {cluster.admin_access_key} / {cluster.admin_secret_key}",
    ]


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def main() -> None:
    started = time.perf_counter()
    lifecycle.stop_on_signals()
    port = int(os.environ.get("PORT", "8000"))
    aws_port = int(os.environ.get("AWS_PORT", "4566"))
    admin_email = os.environ.get("CONSOLE_ADMIN_EMAIL", DEFAULT_ADMIN_EMAIL)
    admin_password = os.environ.get("CONSOLE_ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD)
    cluster = start_ceph() if os.environ.get("STORAGE_BACKEND") == "rgw" else None
    if cluster is not None:  # SIGTERM stops it as Ctrl-C does: the cluster's files go too
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        _serve(started, port, aws_port, admin_email, admin_password, cluster)
    finally:
        if cluster is not None:
            cluster.stop()


def _serve(
    started: float,
    port: int,
    aws_port: int,
    admin_email: str,
    admin_password: str,
    cluster: Any,
) -> None:
    endpoint = configure_environment(aws_port)
    moto = start_moto(aws_port)
    scheduler = None
    exports_poller = None
    shard_workers: list[Any] = []
    try:
        app_obj, app_module, config = load_app()
        from chalicelib import bootstrap
        from devstack.scheduler import Scheduler, scheduled_jobs

        bootstrap.create_tables()
        bootstrap.ensure_exports_bucket()
        bootstrap.ensure_mail_identity()
        admin = bootstrap.ensure_provider_admin(admin_email, admin_password)
        demo_lines = []
        if os.environ.get("DEMO", "") not in ("", "0"):
            from devstack import demo

            demo_lines = ["", *demo.load(app_obj, admin_email, admin_password)]
        server = make_api_server(app_obj, config, port)
        jobs = scheduled_jobs(app_obj, app_module)
        override = os.environ.get("LOCAL_JOB_INTERVAL_SECONDS")
        scheduler = Scheduler(jobs, override_seconds=int(override) if override else None)
        scheduler.start()
        exports_poller = start_export_worker(app_obj, app_module)
        shard_workers = start_usage_workers(app_obj, app_module)
        api = f"http://{HOST}:{port}"
        # the documented local default is printed; a password set in the environment is not
        shown_password = (
            admin_password
            if admin_password == DEFAULT_ADMIN_PASSWORD
            else "$CONSOLE_ADMIN_PASSWORD"
        )
        print(
            "\n".join(
                [
                    "",
                    f"Partner Console is ready in {time.perf_counter() - started:.1f}s.",
                    f"  Console      {api}/console/  (log in as {admin_email}, password "
                    f"{shown_password})",
                    f"  Passkeys     http://localhost:{port}/console/  (the same server: a "
                    "passkey needs a host name, not an IP address, so use this one for them)",
                    f"  API          {api}/v1",
                    f"  Swagger UI   {api}/v1/swagger/",
                    f"  OpenAPI      {api}/v1/openapi.json",
                    f"  Local AWS    {endpoint} (moto; data lives until you stop)",
                    *storage_lines(cluster, endpoint),
                    f"  Jobs         {', '.join(j.name for j in jobs) or 'none registered'}",
                    "  Exports      worker polling the local export queue",
                    f"  Usage        {len(shard_workers)} shard workers polling the local "
                    "usage shard queue",
                    "  Mail         notification worker sending through the local SES; every "
                    f"message also written as .eml under {os.environ['MAIL_DIR']}",
                    "  Webhooks     delivered by the same worker (http:// and loopback allowed "
                    "locally)",
                    "",
                    f"Log in as the provider admin ({admin}):",
                    f"  curl -s -X POST {api}/v1/auth/login -H 'Content-Type: application/json' "
                    f"""-d '{{"email": "{admin_email}", "password": "{shown_password}"}}'""",
                    "  then send Authorization: Bearer <token> (see README, 'Logging in').",
                    *demo_lines,
                    "Press Ctrl-C to stop.",
                    "",
                ]
            ),
            flush=True,
        )
        lifecycle.serving()
        server.serve_forever()
    except KeyboardInterrupt as stop:
        print(f"\nStopping ({stop or 'SIGINT'}).", flush=True)
    finally:
        if scheduler is not None:
            scheduler.stop()
        for poller in exports_poller or []:
            poller.stop()
        for worker in shard_workers:
            worker.stop()
        moto.terminate()
        try:
            moto.wait(timeout=5)
        except subprocess.TimeoutExpired:
            moto.kill()


if __name__ == "__main__":
    main()
