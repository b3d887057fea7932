from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointOut")


@_attrs_define
class EndpointOut:
    """
    Attributes:
        id (str):
        organization_id (str):
        url (str):
        description (str):
        event_types (list[str]):
        enabled (bool):
        created_at (str):
        disabled_reason (None | str | Unset):
        failing_since (None | str | Unset):
        secret_rotated_until (None | str | Unset): Until when the previous secret also signs.
        secret (None | str | Unset): `whsec_…`: only in the answer to create and rotate-secret.
    """

    id: str
    organization_id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    created_at: str
    disabled_reason: None | str | Unset = UNSET
    failing_since: None | str | Unset = UNSET
    secret_rotated_until: None | str | Unset = UNSET
    secret: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        organization_id = self.organization_id

        url = self.url

        description = self.description

        event_types = self.event_types

        enabled = self.enabled

        created_at = self.created_at

        disabled_reason: None | str | Unset
        if isinstance(self.disabled_reason, Unset):
            disabled_reason = UNSET
        else:
            disabled_reason = self.disabled_reason

        failing_since: None | str | Unset
        if isinstance(self.failing_since, Unset):
            failing_since = UNSET
        else:
            failing_since = self.failing_since

        secret_rotated_until: None | str | Unset
        if isinstance(self.secret_rotated_until, Unset):
            secret_rotated_until = UNSET
        else:
            secret_rotated_until = self.secret_rotated_until

        secret: None | str | Unset
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organizationId": organization_id,
                "url": url,
                "description": description,
                "eventTypes": event_types,
                "enabled": enabled,
                "createdAt": created_at,
            }
        )
        if disabled_reason is not UNSET:
            field_dict["disabledReason"] = disabled_reason
        if failing_since is not UNSET:
            field_dict["failingSince"] = failing_since
        if secret_rotated_until is not UNSET:
            field_dict["secretRotatedUntil"] = secret_rotated_until
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        organization_id = d.pop("organizationId")

        url = d.pop("url")

        description = d.pop("description")

        event_types = cast(list[str], d.pop("eventTypes"))

        enabled = d.pop("enabled")

        created_at = d.pop("createdAt")

        def _parse_disabled_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabledReason", UNSET))

        def _parse_failing_since(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failing_since = _parse_failing_since(d.pop("failingSince", UNSET))

        def _parse_secret_rotated_until(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret_rotated_until = _parse_secret_rotated_until(d.pop("secretRotatedUntil", UNSET))

        def _parse_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))

        endpoint_out = cls(
            id=id,
            organization_id=organization_id,
            url=url,
            description=description,
            event_types=event_types,
            enabled=enabled,
            created_at=created_at,
            disabled_reason=disabled_reason,
            failing_since=failing_since,
            secret_rotated_until=secret_rotated_until,
            secret=secret,
        )

        endpoint_out.additional_properties = d
        return endpoint_out

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
