from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DealOut")


@_attrs_define
class DealOut:
    """
    Attributes:
        id (str):
        organization_id (str):
        organization_name (str):
        customer_name (str):
        country (str):
        expected_capacity (int):
        expected_close_date (str):
        contract_type (str):
        special_pricing (bool):
        notes (str):
        status (str):
        status_reason (None | str):
        registered_by (str):
        created_at (str):
        updated_at (str):
    """

    id: str
    organization_id: str
    organization_name: str
    customer_name: str
    country: str
    expected_capacity: int
    expected_close_date: str
    contract_type: str
    special_pricing: bool
    notes: str
    status: str
    status_reason: None | str
    registered_by: str
    created_at: str
    updated_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        organization_id = self.organization_id

        organization_name = self.organization_name

        customer_name = self.customer_name

        country = self.country

        expected_capacity = self.expected_capacity

        expected_close_date = self.expected_close_date

        contract_type = self.contract_type

        special_pricing = self.special_pricing

        notes = self.notes

        status = self.status

        status_reason: None | str
        status_reason = self.status_reason

        registered_by = self.registered_by

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organizationId": organization_id,
                "organizationName": organization_name,
                "customerName": customer_name,
                "country": country,
                "expectedCapacity": expected_capacity,
                "expectedCloseDate": expected_close_date,
                "contractType": contract_type,
                "specialPricing": special_pricing,
                "notes": notes,
                "status": status,
                "statusReason": status_reason,
                "registeredBy": registered_by,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        organization_id = d.pop("organizationId")

        organization_name = d.pop("organizationName")

        customer_name = d.pop("customerName")

        country = d.pop("country")

        expected_capacity = d.pop("expectedCapacity")

        expected_close_date = d.pop("expectedCloseDate")

        contract_type = d.pop("contractType")

        special_pricing = d.pop("specialPricing")

        notes = d.pop("notes")

        status = d.pop("status")

        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("statusReason"))

        registered_by = d.pop("registeredBy")

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        deal_out = cls(
            id=id,
            organization_id=organization_id,
            organization_name=organization_name,
            customer_name=customer_name,
            country=country,
            expected_capacity=expected_capacity,
            expected_close_date=expected_close_date,
            contract_type=contract_type,
            special_pricing=special_pricing,
            notes=notes,
            status=status,
            status_reason=status_reason,
            registered_by=registered_by,
            created_at=created_at,
            updated_at=updated_at,
        )

        deal_out.additional_properties = d
        return deal_out

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
