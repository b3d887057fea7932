"""Events, alert rules and their state, webhook endpoints and deliveries. (A part of
``chalicelib.store.models``.)
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class _EventsByLevel(GlobalSecondaryIndex):
    sk = UnicodeAttribute(range_key=True)


class EventsByLevel1(_EventsByLevel):
    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)


class EventsByLevel2(_EventsByLevel):
    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)


class EventsByLevel3(_EventsByLevel):
    Meta = _index("level3-index")
    anc3 = UnicodeAttribute(hash_key=True)


class EventsToDispatch(GlobalSecondaryIndex):
    """Sparse: only events not yet handed to their webhook endpoints and mailboxes carry
    ``dispatch``; the dispatcher reads them oldest first with one Query."""

    Meta = _index("dispatch-index")
    dispatch = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class EventItem(Model):
    """A fact the system announces (``usage.threshold_crossed``, ``quota.enforced``, …),
    written in the same transaction as its cause. ``path`` is the owning organization's;
    ``anc1..anc3`` the ids along it, so the organization at depth N lists its subtree's events
    with one Query on ``levelN-index`` (``sk`` = ``at#id``). ``data`` is JSON; ``recipients``
    (JSON list) overrides who is e-mailed (an alert rule's recipients)."""

    Meta = table_meta("events")
    id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute()
    at = UnicodeAttribute()
    type = UnicodeAttribute()
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    anc3 = UnicodeAttribute(null=True)
    data = UnicodeAttribute(default="{}")
    recipients = UnicodeAttribute(null=True)
    dispatch = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    by_level1 = EventsByLevel1()
    by_level2 = EventsByLevel2()
    by_level3 = EventsByLevel3()
    to_dispatch = EventsToDispatch()


class RulesByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class EveryRule(GlobalSecondaryIndex):
    """``kind`` = ``rule`` on every rule: the aggregation reads all rules with one Query."""

    Meta = _index("kind-index")
    kind = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class AlertRuleItem(Model):
    """A threshold of an organization: ``target_type`` (contract | partner | storageAccount),
    one ``target_id`` or every entity of that type in its scope (``target_id`` absent),
    ``threshold_percent`` of allocation, and who is e-mailed (absent: the organization's
    admins)."""

    Meta = table_meta("alert-rules")
    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="rule")
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute(null=True)
    threshold_percent = NumberAttribute()
    email_recipients = ListAttribute(of=UnicodeAttribute, null=True)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()

    by_organization = RulesByOrganization()
    every = EveryRule()


class AlertStateItem(Model):
    """A rule that has crossed on an entity (present = crossed, absent = armed): put with the
    ``usage.threshold_crossed`` event and deleted with ``usage.threshold_cleared``, each in one
    transaction with a condition, so a crossing is announced once whatever reruns."""

    Meta = table_meta("alert-states")
    rule_id = UnicodeAttribute(hash_key=True)
    entity_id = UnicodeAttribute(range_key=True)
    crossed_at = UnicodeAttribute()
    event_id = UnicodeAttribute()


class EndpointsByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class WebhookEndpointItem(Model):
    """Where an organization wants its events. The signing secret is stored sealed
    (``secret_box``: AES-GCM, ``services/sealed.py``); after a rotation the previous one keeps
    signing until ``previous_until``. ``failing_since``: the first failure since the last
    success."""

    Meta = table_meta("webhook-endpoints")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    url = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    event_types = ListAttribute(of=UnicodeAttribute, default=list)
    enabled = BooleanAttribute(default=True)
    disabled_reason = UnicodeAttribute(null=True)
    secret_box = UnicodeAttribute()
    previous_secret_box = UnicodeAttribute(null=True)
    previous_until = UnicodeAttribute(null=True)
    failing_since = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_organization = EndpointsByOrganization()


class DeliveriesDue(GlobalSecondaryIndex):
    """Sparse: deliveries still to attempt carry ``queue``; the sweep re-queues due ones."""

    Meta = _index("due-index")
    queue = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class WebhookDeliveryItem(Model):
    """Per endpoint (``endpoint_id``): ``sk`` = ``d#<eventId>`` is the delivery of one event
    (status, attempts made, next attempt), ``sk`` = ``a#<time>#<eventId>#<n>`` one attempt of
    it in the log (HTTP status or error, latency)."""

    Meta = table_meta("webhook-deliveries")
    endpoint_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    path = UnicodeAttribute()
    status = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    claim_token = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    attempt = NumberAttribute(null=True)
    http_status = NumberAttribute(null=True)
    error = UnicodeAttribute(null=True)
    latency_ms = NumberAttribute(null=True)
    at = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    due = DeliveriesDue()
