from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.member_in_role import MemberInRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberIn")


@_attrs_define
class MemberIn:
    """
    Attributes:
        email (str):
        password (str):
        role (MemberInRole):
        name (str | Unset):  Default: ''.
    """

    email: str
    password: str
    role: MemberInRole
    name: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        role = self.role.value

        name = self.name

        field_dict: dict[str, Any] = {}

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

        role = MemberInRole(d.pop("role"))

        name = d.pop("name", UNSET)

        member_in = cls(
            email=email,
            password=password,
            role=role,
            name=name,
        )

        return member_in
