from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.member_in_role import MemberInRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberIn")


@_attrs_define
class MemberIn:
    """
    Attributes:
        email (str):
        role (MemberInRole):
        name (str | Unset):  Default: ''.
        password (None | str | Unset): The initial password; leave it out with `invite`.
        invite (bool | Unset): Send the person an e-mail invitation instead of setting a password: a single-use link,
            valid 7 days, to a page where they choose their own. Default: False.
    """

    email: str
    role: MemberInRole
    name: str | Unset = ""
    password: None | str | Unset = UNSET
    invite: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role = self.role.value

        name = self.name

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        invite = self.invite

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "role": role,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if password is not UNSET:
            field_dict["password"] = password
        if invite is not UNSET:
            field_dict["invite"] = invite

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        role = MemberInRole(d.pop("role"))

        name = d.pop("name", UNSET)

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        invite = d.pop("invite", UNSET)

        member_in = cls(
            email=email,
            role=role,
            name=name,
            password=password,
            invite=invite,
        )

        return member_in
