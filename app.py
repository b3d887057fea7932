"""Partner Console: the Chalice application. Creates the app, installs the middleware and
registers the blueprints; every rule lives under ``chalicelib/``."""

from chalice import Chalice, Rate

from chalicelib.api import (
    api_keys,
    audit_events,
    auth,
    contracts,
    docs,
    jobs,
    members,
    middleware,
    organizations,
    partners,
    regions,
    usage,
)
from chalicelib.services import usage as usage_jobs

app = Chalice(app_name="partner-console", configure_logs=False)
middleware.install(app)
for module in (
    regions,
    docs,
    auth,
    organizations,
    members,
    api_keys,
    contracts,
    partners,
    audit_events,
    usage,
    jobs,
):
    app.register_blueprint(module.router.blueprint)


@app.schedule(Rate(1, unit=Rate.HOURS))
def usage_metering(event, context):
    return usage_jobs.scheduled_metering()


@app.schedule(Rate(1, unit=Rate.HOURS))
def usage_aggregation(event, context):
    return usage_jobs.scheduled_aggregation()
