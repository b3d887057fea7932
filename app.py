"""Partner Console: the Chalice application. Creates the app, installs the middleware and
registers the blueprints; every rule lives under ``chalicelib/``."""

from chalice import Chalice

from chalicelib.api import (
    api_keys,
    audit_events,
    auth,
    contracts,
    deals,
    docs,
    exports,
    members,
    middleware,
    organizations,
    partners,
    regions,
)
from chalicelib.services.exports import handle_sqs_event as export_worker_body

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
    deals,
    exports,
):
    app.register_blueprint(module.router.blueprint)


@app.on_sqs_message(queue="partner-console-exports", batch_size=1)
def export_worker(event):
    return export_worker_body(event)
