"""Partner Console: the Chalice application. Creates the app, installs the middleware, the API
routes and the console pages, and the schedule and queue shims; every rule lives under
``chalicelib/``.

Cold start imports only this wiring: each route's module is imported on its first request (the
route tables, ``make routes``) and each shim's service on its first run (``chalicelib.lazy``).
"""

from chalice import Chalice, Rate

from chalicelib import console, lazy
from chalicelib.api import http, middleware

app = Chalice(app_name="partner-console", configure_logs=False)
middleware.install(app)
http.register_routes(app)
console.register_pages(app)


@app.on_sqs_message(queue="partner-console-exports", batch_size=1)
def export_worker(event):
    return lazy.call("chalicelib.services.exports:handle_sqs_event", event)


@app.on_sqs_message(queue="partner-console-notifications", batch_size=1)
def notification_worker(event):
    return lazy.call("chalicelib.services.notifications:handle_sqs_event", event)


@app.schedule(Rate(1, unit=Rate.MINUTES), name="notification-sweep")
def notification_sweeper(event):
    return lazy.call("chalicelib.services.sweep:run")


@app.schedule(Rate(1, unit=Rate.DAYS), name="storage-account-purge")
def storage_account_purge(event):
    return lazy.call("chalicelib.services.storage_accounts:purge_due")


@app.schedule(Rate(15, unit=Rate.MINUTES), name="storage-account-reconciler")
def storage_account_reconciler(event):
    return lazy.call("chalicelib.services.storage_accounts:reconcile")


@app.schedule(Rate(1, unit=Rate.HOURS), name="usage-metering")
def usage_metering(event):
    return lazy.call("chalicelib.services.usage:scheduled_metering")


@app.schedule(Rate(1, unit=Rate.HOURS), name="usage-aggregation")
def usage_aggregation(event):
    return lazy.call("chalicelib.services.usage:scheduled_aggregation")


@app.on_sqs_message(queue="partner-console-usage-shards", batch_size=1)
def usage_shard_worker(event):
    return lazy.call("chalicelib.services.usage_aggregation:handle_sqs_event", event)


@app.schedule(Rate(1, unit=Rate.HOURS), name="export-schedules")
def export_schedule_runs(event):
    return lazy.call("chalicelib.services.export_schedules:run_due")
