from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AlertRuleOut")


@_attrs_define
class AlertRuleOut:
    """
    Attributes:
        id (str):
        organization_id (str):
        target_type (str):
        target_id (None | str):
        threshold_percent (int):
        email_recipients (list[str] | None):
        created_at (str):
    """

    id: str
    organization_id: str
    target_type: str
    target_id: None | str
    threshold_percent: int
    email_recipients: list[str] | None
    created_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        organization_id = self.organization_id

        target_type = self.target_type

        target_id: None | str
        target_id = self.target_id

        threshold_percent = self.threshold_percent

        email_recipients: list[str] | None
        if isinstance(self.email_recipients, list):
            email_recipients = self.email_recipients

        else:
            email_recipients = self.email_recipients

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organizationId": organization_id,
                "targetType": target_type,
                "targetId": target_id,
                "thresholdPercent": threshold_percent,
                "emailRecipients": email_recipients,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        organization_id = d.pop("organizationId")

        target_type = d.pop("targetType")

        def _parse_target_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_id = _parse_target_id(d.pop("targetId"))

        threshold_percent = d.pop("thresholdPercent")

        def _parse_email_recipients(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                email_recipients_type_0 = cast(list[str], data)

                return email_recipients_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        email_recipients = _parse_email_recipients(d.pop("emailRecipients"))

        created_at = d.pop("createdAt")

        alert_rule_out = cls(
            id=id,
            organization_id=organization_id,
            target_type=target_type,
            target_id=target_id,
            threshold_percent=threshold_percent,
            email_recipients=email_recipients,
            created_at=created_at,
        )

        alert_rule_out.additional_properties = d
        return alert_rule_out

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
