from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ApiKeyCreatedOut")


@_attrs_define
class ApiKeyCreatedOut:
    """
    Attributes:
        id (str):
        description (str):
        role (str):
        created_at (str):
        created_by (str): Who created it (email or API key).
        created_by_id (None | str): The person the key acts for: its creator, or the person behind the key that created
            it. A key never changes this person's role, password or existence.
        expires_at (str):
        last_used_at (None | str):
        key (str): The secret. Shown this once; store it now.
    """

    id: str
    description: str
    role: str
    created_at: str
    created_by: str
    created_by_id: None | str
    expires_at: str
    last_used_at: None | str
    key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        description = self.description

        role = self.role

        created_at = self.created_at

        created_by = self.created_by

        created_by_id: None | str
        created_by_id = self.created_by_id

        expires_at = self.expires_at

        last_used_at: None | str
        last_used_at = self.last_used_at

        key = self.key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "description": description,
                "role": role,
                "createdAt": created_at,
                "createdBy": created_by,
                "createdById": created_by_id,
                "expiresAt": expires_at,
                "lastUsedAt": last_used_at,
                "key": key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        description = d.pop("description")

        role = d.pop("role")

        created_at = d.pop("createdAt")

        created_by = d.pop("createdBy")

        def _parse_created_by_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by_id = _parse_created_by_id(d.pop("createdById"))

        expires_at = d.pop("expiresAt")

        def _parse_last_used_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_used_at = _parse_last_used_at(d.pop("lastUsedAt"))

        key = d.pop("key")

        api_key_created_out = cls(
            id=id,
            description=description,
            role=role,
            created_at=created_at,
            created_by=created_by,
            created_by_id=created_by_id,
            expires_at=expires_at,
            last_used_at=last_used_at,
            key=key,
        )

        api_key_created_out.additional_properties = d
        return api_key_created_out

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
