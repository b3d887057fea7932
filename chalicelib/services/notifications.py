"""Telling people things. Every message goes to the outbox first; the adapter chosen by the
``NOTIFIER`` setting then delivers it: ``ses`` sends it with Amazon SES, ``outbox`` (local) leaves
the outbox itself as the delivery."""

from __future__ import annotations

from chalicelib.observability import log_warning
from chalicelib.settings import get_settings
from chalicelib.store import outbox
from chalicelib.store.aws import client


def _send_with_ses(recipient: str, subject: str, body: str) -> None:
    sender = get_settings().notification_sender
    if not sender:
        raise RuntimeError("NOTIFICATION_SENDER is not set")
    client("sesv2").send_email(
        FromEmailAddress=sender,
        Destination={"ToAddresses": [recipient]},
        Content={"Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": body}}}},
    )


def notify(kind: str, recipient: str, user_id: str | None, subject: str, body: str) -> str:
    """Record and deliver a message; returns its final outbox status."""
    item = outbox.record(kind, recipient, user_id, subject, body)
    if get_settings().notifier != "ses":
        outbox.mark(item, "recorded")
        return "recorded"
    try:
        _send_with_ses(recipient, subject, body)
    except Exception as exc:
        log_warning("notification not sent", outbox_id=item.id, error=type(exc).__name__)
        return "pending"
    outbox.mark(item, "sent")
    return "sent"
