from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.target_type import TargetType
from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertRuleIn")


@_attrs_define
class AlertRuleIn:
    """
    Attributes:
        target_type (TargetType):
        threshold_percent (int): 1 to 1000.
        target_id (None | str | Unset): One entity in your scope; omitted: every entity of that type in scope.
        email_recipients (list[str] | None | Unset): Omitted: your organization's admins.
    """

    target_type: TargetType
    threshold_percent: int
    target_id: None | str | Unset = UNSET
    email_recipients: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        target_type = self.target_type.value

        threshold_percent = self.threshold_percent

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        else:
            target_id = self.target_id

        email_recipients: list[str] | None | Unset
        if isinstance(self.email_recipients, Unset):
            email_recipients = UNSET
        elif isinstance(self.email_recipients, list):
            email_recipients = self.email_recipients

        else:
            email_recipients = self.email_recipients

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "targetType": target_type,
                "thresholdPercent": threshold_percent,
            }
        )
        if target_id is not UNSET:
            field_dict["targetId"] = target_id
        if email_recipients is not UNSET:
            field_dict["emailRecipients"] = email_recipients

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        target_type = TargetType(d.pop("targetType"))

        threshold_percent = d.pop("thresholdPercent")

        def _parse_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_id = _parse_target_id(d.pop("targetId", UNSET))

        def _parse_email_recipients(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                email_recipients_type_0 = cast(list[str], data)

                return email_recipients_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        email_recipients = _parse_email_recipients(d.pop("emailRecipients", UNSET))

        alert_rule_in = cls(
            target_type=target_type,
            threshold_percent=threshold_percent,
            target_id=target_id,
            email_recipients=email_recipients,
        )

        return alert_rule_in
