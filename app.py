"""Partner Console: the Chalice application. Creates the app, installs the middleware and
registers the blueprints; every rule lives under ``chalicelib/``."""

from chalice import Chalice, Rate

from chalicelib import console
from chalicelib.api import (
    alert_rules,
    api_keys,
    audit_events,
    auth,
    contracts,
    deals,
    docs,
    events,
    export_schedules,
    exports,
    jobs,
    members,
    metrics,
    mfa,
    middleware,
    organizations,
    partners,
    passkeys,
    password_links,
    regions,
    sso,
    storage_access_keys,
    storage_accounts,
    usage,
    webhook_endpoints,
)
from chalicelib.services import export_schedules as export_schedule_jobs
from chalicelib.services import storage_accounts as storage_account_jobs
from chalicelib.services import sweep as notification_sweep
from chalicelib.services import usage as usage_jobs
from chalicelib.services.exports import handle_sqs_event as export_worker_body
from chalicelib.services.notifications import handle_sqs_event as notification_worker_body
from chalicelib.services.usage_aggregation import handle_sqs_event as usage_shard_body

app = Chalice(app_name="partner-console", configure_logs=False)
middleware.install(app)
for module in (
    regions,
    docs,
    auth,
    mfa,
    passkeys,
    password_links,
    sso,
    organizations,
    members,
    api_keys,
    contracts,
    partners,
    audit_events,
    deals,
    exports,
    events,
    export_schedules,
    storage_accounts,
    storage_access_keys,
    usage,
    jobs,
    alert_rules,
    webhook_endpoints,
    metrics,
):
    app.register_blueprint(module.router.blueprint)
for page_router in console.routers():
    app.register_blueprint(page_router.blueprint)


@app.on_sqs_message(queue="partner-console-exports", batch_size=1)
def export_worker(event):
    return export_worker_body(event)


@app.on_sqs_message(queue="partner-console-notifications", batch_size=1)
def notification_worker(event):
    return notification_worker_body(event)


@app.schedule(Rate(1, unit=Rate.MINUTES), name="notification-sweep")
def notification_sweeper(event):
    return notification_sweep.run()


@app.schedule(Rate(1, unit=Rate.DAYS), name="storage-account-purge")
def storage_account_purge(event):
    return storage_account_jobs.purge_due()


@app.schedule(Rate(15, unit=Rate.MINUTES), name="storage-account-reconciler")
def storage_account_reconciler(event):
    return storage_account_jobs.reconcile()


@app.schedule(Rate(1, unit=Rate.HOURS), name="usage-metering")
def usage_metering(event):
    return usage_jobs.scheduled_metering()


@app.schedule(Rate(1, unit=Rate.HOURS), name="usage-aggregation")
def usage_aggregation(event):
    return usage_jobs.scheduled_aggregation()


@app.on_sqs_message(queue="partner-console-usage-shards", batch_size=1)
def usage_shard_worker(event):
    return usage_shard_body(event)


@app.schedule(Rate(1, unit=Rate.HOURS), name="export-schedules")
def export_schedule_runs(event):
    return export_schedule_jobs.run_due()
