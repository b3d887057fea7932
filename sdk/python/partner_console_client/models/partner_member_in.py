from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.partner_member_in_role import PartnerMemberInRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerMemberIn")


@_attrs_define
class PartnerMemberIn:
    """``api.CreateMemberReqBody`` (an ICMC operation: unknown fields are ignored; the password
    is required, as in the vendor's API: invitations go through
    ``POST /v1/organizations/{id}/members``).

        Attributes:
            email (str):
            password (str):
            role (PartnerMemberInRole):
            name (str | Unset):  Default: ''.
    """

    email: str
    password: str
    role: PartnerMemberInRole
    name: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        role = self.role.value

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "password": password,
                "role": role,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        role = PartnerMemberInRole(d.pop("role"))

        name = d.pop("name", UNSET)

        partner_member_in = cls(
            email=email,
            password=password,
            role=role,
            name=name,
        )

        partner_member_in.additional_properties = d
        return partner_member_in

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
