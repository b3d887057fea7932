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
    members,
    middleware,
    organizations,
    partners,
    regions,
)

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
):
    app.register_blueprint(module.router.blueprint)
