from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContractOverviewOut")


@_attrs_define
class ContractOverviewOut:
    """
    Attributes:
        reserved_capacity (int):
        allocated_capacity (int):
        unallocated_capacity (int): Extension: reserved capacity not yet allocated to partners (headroom).
        used_capacity (int):
        excess_usage_fee_cents (int):
        currency (str):
        partner_count (int):
        usage_updated_at (None | str):
    """

    reserved_capacity: int
    allocated_capacity: int
    unallocated_capacity: int
    used_capacity: int
    excess_usage_fee_cents: int
    currency: str
    partner_count: int
    usage_updated_at: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reserved_capacity = self.reserved_capacity

        allocated_capacity = self.allocated_capacity

        unallocated_capacity = self.unallocated_capacity

        used_capacity = self.used_capacity

        excess_usage_fee_cents = self.excess_usage_fee_cents

        currency = self.currency

        partner_count = self.partner_count

        usage_updated_at: None | str
        usage_updated_at = self.usage_updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reservedCapacity": reserved_capacity,
                "allocatedCapacity": allocated_capacity,
                "unallocatedCapacity": unallocated_capacity,
                "usedCapacity": used_capacity,
                "excessUsageFeeCents": excess_usage_fee_cents,
                "currency": currency,
                "partnerCount": partner_count,
                "usageUpdatedAt": usage_updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reserved_capacity = d.pop("reservedCapacity")

        allocated_capacity = d.pop("allocatedCapacity")

        unallocated_capacity = d.pop("unallocatedCapacity")

        used_capacity = d.pop("usedCapacity")

        excess_usage_fee_cents = d.pop("excessUsageFeeCents")

        currency = d.pop("currency")

        partner_count = d.pop("partnerCount")

        def _parse_usage_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        usage_updated_at = _parse_usage_updated_at(d.pop("usageUpdatedAt"))

        contract_overview_out = cls(
            reserved_capacity=reserved_capacity,
            allocated_capacity=allocated_capacity,
            unallocated_capacity=unallocated_capacity,
            used_capacity=used_capacity,
            excess_usage_fee_cents=excess_usage_fee_cents,
            currency=currency,
            partner_count=partner_count,
            usage_updated_at=usage_updated_at,
        )

        contract_overview_out.additional_properties = d
        return contract_overview_out

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
