from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.me_out_authenticatedwith import MeOutAuthenticatedwith
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.organization_ref import OrganizationRef
    from ..models.user_out import UserOut


T = TypeVar("T", bound="MeOut")


@_attrs_define
class MeOut:
    """
    Attributes:
        authenticated_with (MeOutAuthenticatedwith):
        role (str):
        organization (OrganizationRef):
        user (None | Unset | UserOut):
        api_key_id (None | str | Unset):
    """

    authenticated_with: MeOutAuthenticatedwith
    role: str
    organization: OrganizationRef
    user: None | Unset | UserOut = UNSET
    api_key_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_out import UserOut  # noqa: PLC0415

        authenticated_with = self.authenticated_with.value

        role = self.role

        organization = self.organization.to_dict()

        user: dict[str, Any] | None | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        elif isinstance(self.user, UserOut):
            user = self.user.to_dict()
        else:
            user = self.user

        api_key_id: None | str | Unset
        if isinstance(self.api_key_id, Unset):
            api_key_id = UNSET
        else:
            api_key_id = self.api_key_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authenticatedWith": authenticated_with,
                "role": role,
                "organization": organization,
            }
        )
        if user is not UNSET:
            field_dict["user"] = user
        if api_key_id is not UNSET:
            field_dict["apiKeyId"] = api_key_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_ref import OrganizationRef  # noqa: PLC0415
        from ..models.user_out import UserOut  # noqa: PLC0415

        d = dict(src_dict)
        authenticated_with = MeOutAuthenticatedwith(d.pop("authenticatedWith"))

        role = d.pop("role")

        organization = OrganizationRef.from_dict(d.pop("organization"))

        def _parse_user(data: object) -> None | Unset | UserOut:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_type_0 = UserOut.from_dict(data)

                return user_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserOut, data)

        user = _parse_user(d.pop("user", UNSET))

        def _parse_api_key_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_key_id = _parse_api_key_id(d.pop("apiKeyId", UNSET))

        me_out = cls(
            authenticated_with=authenticated_with,
            role=role,
            organization=organization,
            user=user,
            api_key_id=api_key_id,
        )

        me_out.additional_properties = d
        return me_out

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
