from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.api_key_in_role_type_0 import ApiKeyInRoleType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiKeyIn")


@_attrs_define
class ApiKeyIn:
    """
    Attributes:
        description (str):
        expires_at (datetime.datetime): Mandatory; RFC 3339 (UTC if no offset).
        role (ApiKeyInRoleType0 | None | Unset): Defaults to your own role; never above it.
    """

    description: str
    expires_at: datetime.datetime
    role: ApiKeyInRoleType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        expires_at = self.expires_at.isoformat()

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, ApiKeyInRoleType0):
            role = self.role.value
        else:
            role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "expiresAt": expires_at,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        def _parse_role(data: object) -> ApiKeyInRoleType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = ApiKeyInRoleType0(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApiKeyInRoleType0 | None | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        api_key_in = cls(
            description=description,
            expires_at=expires_at,
            role=role,
        )

        return api_key_in
