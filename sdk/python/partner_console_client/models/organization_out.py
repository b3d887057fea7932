from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganizationOut")


@_attrs_define
class OrganizationOut:
    """
    Attributes:
        id (str):
        type_ (str):
        name (str):
        parent_id (None | str):
        created_at (str):
        updated_at (str):
        contract_id (None | str | Unset):
        require_mfa (bool | Unset):  Default: False.
    """

    id: str
    type_: str
    name: str
    parent_id: None | str
    created_at: str
    updated_at: str
    contract_id: None | str | Unset = UNSET
    require_mfa: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        name = self.name

        parent_id: None | str
        parent_id = self.parent_id

        created_at = self.created_at

        updated_at = self.updated_at

        contract_id: None | str | Unset
        if isinstance(self.contract_id, Unset):
            contract_id = UNSET
        else:
            contract_id = self.contract_id

        require_mfa = self.require_mfa

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "name": name,
                "parentId": parent_id,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )
        if contract_id is not UNSET:
            field_dict["contractId"] = contract_id
        if require_mfa is not UNSET:
            field_dict["requireMfa"] = require_mfa

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        name = d.pop("name")

        def _parse_parent_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parent_id = _parse_parent_id(d.pop("parentId"))

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        def _parse_contract_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contract_id = _parse_contract_id(d.pop("contractId", UNSET))

        require_mfa = d.pop("requireMfa", UNSET)

        organization_out = cls(
            id=id,
            type_=type_,
            name=name,
            parent_id=parent_id,
            created_at=created_at,
            updated_at=updated_at,
            contract_id=contract_id,
            require_mfa=require_mfa,
        )

        organization_out.additional_properties = d
        return organization_out

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
