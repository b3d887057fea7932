from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_out_second_factors_item import MemberOutSecondFactorsItem
from ..models.member_out_status import MemberOutStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberOut")


@_attrs_define
class MemberOut:
    """
    Attributes:
        id (str):
        email (str):
        name (str):
        role (str):
        organization_id (str):
        created_at (str):
        updated_at (str):
        second_factors (list[MemberOutSecondFactorsItem] | Unset): The second factors the person has set up.
        status (MemberOutStatus | Unset): `invited`: added by invitation, not accepted yet (cannot sign in). Default:
            MemberOutStatus.ACTIVE.
        invitation_expires_at (None | str | Unset): While invited: when the invitation link stops working.
    """

    id: str
    email: str
    name: str
    role: str
    organization_id: str
    created_at: str
    updated_at: str
    second_factors: list[MemberOutSecondFactorsItem] | Unset = UNSET
    status: MemberOutStatus | Unset = MemberOutStatus.ACTIVE
    invitation_expires_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        name = self.name

        role = self.role

        organization_id = self.organization_id

        created_at = self.created_at

        updated_at = self.updated_at

        second_factors: list[str] | Unset = UNSET
        if not isinstance(self.second_factors, Unset):
            second_factors = []
            for second_factors_item_data in self.second_factors:
                second_factors_item = second_factors_item_data.value
                second_factors.append(second_factors_item)

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        invitation_expires_at: None | str | Unset
        if isinstance(self.invitation_expires_at, Unset):
            invitation_expires_at = UNSET
        else:
            invitation_expires_at = self.invitation_expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "name": name,
                "role": role,
                "organizationId": organization_id,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )
        if second_factors is not UNSET:
            field_dict["secondFactors"] = second_factors
        if status is not UNSET:
            field_dict["status"] = status
        if invitation_expires_at is not UNSET:
            field_dict["invitationExpiresAt"] = invitation_expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        name = d.pop("name")

        role = d.pop("role")

        organization_id = d.pop("organizationId")

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        _second_factors = d.pop("secondFactors", UNSET)
        second_factors: list[MemberOutSecondFactorsItem] | Unset = UNSET
        if _second_factors is not UNSET:
            second_factors = []
            for second_factors_item_data in _second_factors:
                second_factors_item = MemberOutSecondFactorsItem(second_factors_item_data)

                second_factors.append(second_factors_item)

        _status = d.pop("status", UNSET)
        status: MemberOutStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = MemberOutStatus(_status)

        def _parse_invitation_expires_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invitation_expires_at = _parse_invitation_expires_at(d.pop("invitationExpiresAt", UNSET))

        member_out = cls(
            id=id,
            email=email,
            name=name,
            role=role,
            organization_id=organization_id,
            created_at=created_at,
            updated_at=updated_at,
            second_factors=second_factors,
            status=status,
            invitation_expires_at=invitation_expires_at,
        )

        member_out.additional_properties = d
        return member_out

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
