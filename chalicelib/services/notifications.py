"""Telling people things, by e-mail that is really sent.

Every message is first recorded in the outbox (``notify``, or ``outbox.add`` inside the
transaction of the change that causes it), then sent by the notification worker (the SQS
Lambda, or the local stack's poller: the same function):

1. the worker claims the message with a conditional write (one worker at a time; a lease lets
   another take over from one that died);
2. sends it (``NOTIFIER=ses``: Amazon SES, the embedded one locally) and, where ``MAIL_DIR`` is
   set (the local stack: ``build/mail/``), also writes it there as an ``.eml`` file;
3. marks it ``sent`` (only the claim's holder can), or after a failure puts it back with the
   next attempt's time from ``MAIL_RETRY_SCHEDULE``; ``failed`` once the schedule is used up.

A queue message that is lost changes nothing: the sweep (every minute) re-queues every message
whose time has come. A crash between SES accepting a message and the ``sent`` mark is the one
case that sends it again (after the lease); SES has no idempotency key to prevent it.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from chalicelib import clock
from chalicelib.domain.delivery import queue_delay, retry_delay
from chalicelib.observability import log_info, log_warning
from chalicelib.paging import PageRequest
from chalicelib.services import webhooks
from chalicelib.settings import get_settings
from chalicelib.store import notification_queue, outbox
from chalicelib.store.aws import client
from chalicelib.store.models import OutboxItem
from chalicelib.store.notification_queue import queue_mail


def notify(kind: str, recipient: str, user_id: str | None, subject: str, body: str) -> str:
    """Record a message and queue it for sending; answers its status (``pending``: the worker
    sends it, retrying until it is sent)."""
    item = outbox.record(kind, recipient, user_id, subject, body)
    queue_mail(item.id)
    return item.status


# --- the worker ------------------------------------------------------------------------------


def render(item: OutboxItem, sender: str) -> EmailMessage:
    """The message exactly as it is sent (and written as ``.eml``)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = item.recipient
    message["Subject"] = item.subject
    message["Date"] = format_datetime(clock.parse_iso(item.created_at))
    message["Message-ID"] = make_msgid(idstring=item.id, domain=sender.rpartition("@")[2] or None)
    message["X-Partner-Console-Kind"] = item.kind
    message.set_content(item.body, cte="8bit")  # readable as written, long lines kept
    return message


def _transmit(item: OutboxItem) -> str | None:
    """Sends through the configured transport; answers the provider's message id."""
    settings = get_settings()
    sender = settings.notification_sender or "no-reply@partner-console.invalid"
    message = render(item, sender)
    provider_id = None
    if settings.notifier == "ses":
        if not settings.notification_sender:
            raise RuntimeError("NOTIFICATION_SENDER is not set")
        reply = client("sesv2").send_email(
            FromEmailAddress=sender,
            Destination={"ToAddresses": [item.recipient]},
            Content={"Raw": {"Data": message.as_bytes()}},
        )
        provider_id = reply.get("MessageId")
    elif not settings.mail_dir:
        raise RuntimeError(f"NOTIFIER={settings.notifier} needs MAIL_DIR to write mail to")
    if settings.mail_dir:
        folder = Path(settings.mail_dir)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = item.created_at.replace(":", "").replace("-", "")
        target = folder / f"{stamp}-{item.id}.eml"
        partial = target.with_suffix(".eml.partial")
        partial.write_bytes(message.as_bytes())
        os.replace(partial, target)
    return provider_id


def send_mail(message_id: str) -> str:
    """Send one outbox message (the worker's job); answers what happened."""
    token = str(uuid.uuid4())
    now = clock.now()
    item = outbox.claim(message_id, token, now)
    if item is None:
        return "skipped"
    try:
        provider_id = _transmit(item)
    except Exception as exc:
        delay = retry_delay(get_settings().mail_retry_schedule, int(item.attempts))
        retry_at = None if delay is None else clock.iso(clock.now() + _seconds(delay))
        outbox.mark_failed_attempt(item, token, f"{type(exc).__name__}: {exc}"[:500], retry_at)
        log_warning(
            "mail not sent",
            outbox_id=item.id,
            attempt=int(item.attempts),
            error=type(exc).__name__,
            retry_at=retry_at,
        )
        if delay is not None:
            queue_mail(item.id, delay)
            return "retrying"
        return "failed"
    outbox.mark_sent(item, token, provider_id)
    log_info("mail sent", outbox_id=item.id, kind=item.kind, attempt=int(item.attempts))
    return "sent"


def _seconds(delay: int) -> timedelta:
    return timedelta(seconds=delay)


def handle_message(body: dict[str, Any]) -> str:
    """One queue message: ``{"mail": id}`` or ``{"delivery": {...}}`` (a webhook attempt).
    A message that arrives before its ``due`` time goes back with the time that remains."""
    due = body.get("due")
    if due:
        now = clock.now()
        wait = queue_delay(clock.parse_iso(due), now)
        if wait > 0:
            notification_queue.enqueue(body, wait)
            return "early"
    if "mail" in body:
        return send_mail(str(body["mail"]))
    if "delivery" in body:
        delivery = body["delivery"]
        return webhooks.attempt(str(delivery["endpointId"]), str(delivery["eventId"]))
    log_warning("unknown notification message", keys=sorted(body))
    return "ignored"


def handle_sqs_event(event: Any) -> list[str]:
    """The worker Lambda's body (the ``@app.on_sqs_message`` shim in ``app.py``)."""
    outcomes = []
    for record in event:
        try:
            body = json.loads(record.body)
        except ValueError:
            log_warning("notification message ignored: not JSON")
            outcomes.append("ignored")
            continue
        outcomes.append(handle_message(body if isinstance(body, dict) else {}))
    return outcomes


def sweep_mail(now: str | None = None) -> int:
    """Queue every message whose time has come (a lost queue message, a lost worker)."""
    now = now or clock.iso(clock.now())
    queued = 0
    page = PageRequest(limit=100)
    while True:
        batch = outbox.due(now, page)
        for item in batch.items:
            queue_mail(item.id)
            queued += 1
        if batch.next_key is None:
            return queued
        page = PageRequest(limit=100, start_key=batch.next_key)
