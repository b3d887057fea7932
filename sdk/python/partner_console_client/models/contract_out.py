from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContractOut")


@_attrs_define
class ContractOut:
    """
    Attributes:
        allocated_capacity (int):
        cost_egress_gb_cents (float | int): Always 0.
        cost_storage_gb_cents (float | int):
        currency (str):
        details (str):
        distributor_id (str):
        id (str):
        reserved_capacity (int):
        organization_id (str):
        partner_count (int):
        used_capacity (int):
        usage_updated_at (None | str):
        start_date (str):
        end_date (str):
        created_at (str):
        updated_at (str):
    """

    allocated_capacity: int
    cost_egress_gb_cents: float | int
    cost_storage_gb_cents: float | int
    currency: str
    details: str
    distributor_id: str
    id: str
    reserved_capacity: int
    organization_id: str
    partner_count: int
    used_capacity: int
    usage_updated_at: None | str
    start_date: str
    end_date: str
    created_at: str
    updated_at: str
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

        organization_id = self.organization_id

        partner_count = self.partner_count

        used_capacity = self.used_capacity

        usage_updated_at: None | str
        usage_updated_at = self.usage_updated_at

        start_date = self.start_date

        end_date = self.end_date

        created_at = self.created_at

        updated_at = self.updated_at

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
                "organizationId": organization_id,
                "partnerCount": partner_count,
                "usedCapacity": used_capacity,
                "usageUpdatedAt": usage_updated_at,
                "startDate": start_date,
                "endDate": end_date,
                "createdAt": created_at,
                "updatedAt": updated_at,
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

        organization_id = d.pop("organizationId")

        partner_count = d.pop("partnerCount")

        used_capacity = d.pop("usedCapacity")

        def _parse_usage_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        usage_updated_at = _parse_usage_updated_at(d.pop("usageUpdatedAt"))

        start_date = d.pop("startDate")

        end_date = d.pop("endDate")

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        contract_out = cls(
            allocated_capacity=allocated_capacity,
            cost_egress_gb_cents=cost_egress_gb_cents,
            cost_storage_gb_cents=cost_storage_gb_cents,
            currency=currency,
            details=details,
            distributor_id=distributor_id,
            id=id,
            reserved_capacity=reserved_capacity,
            organization_id=organization_id,
            partner_count=partner_count,
            used_capacity=used_capacity,
            usage_updated_at=usage_updated_at,
            start_date=start_date,
            end_date=end_date,
            created_at=created_at,
            updated_at=updated_at,
        )

        contract_out.additional_properties = d
        return contract_out

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
