from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="IcmcContractOut")


@_attrs_define
class IcmcContractOut:
    """``api.DistributorContractResponse``.

    Attributes:
        allocated_capacity (int):
        cost_egress_gb_cents (float | int): Always 0.
        cost_storage_gb_cents (float | int):
        currency (str):
        details (str):
        distributor_id (str):
        id (str):
        reserved_capacity (int):
    """

    allocated_capacity: int
    cost_egress_gb_cents: float | int
    cost_storage_gb_cents: float | int
    currency: str
    details: str
    distributor_id: str
    id: str
    reserved_capacity: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity = self.allocated_capacity

        cost_egress_gb_cents: float | int
        cost_egress_gb_cents = self.cost_egress_gb_cents

        cost_storage_gb_cents: float | int
        cost_storage_gb_cents = self.cost_storage_gb_cents

        currency = self.currency

        details = self.details

        distributor_id = self.distributor_id

        id = self.id

        reserved_capacity = self.reserved_capacity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocatedCapacity": allocated_capacity,
                "costEgressGBCents": cost_egress_gb_cents,
                "costStorageGBCents": cost_storage_gb_cents,
                "currency": currency,
                "details": details,
                "distributorId": distributor_id,
                "id": id,
                "reservedCapacity": reserved_capacity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocated_capacity = d.pop("allocatedCapacity")

        def _parse_cost_egress_gb_cents(data: object) -> float | int:
            return cast(float | int, data)

        cost_egress_gb_cents = _parse_cost_egress_gb_cents(d.pop("costEgressGBCents"))

        def _parse_cost_storage_gb_cents(data: object) -> float | int:
            return cast(float | int, data)

        cost_storage_gb_cents = _parse_cost_storage_gb_cents(d.pop("costStorageGBCents"))

        currency = d.pop("currency")

        details = d.pop("details")

        distributor_id = d.pop("distributorId")

        id = d.pop("id")

        reserved_capacity = d.pop("reservedCapacity")

        icmc_contract_out = cls(
            allocated_capacity=allocated_capacity,
            cost_egress_gb_cents=cost_egress_gb_cents,
            cost_storage_gb_cents=cost_storage_gb_cents,
            currency=currency,
            details=details,
            distributor_id=distributor_id,
            id=id,
            reserved_capacity=reserved_capacity,
        )

        icmc_contract_out.additional_properties = d
        return icmc_contract_out

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
