"""The notification sweep (every minute): dispatch events not yet dispatched, and queue every
e-mail and webhook delivery whose time has come, so that nothing waits on a lost message."""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.services import dispatch, notifications, webhooks


def run() -> dict[str, Any]:
    now = clock.iso(clock.now())
    return {
        "eventsDispatched": dispatch.dispatch_pending(),
        "mailsQueued": notifications.sweep_mail(now),
        "deliveriesQueued": webhooks.sweep_deliveries(now),
    }
