from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerPutIn")


@_attrs_define
class PartnerPutIn:
    """``api.UpdatePartnerReqBody`` plus ``allowOverdraft``; every field is optional.

    Attributes:
        allocated_capacity (int | None | Unset):
        name (None | str | Unset):
        allow_overdraft (bool | None | Unset):
    """

    allocated_capacity: int | None | Unset = UNSET
    name: None | str | Unset = UNSET
    allow_overdraft: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity: int | None | Unset
        if isinstance(self.allocated_capacity, Unset):
            allocated_capacity = UNSET
        else:
            allocated_capacity = self.allocated_capacity

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        allow_overdraft: bool | None | Unset
        if isinstance(self.allow_overdraft, Unset):
            allow_overdraft = UNSET
        else:
            allow_overdraft = self.allow_overdraft

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if allocated_capacity is not UNSET:
            field_dict["allocatedCapacity"] = allocated_capacity
        if name is not UNSET:
            field_dict["name"] = name
        if allow_overdraft is not UNSET:
            field_dict["allowOverdraft"] = allow_overdraft

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_allocated_capacity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        allocated_capacity = _parse_allocated_capacity(d.pop("allocatedCapacity", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_allow_overdraft(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        allow_overdraft = _parse_allow_overdraft(d.pop("allowOverdraft", UNSET))

        partner_put_in = cls(
            allocated_capacity=allocated_capacity,
            name=name,
            allow_overdraft=allow_overdraft,
        )

        partner_put_in.additional_properties = d
        return partner_put_in

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
