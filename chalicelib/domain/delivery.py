"""Rules for getting events and e-mails out: retry schedules, when a failing webhook endpoint
is disabled, and which webhook URLs may be called at all. Pure functions, table-tested."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from urllib.parse import urlsplit

#: An endpoint that has failed every delivery for this long is disabled (its admins are told).
DISABLE_AFTER = timedelta(days=5)
#: A rotated-out secret keeps signing (next to the new one) for this long.
ROTATION_OVERLAP = timedelta(hours=24)
#: The longest delay SQS can hold a message; longer waits are re-queued with what remains.
MAX_QUEUE_DELAY = 900

# Addresses no webhook may reach on any stage: link-local (incl. the cloud metadata service at
# 169.254.169.254 and fd00:ec2::254), unspecified, multicast and reserved ranges.
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


def parse_schedule(text: str) -> tuple[int, ...]:
    """``"5,300,1800"`` -> ``(5, 300, 1800)``: the delay before each retry, in seconds."""
    try:
        delays = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise ValueError(f"A retry schedule is comma-separated seconds, not {text!r}.") from None
    if not delays or any(d < 0 for d in delays):
        raise ValueError(f"A retry schedule needs one or more delays >= 0, not {text!r}.")
    return delays


def retry_delay(schedule: tuple[int, ...], attempts_made: int) -> int | None:
    """Seconds to wait before the next attempt after ``attempts_made`` failed ones, or None
    when the schedule is used up (attempt 1 is immediate; retry n waits ``schedule[n-1]``)."""
    if attempts_made < 1 or attempts_made > len(schedule):
        return None
    return schedule[attempts_made - 1]


def queue_delay(due: datetime, now: datetime) -> int:
    """The SQS ``DelaySeconds`` for a message due at ``due`` (capped; the worker re-queues a
    message that arrives early with what remains)."""
    remaining = (due - now).total_seconds()
    return max(0, min(MAX_QUEUE_DELAY, int(remaining + 0.999)))


def should_disable(failing_since: datetime | None, now: datetime) -> bool:
    """An endpoint failing without a single success since ``failing_since`` for 5 days."""
    return failing_since is not None and now - failing_since >= DISABLE_AFTER


def secret_overlaps(previous_until: datetime | None, now: datetime) -> bool:
    """Whether a rotated-out secret still signs (for 24 h after the rotation)."""
    return previous_until is not None and now < previous_until


def url_problem(url: str, *, allow_http: bool, allow_private: bool) -> str | None:
    """Why ``url`` may not be a webhook endpoint, as a sentence, or None when it may.

    https only, unless the stage allows http (local); loopback and private addresses only where
    the stage allows them (local); link-local and metadata addresses never. A host name is
    checked again, resolved, when delivering (``address_problem``)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "The URL is not valid."
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        return "The URL must be an absolute https:// URL."
    if scheme == "http" and not allow_http:
        return "The URL must use https://."
    if parts.username or parts.password:
        return "The URL must not carry a user name or password."
    if port == 0:
        return "The URL's port is not valid."
    host = parts.hostname.lower().rstrip(".")
    if host in _METADATA_HOSTS:
        return "Cloud metadata addresses are never allowed."
    if host == "localhost" or host.endswith(".localhost"):
        return None if allow_private else "Loopback addresses are not allowed."
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None  # a name: resolved and checked when delivering
    return address_problem(address, allow_private=allow_private)


def address_problem(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool
) -> str | None:
    """Why a webhook may not be delivered to ``address`` (what a host name resolved to)."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if address in _METADATA or address.is_link_local:
        return "Link-local and cloud metadata addresses are never allowed."
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return "That address cannot receive webhooks."
    if address.is_loopback:
        return None if allow_private else "Loopback addresses are not allowed."
    if address.is_private or not address.is_global:
        return None if allow_private else "Private network addresses are not allowed."
    return None
