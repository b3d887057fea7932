"""Handing events to the people and systems that want them.

Each event is written with ``dispatch`` = pending (in the transaction of its cause). The
dispatcher, run by the sweep every minute and right after each aggregation run, takes every
pending event and:

* creates one delivery per webhook endpoint that may hear it (endpoints of the event's
  organization and of its ancestors, enabled, subscribed to its type) and queues it;
* for alert and quota events and a scheduled export's ``export.ready``/``export.failed``
  (``domain.events.emailed``), records one e-mail per recipient (the rule's recipients, else the
  admins of the event's organization) and queues it;
* then takes the event off the dispatch index.

Deliveries and e-mails have ids derived from the event, created with a condition, so a
dispatcher that dies half-way and runs again creates nothing twice.
"""

from __future__ import annotations

import hashlib
import json

from chalicelib.domain.alerts import console_path, export_path, mail_text
from chalicelib.domain.events import audience, emailed, subscribed
from chalicelib.paging import PageRequest
from chalicelib.services.notifications import queue_mail
from chalicelib.services.webhooks import queue_delivery
from chalicelib.settings import get_settings
from chalicelib.store import events as event_store
from chalicelib.store import outbox, recipients
from chalicelib.store import webhooks as webhook_store
from chalicelib.store.models import EventItem


def dispatch_pending(limit: int = 1000) -> int:
    """Dispatch up to ``limit`` pending events, oldest first; answers how many."""
    done = 0
    while done < limit:
        batch = event_store.pending_dispatch(PageRequest(limit=min(100, limit - done)))
        if not batch.items:
            return done
        for event in batch.items:
            dispatch_event(event)
            done += 1
    return done


def _link(event_type: str, data: dict) -> str:
    settings = get_settings()
    base = (settings.console_url or settings.public_base_url).rstrip("/")
    if data.get("exportId"):
        return base + export_path(event_type, str(data["exportId"]))
    target_type = data.get("targetType") or "storageAccount"
    target_id = data.get("targetId") or data.get("clientAccountId", "")
    return base + console_path(target_type, target_id, data.get("partnerId"))


def dispatch_event(event: EventItem) -> None:
    for org_id in audience(event.path):
        for endpoint in webhook_store.every_endpoint_of(org_id):
            if endpoint.enabled and subscribed(list(endpoint.event_types or []), event.type):
                webhook_store.create_delivery(endpoint, event.id, event.type)
                queue_delivery(endpoint.id, event.id)
    data = json.loads(event.data)
    if emailed(event.type, data):
        people = json.loads(event.recipients) if event.recipients else None
        people = people or recipients.admins_of(event.org_id)
        subject, body = mail_text(event.type, data, _link(event.type, data))
        for person in sorted(set(people)):
            digest = hashlib.sha256(person.lower().encode()).hexdigest()[:16]
            mail = outbox.build(event.type, person, None, subject, body, f"{event.id}:{digest}")
            if outbox.record_once(mail):
                queue_mail(mail.id)
    event_store.mark_dispatched(event)
