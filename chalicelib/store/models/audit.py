"""The audit log and its indexes. (A part of ``chalicelib.store.models``.)"""

from __future__ import annotations

from pynamodb.attributes import (
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class _AuditByLevel(GlobalSecondaryIndex):
    sk = UnicodeAttribute(range_key=True)


class AuditByLevel1(_AuditByLevel):
    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)


class AuditByLevel2(_AuditByLevel):
    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)


class AuditByLevel3(_AuditByLevel):
    Meta = _index("level3-index")
    anc3 = UnicodeAttribute(hash_key=True)


def _audit_filter_index(level: int, kind: str) -> type:
    """``level{N}-{kind}-index``: hash ``{kind}{N}`` = ``<ancestor N>#<action or actor>``."""
    attrs = {
        "Meta": _index(f"level{level}-{kind}-index"),
        f"{kind}{level}": UnicodeAttribute(hash_key=True),
    }
    return type(f"AuditBy{kind.title()}{level}", (_AuditByLevel,), attrs)


AuditByAction1, AuditByAction2, AuditByAction3 = (
    _audit_filter_index(n, "action") for n in (1, 2, 3)
)


AuditByActor1, AuditByActor2, AuditByActor3 = (_audit_filter_index(n, "actor") for n in (1, 2, 3))


class AuditEventItem(Model):
    """One change. ``anc1..anc3`` are the ids along the owning organization's path, so the
    organization at depth N lists its whole subtree's events with one Query on ``levelN-index``;
    ``actionN``/``actorN`` (``<ancestor N>#<action>``, ``<ancestor N>#<actor id>``) serve the
    audit search's filters with one Query on ``levelN-action-index``/``levelN-actor-index``."""

    Meta = table_meta("audit-events")
    id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute()
    at = UnicodeAttribute()
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    anc3 = UnicodeAttribute(null=True)
    actor_type = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    actor_label = UnicodeAttribute()
    action = UnicodeAttribute()
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute()
    before = UnicodeAttribute(null=True)
    after = UnicodeAttribute(null=True)
    request_id = UnicodeAttribute(default="")
    source_ip = UnicodeAttribute(default="")

    action1 = UnicodeAttribute(null=True)
    action2 = UnicodeAttribute(null=True)
    action3 = UnicodeAttribute(null=True)
    actor1 = UnicodeAttribute(null=True)
    actor2 = UnicodeAttribute(null=True)
    actor3 = UnicodeAttribute(null=True)

    by_level1 = AuditByLevel1()
    by_level2 = AuditByLevel2()
    by_level3 = AuditByLevel3()
    by_action1 = AuditByAction1()
    by_action2 = AuditByAction2()
    by_action3 = AuditByAction3()
    by_actor1 = AuditByActor1()
    by_actor2 = AuditByActor2()
    by_actor3 = AuditByActor3()
