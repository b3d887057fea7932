from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.actor_out import ActorOut
    from ..models.audit_event_out_after_type_0 import AuditEventOutAfterType0
    from ..models.audit_event_out_before_type_0 import AuditEventOutBeforeType0


T = TypeVar("T", bound="AuditEventOut")


@_attrs_define
class AuditEventOut:
    """
    Attributes:
        id (str):
        at (str):
        organization_id (str):
        actor (ActorOut):
        action (str):
        target_type (str):
        target_id (str):
        before (AuditEventOutBeforeType0 | None):
        after (AuditEventOutAfterType0 | None):
        request_id (str):
        source_ip (str):
    """

    id: str
    at: str
    organization_id: str
    actor: ActorOut
    action: str
    target_type: str
    target_id: str
    before: AuditEventOutBeforeType0 | None
    after: AuditEventOutAfterType0 | None
    request_id: str
    source_ip: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_event_out_after_type_0 import AuditEventOutAfterType0  # noqa: PLC0415
        from ..models.audit_event_out_before_type_0 import AuditEventOutBeforeType0  # noqa: PLC0415

        id = self.id

        at = self.at

        organization_id = self.organization_id

        actor = self.actor.to_dict()

        action = self.action

        target_type = self.target_type

        target_id = self.target_id

        before: dict[str, Any] | None
        if isinstance(self.before, AuditEventOutBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        after: dict[str, Any] | None
        if isinstance(self.after, AuditEventOutAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        request_id = self.request_id

        source_ip = self.source_ip

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "at": at,
                "organizationId": organization_id,
                "actor": actor,
                "action": action,
                "targetType": target_type,
                "targetId": target_id,
                "before": before,
                "after": after,
                "requestId": request_id,
                "sourceIp": source_ip,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_out import ActorOut  # noqa: PLC0415
        from ..models.audit_event_out_after_type_0 import AuditEventOutAfterType0  # noqa: PLC0415
        from ..models.audit_event_out_before_type_0 import AuditEventOutBeforeType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        at = d.pop("at")

        organization_id = d.pop("organizationId")

        actor = ActorOut.from_dict(d.pop("actor"))

        action = d.pop("action")

        target_type = d.pop("targetType")

        target_id = d.pop("targetId")

        def _parse_before(data: object) -> AuditEventOutBeforeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = AuditEventOutBeforeType0.from_dict(data)

                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEventOutBeforeType0 | None, data)

        before = _parse_before(d.pop("before"))

        def _parse_after(data: object) -> AuditEventOutAfterType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = AuditEventOutAfterType0.from_dict(data)

                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEventOutAfterType0 | None, data)

        after = _parse_after(d.pop("after"))

        request_id = d.pop("requestId")

        source_ip = d.pop("sourceIp")

        audit_event_out = cls(
            id=id,
            at=at,
            organization_id=organization_id,
            actor=actor,
            action=action,
            target_type=target_type,
            target_id=target_id,
            before=before,
            after=after,
            request_id=request_id,
            source_ip=source_ip,
        )

        audit_event_out.additional_properties = d
        return audit_event_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
