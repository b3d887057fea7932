"""The web console: server-rendered pages over the same services as the JSON API."""

from __future__ import annotations

from typing import Any

from chalicelib.console import assets
from chalicelib.console.pages import (
    access_keys,
    accounts,
    alerts,
    billing,
    deals,
    exports,
    invitations,
    organization,
    partners,
    provider,
    security,
    session,
    sso,
)


def routers() -> list[Any]:
    """Every console page router, for ``app.py`` to register."""
    return [
        assets.router,
        session.router,
        sso.router,
        partners.router,
        billing.router,
        provider.router,
        organization.router,
        exports.router,
        accounts.router,
        access_keys.router,
        deals.router,
        security.router,
        alerts.router,
        invitations.router,
    ]
