from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerDayOut")


@_attrs_define
class PartnerDayOut:
    """
    Attributes:
        partner_id (str):
        usage (int):
        pay_per_use (bool | None | Unset): Billed as pay-per-use that day (at least 1 TB), as the aggregation recorded
            it; null for a day aggregated before that was recorded.
    """

    partner_id: str
    usage: int
    pay_per_use: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        partner_id = self.partner_id

        usage = self.usage

        pay_per_use: bool | None | Unset
        if isinstance(self.pay_per_use, Unset):
            pay_per_use = UNSET
        else:
            pay_per_use = self.pay_per_use

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "partnerId": partner_id,
                "usage": usage,
            }
        )
        if pay_per_use is not UNSET:
            field_dict["payPerUse"] = pay_per_use

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        partner_id = d.pop("partnerId")

        usage = d.pop("usage")

        def _parse_pay_per_use(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        pay_per_use = _parse_pay_per_use(d.pop("payPerUse", UNSET))

        partner_day_out = cls(
            partner_id=partner_id,
            usage=usage,
            pay_per_use=pay_per_use,
        )

        partner_day_out.additional_properties = d
        return partner_day_out

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
