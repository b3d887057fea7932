from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerIn")


@_attrs_define
class PartnerIn:
    """``api.CreatePartnerReqBody``.

    Attributes:
        allocated_capacity (int): 0 means Pay-per-Use.
        distributor_contract_id (str):
        name (str):
        allow_overdraft (bool | Unset):  Default: False.
    """

    allocated_capacity: int
    distributor_contract_id: str
    name: str
    allow_overdraft: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity = self.allocated_capacity

        distributor_contract_id = self.distributor_contract_id

        name = self.name

        allow_overdraft = self.allow_overdraft

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocatedCapacity": allocated_capacity,
                "distributorContractId": distributor_contract_id,
                "name": name,
            }
        )
        if allow_overdraft is not UNSET:
            field_dict["allowOverdraft"] = allow_overdraft

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocated_capacity = d.pop("allocatedCapacity")

        distributor_contract_id = d.pop("distributorContractId")

        name = d.pop("name")

        allow_overdraft = d.pop("allowOverdraft", UNSET)

        partner_in = cls(
            allocated_capacity=allocated_capacity,
            distributor_contract_id=distributor_contract_id,
            name=name,
            allow_overdraft=allow_overdraft,
        )

        partner_in.additional_properties = d
        return partner_in

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
